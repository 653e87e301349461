"""Issue 19: the statement reader runs in linear time. The search for a second goal joined by
"and" was rewritten to find the amounts once; it must answer exactly as the search it replaced,
which looked for an amount in the text before and after each joint (kept here as the oracle)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import ValidationError, check
from therapy_goals.smart import text as reader
from therapy_goals.smart.patterns import ACTION_FORMS, CONJUNCTION
from therapy_goals.smart.text import MAX_CHECKED_LENGTH

_SAME_ACTIVITY_BEFORE = re.compile(r"^\s*(?:it|them|this|that|about it|on it)\b")


def second_action_before(main: str, verbs: tuple[str, ...]) -> str | None:
    """The quadratic search of before issue 19, word for word."""
    if not verbs:
        return None
    for match in CONJUNCTION.finditer(main):
        verb = ACTION_FORMS.get(match[1])
        if verb is None or verb == verbs[0]:
            continue
        before, after = main[: match.start()], main[match.end() :]
        if _SAME_ACTIVITY_BEFORE.match(after):
            continue
        if reader._AMOUNT.search(before) and reader._AMOUNT.search(after):
            return verb
    return None


TOKENS = [
    "walk",
    "run",
    "eat",
    "read",
    "log",
    "meditate",
    "call",
    "and",
    "and also",
    "and then",
    "and to",
    "and i will",
    ",",
    ";",
    "plus",
    "as well as",
    "3",
    "10",
    "times",
    "a",
    "week",
    "daily",
    "every day",
    "each morning",
    "weekly",
    "on mondays",
    "it",
    "them",
    "that",
    "about it",
    "minutes",
    "twice",
    "x2",
    "",
]


@given(
    st.lists(st.sampled_from(TOKENS), max_size=14).map(" ".join),
    st.sampled_from([(), ("walk",), ("run",), ("eat",), ("read",)]),
)
def test_the_linear_search_answers_as_the_old_one(main: str, verbs: tuple[str, ...]) -> None:
    assert reader._second_action(main, verbs) == second_action_before(main, verbs)


@pytest.mark.parametrize(
    ("main", "expected"),
    [
        ("walk 3 times a week and eat 5 vegetables daily", "eat"),  # two goals
        ("walk 3 times a week and log it daily", None),  # the same activity
        ("walk and eat 5 vegetables daily", None),  # no amount of its own before "and"
        ("walk 3 times a week and eat vegetables", None),  # none after it
    ],
)
def test_a_second_goal_needs_an_amount_on_each_side(main: str, expected: str | None) -> None:
    assert reader._second_action(main, ("walk",)) == expected


def test_check_refuses_a_statement_longer_than_it_reads() -> None:
    longest = "walk " + "a" * (MAX_CHECKED_LENGTH - 5)
    assert check(longest, today=date(2026, 3, 2)).input == longest
    with pytest.raises(ValidationError) as raised:
        check(longest + "a", today=date(2026, 3, 2))
    assert str(raised.value) == (
        f"statement: is {MAX_CHECKED_LENGTH + 1:,} characters; check reads at most "
        f"{MAX_CHECKED_LENGTH:,} (a goal's statement holds at most 2,000): split it into goals"
    )


def test_check_reuses_one_checker_until_the_plugins_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``check()`` in a loop must not build a plug-in manager and a checker each call (issue 19:
    8-10 ms a call against 0.3-0.5 ms); it must still follow a change of plug-ins."""
    from therapy_goals.smart import engine

    monkeypatch.delenv("THERAPY_GOALS_DISABLE_PLUGINS", raising=False)
    first = engine._default_checker(None)
    assert engine._default_checker(None) is first
    assert check("I want to be happier", today=date(2026, 3, 2)).findings  # S, M, T unmet
    monkeypatch.setenv("THERAPY_GOALS_DISABLE_PLUGINS", "therapy_goals.smart.rules")
    assert engine._default_checker(None) is not first
    assert check("I want to be happier", today=date(2026, 3, 2)).findings == ()
