"""Strategies for the model types: goals, measures, steps, records and what happens over time.

Part of :mod:`therapy_goals.testing.strategies`; import from there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st  # the package's __init__ says if it is missing

from therapy_goals.model import (
    KNOWN_AREAS,
    AchievementStatus,
    Administration,
    ClientRecord,
    Correction,
    Direction,
    ExpressedBy,
    Goal,
    LifecycleStatus,
    Measure,
    ParameterValue,
    Period,
    Priority,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    Schedule,
    Step,
    StepCompletion,
    StepStatus,
    TemplateRef,
)

__all__ = [
    "administrations",
    "aware_datetimes",
    "client_records",
    "corrections",
    "dates",
    "goals",
    "ids",
    "measures",
    "numbers",
    "progress_entries",
    "register_type_strategies",
    "reviews",
    "schedules",
    "slugs",
    "step_completions",
    "steps",
    "template_refs",
    "texts",
]

_EARLIEST = date(2000, 1, 1)
_LATEST = date(2099, 12, 31)
_OFFSETS = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]


def texts(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """Free text that is not blank: statements, notes, actions. Any Unicode but surrogates."""
    return st.text(min_size=1, max_size=max_size).filter(str.strip)


def ids() -> st.SearchStrategy[str]:
    """Identifiers as apps use them: UUID hex strings or short readable ids."""
    readable = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=24)
    return st.uuids().map(lambda u: u.hex) | readable


def slugs() -> st.SearchStrategy[str]:
    """Lower-case codes such as areas and questionnaire codes."""
    return st.sampled_from(KNOWN_AREAS) | st.from_regex(
        r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True
    )


def numbers() -> st.SearchStrategy[float]:
    """Finite measure values: whole scores and fractional ratings."""
    return st.integers(-1_000, 1_000) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


def dates(*, min_value: date = _EARLIEST, max_value: date = _LATEST) -> st.SearchStrategy[date]:
    """Calendar dates from ``min_value`` to ``max_value``."""
    return st.dates(min_value=min_value, max_value=max_value)


def aware_datetimes(
    *, min_value: datetime | None = None, max_value: datetime | None = None
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes in UTC and two other fixed offsets (naive bounds are UTC)."""
    low = (min_value or datetime(2000, 1, 2)).replace(tzinfo=None)
    high = (max_value or datetime(2099, 12, 30)).replace(tzinfo=None)
    return st.datetimes(low, high, timezones=st.sampled_from(_OFFSETS))


def schedules(*, per: Period | None = None) -> st.SearchStrategy[Schedule]:
    """Step schedules, 1-7 times per day, week or month."""
    return st.builds(
        Schedule,
        count=st.integers(1, 7),
        per=st.just(per) if per is not None else st.sampled_from(Period),
    )


@st.composite
def _measures(draw: st.DrawFn, direction: Direction | None, complete: bool | None) -> Measure:
    chosen = direction if direction is not None else draw(st.sampled_from(Direction))
    with_values = complete if complete is not None else draw(st.booleans())
    baseline = draw(numbers()) if with_values else draw(st.none() | numbers())
    target = draw(numbers()) if with_values else draw(st.none() | numbers())
    moving = chosen in (Direction.DECREASE, Direction.INCREASE)
    if moving and target is not None and target == baseline:
        target = baseline + 1
    minimum = maximum = None
    if draw(st.booleans()):  # bounds around whatever values were drawn
        known = [v for v in (baseline, target) if v is not None]
        minimum = min(known, default=0.0) - draw(st.integers(0, 10))
        maximum = max(known, default=0.0) + draw(st.integers(1, 10))
    return Measure(
        name=draw(texts(max_size=40)),
        direction=chosen,
        unit=draw(st.none() | texts(max_size=12)),
        questionnaire=draw(st.none() | st.sampled_from(["phq9", "gad7"]) | slugs()),
        baseline=baseline,
        target=target,
        minimum=minimum,
        maximum=maximum,
    )


def measures(
    *, direction: Direction | None = None, complete: bool | None = None
) -> st.SearchStrategy[Measure]:
    """Measures; ``complete=True`` always has a baseline and a target, ``False`` may lack them."""
    return _measures(direction, complete)


def steps(*, due_by: date | None = None, step_id: str | None = None) -> st.SearchStrategy[Step]:
    """Action steps; with ``due_by``, any due date is on or before it."""
    due = st.none() | (dates(max_value=due_by) if due_by is not None else dates())
    return st.builds(
        Step,
        action=texts(),
        id=st.just(step_id) if step_id is not None else ids(),
        schedule=st.none() | schedules(),
        minutes=st.none() | st.integers(1, 240),
        due=due,
        status=st.sampled_from(StepStatus),
    )


def template_refs() -> st.SearchStrategy[TemplateRef]:
    """Template provenance with a few parameters of each allowed type."""
    values: st.SearchStrategy[ParameterValue] = (
        st.booleans() | st.integers(-100, 100) | texts(max_size=20) | numbers()
    )
    names = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True)
    return st.builds(
        TemplateRef,
        id=st.builds(lambda a, b: f"{a}.{b}", slugs(), slugs()),
        version=st.none() | st.just("1") | texts(max_size=8),
        parameters=st.dictionaries(names, values, max_size=4),
    )


@st.composite
def _goals(
    draw: st.DrawFn,
    client_id: str | None,
    status: LifecycleStatus | None,
    with_measure: bool | None,
    max_steps: int,
) -> Goal:
    goal_id = draw(ids())
    start = draw(dates(max_value=_LATEST - timedelta(days=800)))
    due = draw(st.none() | dates(min_value=start, max_value=start + timedelta(days=730)))
    measure: Any
    if with_measure is None:
        measure = draw(st.none() | measures())
    else:
        measure = draw(measures(complete=True)) if with_measure else None
    goal_steps = draw(
        st.lists(steps(due_by=due), max_size=max_steps, unique_by=lambda step: step.id)
    )
    created = draw(aware_datetimes())
    updated = created + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
    return Goal(
        id=goal_id,
        client_id=client_id if client_id is not None else draw(ids()),
        statement=draw(texts(max_size=120)),
        start=start,
        due=due,
        area=draw(st.none() | slugs()),
        why_it_matters=draw(st.none() | texts()),
        measure=measure,
        status=status if status is not None else draw(st.sampled_from(LifecycleStatus)),
        achievement=draw(st.none() | st.sampled_from(AchievementStatus)),
        priority=draw(st.none() | st.sampled_from(Priority)),
        parent_id=draw(st.none() | ids().filter(lambda parent: parent != goal_id)),
        steps=tuple(goal_steps),
        confidence=draw(st.none() | st.integers(0, 10)),
        importance=draw(st.none() | st.integers(0, 10)),
        expressed_by=draw(st.sampled_from(ExpressedBy)),
        tags=tuple(draw(st.lists(texts(max_size=12), max_size=3, unique=True))),
        template=draw(st.none() | template_refs()),
        notes=draw(st.none() | texts()),
        created=created,
        updated=updated,
        revision=draw(st.integers(1, 50)),
    )


def goals(
    *,
    client_id: str | None = None,
    status: LifecycleStatus | None = None,
    with_measure: bool | None = None,
    max_steps: int = 4,
) -> st.SearchStrategy[Goal]:
    """Valid goals, with every optional field sometimes set and sometimes not."""
    return _goals(client_id, status, with_measure, max_steps)


def corrections() -> st.SearchStrategy[Correction]:
    """Why, when and by whom a record was marked entered-in-error."""
    return st.builds(
        Correction, reason=texts(max_size=80), at=aware_datetimes(), by=st.none() | ids()
    )


@st.composite
def _administrations(draw: st.DrawFn, questionnaire: str | None) -> Administration:
    code = questionnaire if questionnaire is not None else draw(st.sampled_from(["phq9", "gad7"]))
    items = {"phq9": 9, "gad7": 7}.get(code, draw(st.integers(1, 12)))
    answers = tuple(draw(st.lists(st.integers(0, 3), min_size=items, max_size=items)))
    if draw(st.booleans()):  # sometimes only the total is known
        return Administration(questionnaire=code, total=sum(answers))
    return Administration(
        questionnaire=code,
        answers=answers,
        total=sum(answers),
        band=draw(st.none() | st.sampled_from(["minimal", "mild", "moderate", "severe"])),
        flags=tuple(draw(st.lists(texts(max_size=40), max_size=2))),
    )


def administrations(*, questionnaire: str | None = None) -> st.SearchStrategy[Administration]:
    """Completed questionnaires (PHQ-9 or GAD-7 shaped unless ``questionnaire`` names another):
    item answers whose total is their sum, and sometimes a band and flags."""
    return _administrations(questionnaire)


@st.composite
def _progress_entries(draw: st.DrawFn, goal_id: str | None) -> ProgressEntry:
    administration = draw(st.none() | administrations())
    return ProgressEntry(
        goal_id=goal_id if goal_id is not None else draw(ids()),
        value=administration.total if administration is not None else draw(numbers()),
        at=draw(aware_datetimes()),
        source=(
            ProgressSource.QUESTIONNAIRE
            if administration is not None
            else draw(st.sampled_from(ProgressSource))
        ),
        note=draw(st.none() | texts()),
        id=draw(ids()),
        baseline=draw(st.booleans()),
        administration=administration,
        entered_in_error=draw(st.none() | corrections()),
    )


def progress_entries(*, goal_id: str | None = None) -> st.SearchStrategy[ProgressEntry]:
    """Progress observations, for ``goal_id`` if given: sometimes a questionnaire administration,
    a baseline, or an entry marked entered-in-error."""
    return _progress_entries(goal_id)


@st.composite
def _reviews(draw: st.DrawFn, goal_id: str | None) -> Review:
    at = draw(aware_datetimes(max_value=datetime(2099, 1, 1)))
    return Review(
        goal_id=goal_id if goal_id is not None else draw(ids()),
        achievement=draw(st.sampled_from(AchievementStatus)),
        decision=draw(st.sampled_from(ReviewDecision)),
        at=at,
        attainment=draw(st.none() | st.integers(-2, 2)),
        notes=draw(st.none() | texts()),
        wins=tuple(draw(st.lists(texts(max_size=40), max_size=3))),
        next_review=draw(st.none() | dates(min_value=at.date())),
        id=draw(ids()),
        entered_in_error=draw(st.none() | corrections()),
    )


def reviews(*, goal_id: str | None = None) -> st.SearchStrategy[Review]:
    """Reviews of ``goal_id`` (or of any goal id)."""
    return _reviews(goal_id)


def step_completions(*, goal_id: str | None = None) -> st.SearchStrategy[StepCompletion]:
    """Records of whether a step happened on a day, for ``goal_id`` if given."""
    return st.builds(
        StepCompletion,
        goal_id=st.just(goal_id) if goal_id is not None else ids(),
        step_id=ids(),
        day=dates(),
        done=st.booleans(),
        note=st.none() | texts(),
        id=ids(),
        entered_in_error=st.none() | corrections(),
    )


@st.composite
def _client_records(draw: st.DrawFn, client_id: str | None, max_goals: int) -> ClientRecord:
    owner = client_id if client_id is not None else draw(ids())
    record_goals = draw(
        st.lists(goals(client_id=owner, max_steps=2), max_size=max_goals, unique_by=lambda g: g.id)
    )
    progress: list[ProgressEntry] = []
    record_reviews: list[Review] = []
    completions: list[StepCompletion] = []
    for goal in record_goals:
        progress += draw(st.lists(progress_entries(goal_id=goal.id), max_size=3))
        record_reviews += draw(st.lists(reviews(goal_id=goal.id), max_size=2))
        completions += draw(st.lists(step_completions(goal_id=goal.id), max_size=2))
    return ClientRecord(
        client_id=owner,
        goals=tuple(record_goals),
        progress=tuple(progress),
        reviews=tuple(record_reviews),
        completions=tuple(completions),
    )


def client_records(
    *, client_id: str | None = None, max_goals: int = 3
) -> st.SearchStrategy[ClientRecord]:
    """A client's whole record: goals, with progress entries and reviews that refer to them."""
    return _client_records(client_id, max_goals)


def register_type_strategies() -> None:
    """Make ``st.from_type(Goal)`` and friends draw from these strategies.

    Called by hypothesis itself through the ``hypothesis`` entry point, so a test suite needs no
    import of ours to use ``st.from_type``.
    """
    for kind, strategy in (
        (Goal, goals()),
        (Measure, measures()),
        (Step, steps()),
        (Schedule, schedules()),
        (TemplateRef, template_refs()),
        (ProgressEntry, progress_entries()),
        (Administration, administrations()),
        (Correction, corrections()),
        (Review, reviews()),
        (StepCompletion, step_completions()),
        (ClientRecord, client_records()),
    ):
        st.register_type_strategy(kind, strategy)
