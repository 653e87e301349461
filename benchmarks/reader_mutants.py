# ruff: noqa: E501 - one mutant per entry reads better than code broken over lines
"""Hand-made mutants of the statement reader: would the tests notice a plausible bug?

``python -m benchmarks.reader_mutants`` copies the package, applies one small, plausible mistake at
a time to the reader (``smart/text.py``, ``smart/patterns.py``, ``smart/dates.py``,
``smart/languages/en.toml``), runs the reader's tests against the copy, and counts the mutants the
tests kill. Issue 15 asks for at least 90%. It takes a few minutes, so it is not part of every CI
run; run it after changing the reader or its tests.

Each mutant is (file, text to find, text to put instead, what the mistake means). The first five
are the ones issue 15 names: 12 am read as noon, "below N" ignored, "twenty-five" misread, "every
other day" misread, the end-of-month clamp removed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMART = "src/therapy_goals/smart"
TESTS = [
    "tests/smart/test_reader.py",
    "tests/smart/test_labelled_statements.py",
    "tests/smart/test_rule_cases.py",
]

MUTANTS: list[tuple[str, str, str, str]] = [
    # The five of issue 15.
    (
        f"{SMART}/text.py",
        'hour = int(hour_12) % 12 + (12 if half == "pm" else 0)',
        'hour = int(hour_12) + (12 if half == "pm" and int(hour_12) != 12 else 0)',
        "12 am read as noon",
    ),
    (
        f"{SMART}/text.py",
        'strict = word in ("below", "under", "less than", "lower than", "<") and not or_less',
        "strict = False",
        '"below N" read as N',
    ),
    (
        f"{SMART}/patterns.py",
        r'rf"\b({TENS})[\s-]({UNITS})\b"',
        r'rf"\b({TENS})-({UNITS})\b"',
        '"twenty five" without a hyphen misread',
    ),
    (
        f"{SMART}/text.py",
        "return Frequency(15, Period.MONTH, phrase)",
        "return Frequency(1, Period.DAY, phrase)",
        '"every other day" read as daily',
    ),
    (
        f"{SMART}/dates.py",
        "return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))",
        "return date(year, month, start.day)",
        "the end-of-month clamp removed",
    ),
    # Times of day.
    (
        f"{SMART}/text.py",
        'return (time(0, 0) if word == "midnight" else time(12, 0))',
        "return time(12, 0)",
        "midnight read as noon",
    ),
    (
        f"{SMART}/text.py",
        "if int(hour_12) > 12:",
        "if False:",
        '"25 pm" accepted',
    ),
    (
        f"{SMART}/text.py",
        "if hour > 23 or minute > 59:",
        "if hour > 23:",
        "minute 75 accepted",
    ),
    (
        f"{SMART}/patterns.py",
        r"(?:[:.](\d{{2}}))?\s*(am|pm)",
        r"(?::(\d{{2}}))?\s*(am|pm)",
        '"6.30 am" not read',
    ),
    # Numbers.
    (
        f"{SMART}/patterns.py",
        '_MULTIPLIERS = {"hundred": 100, "thousand": 1000',
        '_MULTIPLIERS = {"hundred": 100, "thousand": 100',
        '"thousand" as a hundred',
    ),
    (f"{SMART}/languages/en.toml", "fifteen = 15", "fifteen = 50", '"fifteen" misread'),
    (
        f"{SMART}/patterns.py",
        r'(r"\ba couple of\b", "2")',
        r'(r"\ba couple of\b", "3")',
        '"a couple of" as three',
    ),
    (
        f"{SMART}/patterns.py",
        r'(r"\btwice\b", "2 times")',
        r'(r"\btwice\b", "1 times")',
        '"twice" as once',
    ),
    # Frequencies.
    (
        f"{SMART}/text.py",
        "return Frequency(count * 2, Period.MONTH, m[0].strip())",
        "return Frequency(count, Period.MONTH, m[0].strip())",
        '"a fortnight" as a month',
    ),
    (
        f"{SMART}/text.py",
        'if "weekday" in phrase:\n            return Frequency(5, Period.WEEK, phrase)',
        'if "weekday" in phrase:\n            return Frequency(7, Period.WEEK, phrase)',
        "weekdays as seven days",
    ),
    (
        f"{SMART}/text.py",
        'if "weekend" in phrase:\n            return Frequency(2, Period.WEEK, phrase)',
        'if "weekend" in phrase:\n            return Frequency(1, Period.WEEK, phrase)',
        "weekends as one day",
    ),
    (
        f"{SMART}/text.py",
        "per = Period.WEEK if window <= 7 else Period.MONTH\n            return Frequency(count, per, m[0].strip(), window)",
        "per = Period.WEEK\n            return Frequency(count, per, m[0].strip(), window)",
        '"26 out of 30 days" as per week',
    ),
    # Durations.
    (
        f"{SMART}/text.py",
        'minutes = round(amount * 60) if match[2].startswith("h") else round(amount)',
        "minutes = round(amount)",
        "hours read as minutes",
    ),
    (
        f"{SMART}/text.py",
        "return (minutes if minutes > 0 else None), not (is_limit or is_rest)",
        "return (minutes if minutes > 0 else None), True",
        "a limit read as effort",
    ),
    # Horizons and dates.
    (
        f"{SMART}/dates.py",
        'if unit == "week":\n        return safe(lambda: today + timedelta(weeks=amount))',
        'if unit == "week":\n        return safe(lambda: today + timedelta(days=amount))',
        "weeks read as days",
    ),
    (
        f"{SMART}/dates.py",
        "ahead = (vocab.WEEKDAYS.index(name) - today.weekday()) % 7 or 7",
        "ahead = (vocab.WEEKDAYS.index(name) - today.weekday()) % 7",
        '"by Monday" on a Monday as today',
    ),
    (
        f"{SMART}/text.py",
        'day_first = separator == "." or first > 12',
        "day_first = True",
        "03/01/2027 read day first",
    ),
    (
        f"{SMART}/text.py",
        'return safe(lambda: today + timedelta(days=6 - today.weekday() + 7 * step))\n        if unit == "month":\n            return safe(lambda: end_of_month(add_months(today, step)))\n        return safe(lambda: date(today.year + step, 12, 31))',
        'return safe(lambda: today + timedelta(days=7 - today.weekday() + 7 * step))\n        if unit == "month":\n            return safe(lambda: end_of_month(add_months(today, step)))\n        return safe(lambda: date(today.year + step, 12, 31))',
        "the end of the week a day late",
    ),
    (
        f"{SMART}/text.py",
        "if due is None and kind not in _UNDATED_KINDS:\n                continue",
        "if False:\n                continue",
        "an impossible date kept as a horizon",
    ),
    (
        f"{SMART}/text.py",
        'if groups[0] not in ("within", "in", "inside") and hours < 24:',
        "if hours < 0:",
        '"for 2 hours" read as a deadline',
    ),
    (
        f"{SMART}/text.py",
        "return safe(lambda: today + timedelta(days=7 * nth - 1))",
        "return safe(lambda: today + timedelta(days=7 * nth))",
        "the end of the first week a day late",
    ),
    # Scores.
    (
        f"{SMART}/text.py",
        'target = float(span[3]) - (\n            1 if span[2] and "or below" not in span[2] and "at or" not in span[2] else 0\n        )',
        "target = float(span[3])",
        '"from 18 to below 10" read as 10',
    ),
    (
        f"{SMART}/text.py",
        "target = value - 1 if strict else value\n        start = ahead.start()",
        "target = value\n        start = ahead.start()",
        '"score below 10 on the PHQ-9" read as 10',
    ),
    # What the words mean.
    (f"{SMART}/languages/en.toml", '"try to", "try and"', '"try and"', '"try to" no hedge'),
    (
        f"{SMART}/languages/en.toml",
        '"more", "less", "fewer"',
        '"less", "fewer"',
        '"more" no comparative',
    ),
    (
        f"{SMART}/languages/en.toml",
        '"learn about", "learn more about"',
        '"learn more about"',
        '"learn about" no learning aim',
    ),
    (
        f"{SMART}/languages/en.toml",
        '"sign up", "signing up", "book",',
        '"signing up",',
        '"sign up" and "book" not done once',
    ),
    (
        f"{SMART}/text.py",
        "if horizon is None and frequency is None and _is_deadline(time_phrase, main):",
        "if False:",
        '"by 7 am" for a task not a deadline',
    ),
    (
        f"{SMART}/text.py",
        "completion = None if frequency is not None else _completion(main, task)",
        "completion = _completion(main, task)",
        "a weekly action read as done once",
    ),
    (
        f"{SMART}/text.py",
        "comparatives=() if anchored else _comparatives(main),",
        "comparatives=_comparatives(main),",
        "anchored comparatives reported",
    ),
    (
        f"{SMART}/languages/en.toml",
        "smoke-free smoking sober sobriety vape",
        "smoke-free smoking vape",
        '"sober" not abstinence',
    ),
]


def run_mutant(index: int, mutant: tuple[str, str, str, str], work: Path) -> bool | None:
    """True if the tests kill the mutant, False if it survives, None if it does not apply."""
    path, old, new, _what = mutant
    target = work / path
    original = target.read_text()
    if original.count(old) != 1:
        return None
    target.write_text(original.replace(old, new))
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and tests, no shell
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-n",
                "0",
                "-p",
                "no:cacheprovider",
                *TESTS,
            ],
            cwd=ROOT,
            env={"PYTHONPATH": str(work / "src"), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        target.write_text(original)
    return finished.returncode != 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", type=int, nargs="*", help="mutant numbers to run")
    chosen = parser.parse_args().only
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "src", work / "src")
        killed = survived = skipped = 0
        for index, mutant in enumerate(MUTANTS, start=1):
            if chosen and index not in chosen:
                continue
            outcome = run_mutant(index, mutant, work)
            mark = {True: "killed", False: "SURVIVED", None: "does not apply"}[outcome]
            print(f"{index:>2}. {mark:<14} {mutant[3]}", flush=True)
            killed += outcome is True
            survived += outcome is False
            skipped += outcome is None
    tried = killed + survived
    rate = killed / tried if tried else 0.0
    print(
        f"\n{killed} of {tried} mutants killed ({rate:.0%}); {skipped} did not apply; "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0 if rate >= 0.9 and not skipped else 1


if __name__ == "__main__":
    sys.exit(main())
