"""Would a date library read horizons better than the reader's own patterns? (issue 15)

``pip install dateparser python-dateutil && python -m benchmarks.date_libraries`` reads every
statement of ``tests/data/reader-cases.toml`` that names a dated horizon with ``dateparser``
(``search_dates``, relative to the same Monday), with ``dateutil`` (``parse(fuzzy=True)``) and with
the reader, and prints how many dates each gets right and how long each takes. The libraries are
not dependencies: the script says so and stops when they are missing.
"""

from __future__ import annotations

import sys
import time
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from therapy_goals.smart.text import clear_statement_cache, read_statement

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "reader-cases.toml"
TODAY = date(2026, 3, 2)


def dated_cases() -> list[dict[str, Any]]:
    cases = tomllib.loads(CASES.read_text())["case"]
    return [
        case
        for case in cases
        if case.get("horizon") not in (None, "none", "undated") and "today" not in case
    ]


def main() -> int:
    try:
        from dateparser.search import search_dates  # noqa: PLC0415 - optional, for comparison
        from dateutil import parser as dateutil_parser  # noqa: PLC0415 - optional
    except ImportError:
        print("install dateparser and python-dateutil to compare: they are not dependencies")
        return 1
    cases = dated_cases()
    base = datetime.combine(TODAY, datetime.min.time())

    def by_dateparser(text: str) -> str:
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
        found = search_dates(text, settings=settings)
        return found[-1][1].date().isoformat() if found else "none"

    def by_dateutil(text: str) -> str:
        try:
            return str(dateutil_parser.parse(text, fuzzy=True, default=base).date().isoformat())
        except (ValueError, OverflowError):
            return "none"

    def by_reader(text: str) -> str:
        horizon = read_statement(text, TODAY).horizon
        return horizon.due.isoformat() if horizon and horizon.due else "none"

    clear_statement_cache()
    for name, read in (("dateparser", by_dateparser), ("dateutil", by_dateutil),
                       ("the reader", by_reader)):  # fmt: skip
        started = time.perf_counter()
        right = sum(read(case["text"]) == case["horizon"] for case in cases)
        each = (time.perf_counter() - started) / len(cases) * 1000
        print(f"{name:<11} {right:>3} of {len(cases)} dates right, {each:8.2f} ms a statement")
    return 0


if __name__ == "__main__":
    sys.exit(main())
