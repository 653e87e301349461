"""The statement reader, read directly: a table of statements and the facts a person finds in them.

tests/data/reader-cases.toml was written by hand from the statements (see its header), not from
the reader's output; each case checks only the facts it names. Read on Monday 2026-03-02.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from therapy_goals.contracts.statements import StatementFacts
from therapy_goals.smart.text import read_statement

CASES = tomllib.loads((Path(__file__).parent.parent / "data" / "reader-cases.toml").read_text())[
    "case"
]
TODAY = date(2026, 3, 2)


def _frequency(facts: StatementFacts) -> str:
    f = facts.frequency
    if f is None:
        return "none"
    return f"{f.count}/{f.per.value}" + (f"/{f.window_days}" if f.window_days else "")


def _score(facts: StatementFacts) -> str:
    s = facts.score
    if s is None:
        return "none"

    def shown(value: float | None) -> str:
        return "?" if value is None else f"{value:g}"

    return f"{s.questionnaire} {shown(s.baseline)}->{shown(s.target)}"


def _horizon(facts: StatementFacts) -> str:
    if facts.horizon is None:
        return "none"
    return facts.horizon.due.isoformat() if facts.horizon.due else "undated"


READ: dict[str, Any] = {
    "frequency": _frequency,
    "duration": lambda f: "none" if f.duration_minutes is None else f.duration_minutes,
    "load": lambda f: f.duration_is_load,
    "time": lambda f: f.time_of_day.strftime("%H:%M") if f.time_of_day else "none",
    "horizon": _horizon,
    "start": lambda f: f.start.isoformat() if f.start else "none",
    "score": _score,
    "quantity": lambda f: (
        "none"
        if f.quantity is None
        else f"{f.quantity.value:g}/{f.quantity.per.value if f.quantity.per else 'none'}"
    ),
    "limit": lambda f: f.quantity is not None and f.quantity.is_limit,
    "direction": lambda f: f.change_direction.value if f.change_direction else "none",
    "vague": lambda f: bool(f.vague_phrases),
    "hedge": lambda f: bool(f.hedges),
    "comparative": lambda f: bool(f.comparatives),
    "insight": lambda f: bool(f.insight_phrases),
    "one_off": lambda f: f.completion is not None,
    "no_verb": lambda f: not f.action_verbs and not f.completion,
    "abstinence": lambda f: f.is_abstinence,
    "other": lambda f: f.other_person is not None,
    "second": lambda f: f.second_action or False,
    "absolute": lambda f: sorted(f.absolute_words),
    "area": lambda f: f.area or "none",
}


def _expected(case: dict[str, Any], name: str) -> Any:
    value = case[name]
    return sorted(value) if name == "absolute" else value


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_the_reader_finds_what_a_person_finds(case: dict[str, Any]) -> None:
    today = date.fromisoformat(case["today"]) if "today" in case else TODAY
    facts = read_statement(case["text"], today)
    for name in case:
        if name in ("text", "today"):
            continue
        if name == "verbs":
            assert set(case["verbs"]) <= set(facts.action_verbs), (name, facts.action_verbs)
            continue
        if name == "reason":
            found = facts.reason or False
            expected = case["reason"]
            assert (found is False) == (expected is False), (name, found)
            if expected:
                assert str(found).startswith(expected), (name, found)
            continue
        assert READ[name](facts) == _expected(case, name), (name, READ[name](facts))


def test_the_table_is_large_and_covers_every_kind_of_fact() -> None:
    assert len(CASES) >= 300
    named = {name for case in CASES for name in case} - {"text", "today"}
    assert named >= set(READ) | {"verbs", "reason"}


def test_every_phrase_of_every_word_list_can_be_found() -> None:
    """Phrases are looked up among a statement's runs of words: a phrase longer than the runs,
    or with a character no word holds, would never be found."""
    import re

    from therapy_goals.smart import vocabulary as vocab
    from therapy_goals.smart.patterns import MAX_PHRASE_WORDS, phrases_in

    lists = {n: getattr(vocab, n) for n in dir(vocab) if n.isupper()}
    for name, phrases in lists.items():
        if not isinstance(phrases, tuple) or not all(isinstance(p, str) for p in phrases):
            continue
        for phrase in phrases:
            assert len(phrase.split()) <= MAX_PHRASE_WORDS, (name, phrase)
            assert re.fullmatch(r"[\w'%-]+(?: [\w'%-]+)*", phrase), (name, phrase)
            assert phrases_in(f"x {phrase}, y", (phrase,)) == (phrase,), (name, phrase)
    # Words must be next to each other, with nothing but a space between.
    assert phrases_in("drink less: no more than 2", ("less no", "no more")) == ("no more",)
