"""Properties of checking that must hold for every goal and statement hypothesis can think of."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    Checker,
    Criterion,
    Direction,
    Goal,
    Measure,
    RuleContext,
    Selection,
    Severity,
    ValidationError,
    Verdict,
    get_plugin_manager,
)
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.testing import strategies as tgst

MANAGER = get_plugin_manager(load_entrypoints=False, environ={})
CHECKER = Checker(plugins=MANAGER, selection=Selection(preview=True))

contexts = st.builds(
    RuleContext,
    today=tgst.dates(),
    other_goals=st.lists(tgst.goals(max_steps=1), max_size=4).map(tuple),
    concerns=st.none() | st.lists(tgst.slugs(), max_size=3).map(tuple),
)


@given(tgst.goals(), contexts)
def test_no_rule_raises_on_any_valid_goal(goal: Goal, context: RuleContext) -> None:
    report = CHECKER.check(goal, context=context)
    assert set(report.verdicts) == set(Criterion)
    assert all(finding.message and finding.suggestion for finding in report.findings)


@given(st.text(max_size=300), tgst.dates())
def test_any_text_gives_a_report_or_the_library_error(text: str, today: date) -> None:
    if not text.strip():  # blank statements are refused
        with pytest.raises(ValidationError, match="statement: must not be blank"):
            CHECKER.check(text, today=today)
        return
    if "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text):
        # so is text no store could keep (issue 18): one rule for every text
        with pytest.raises(ValidationError, match="statement: must not hold"):
            CHECKER.check(text, today=today)
        return
    report = CHECKER.check(text, today=today)
    assert report.input == text
    assert set(report.verdicts) == set(Criterion)


@given(tgst.goals() | tgst.texts(max_size=300), contexts)
def test_checking_is_deterministic(subject: Goal | str, context: RuleContext) -> None:
    first = CHECKER.check(subject, context=context)
    again = Checker(plugins=MANAGER, selection=Selection(preview=True)).check(
        subject, context=context
    )
    assert first.findings == again.findings
    assert first.verdicts == again.verdicts
    assert list(first.findings) == sorted(first.findings, key=lambda f: f.sort_key())


@given(tgst.smart_goals())
def test_a_goal_built_to_be_smart_is_smart(goal: Goal) -> None:
    report = CHECKER.check(goal, context=RuleContext(today=goal.start))
    assert not report.has_errors, report.findings
    assert report.is_smart, (report.verdicts, report.findings)


@st.composite
def sound_measures(draw: st.DrawFn) -> Measure:
    direction = draw(st.sampled_from(Direction))
    baseline = draw(st.integers(0, 100))
    if direction is Direction.DECREASE:
        target = draw(st.integers(-100, baseline - 1))
    elif direction is Direction.INCREASE:
        target = draw(st.integers(baseline + 1, 200))
    else:
        target = draw(st.integers(-100, 200))
    return Measure(
        name=draw(tgst.texts(max_size=20)), direction=direction, baseline=baseline, target=target
    )


def _measurable_codes(goal: Goal, context: RuleContext) -> set[str]:
    report = CHECKER.check(goal, context=context)
    return {f.code for f in report.findings if f.criterion is Criterion.MEASURABLE}


@given(tgst.goals(with_measure=False), sound_measures(), contexts)
def test_adding_a_measure_never_adds_a_measurable_finding(
    goal: Goal, measure: Measure, context: RuleContext
) -> None:
    before = _measurable_codes(goal, context)
    after = _measurable_codes(attrs.evolve(goal, measure=measure), context)
    assert after <= before


@given(tgst.goals(), contexts)
def test_an_ignored_criterion_has_no_findings(goal: Goal, context: RuleContext) -> None:
    checker = Checker(plugins=MANAGER, selection=Selection(ignore=("achievable",)))
    report = checker.check(goal, context=context)
    assert all(f.criterion is not Criterion.ACHIEVABLE for f in report.findings)


@given(tgst.goals(), contexts)
def test_verdicts_follow_the_findings(goal: Goal, context: RuleContext) -> None:
    report = CHECKER.check(goal, context=context)
    for criterion, verdict in report.verdicts.items():
        serious = [
            f
            for f in report.findings
            if f.criterion is criterion and f.severity is not Severity.INFO
        ]
        assert (verdict is Verdict.UNMET) == bool(serious)


@given(tgst.smart_goals(), st.integers(1, 400))
def test_a_smart_goal_checked_after_its_due_date_is_past_due(goal: Goal, days: int) -> None:
    assert goal.due is not None
    report = CHECKER.check(goal, context=RuleContext(today=goal.due + timedelta(days=days)))
    assert "T102" in report.codes()
    assert report.verdicts[Criterion.TIME_BOUND] is Verdict.UNMET


# --- the statement reader's shortcuts find what the plain definitions find ----------------------


def _phrases_plainly(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    import re

    return tuple(p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text))


_PIECES = st.sampled_from(
    [
        *vocab.ABSOLUTE_WORDS,
        *vocab.AVOIDANCE_WORDS,
        *("to", "feel", "and", "and then", "plus", ";", ",", "-", "walk", "want to", "so that"),
        *("calm", "help", "x", "every", "no", "more", "less", "as well as", "try to", "rest"),
    ]
)
_TEXTS = st.lists(_PIECES, max_size=12).map(" ".join) | st.text(alphabet="atoefl ,;-", max_size=30)


@given(_TEXTS)
def test_phrase_search_finds_what_one_search_per_phrase_finds(text: str) -> None:
    from therapy_goals.smart.patterns import phrases_in

    for phrases in (vocab.ABSOLUTE_WORDS, vocab.AVOIDANCE_WORDS):
        assert phrases_in(text, phrases) == _phrases_plainly(text, phrases)


@pytest.mark.parametrize(
    ("name", "shortcut"), [("PURPOSE_TO", r"(?=to\s)"), ("CONJUNCTION", r"(?=[,;\s])")]
)
@given(text=_TEXTS)
def test_a_patterns_fail_fast_lookahead_changes_no_match(
    name: str, shortcut: str, text: str
) -> None:
    import re

    from therapy_goals.smart import patterns as reader

    pattern: re.Pattern[str] = getattr(reader, name)
    assert shortcut in pattern.pattern
    plain = re.compile(pattern.pattern.replace(shortcut, "", 1))
    fast, slow = pattern.search(text), plain.search(text)
    assert (fast and (fast.span(), fast.groups())) == (slow and (slow.span(), slow.groups()))


def test_the_statement_cache_is_bounded_and_can_be_cleared() -> None:
    from therapy_goals.smart import clear_statement_cache, read_statement
    from therapy_goals.smart.text import STATEMENT_CACHE_SIZE

    for n in range(STATEMENT_CACHE_SIZE + 50):
        read_statement(f"Walk {n} minutes a day", date(2026, 3, 2))
    assert read_statement.cache_info().currsize == STATEMENT_CACHE_SIZE
    clear_statement_cache()
    assert read_statement.cache_info().currsize == 0
