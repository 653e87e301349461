"""Strategies for the model types: goals, measures, steps, records and what happens over time.

Part of :mod:`therapy_goals.testing.strategies`; import from there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from typing import Any

from hypothesis import strategies as st  # the package's __init__ says if it is missing

from therapy_goals.model import (
    KNOWN_AREAS,
    AchievementStatus,
    Administration,
    ClientRecord,
    Coding,
    Correction,
    Direction,
    ExpressedBy,
    Goal,
    IfThenPlan,
    LifecycleStatus,
    Measure,
    ParameterValue,
    Period,
    PlanUse,
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
from therapy_goals.model.checks import LATEST_MOMENT

__all__ = [
    "administrations",
    "aware_datetimes",
    "client_records",
    "corrections",
    "dates",
    "goals",
    "ids",
    "if_then_plans",
    "measures",
    "numbers",
    "plan_uses",
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

# Each strategy function is cached and the composites below draw only from strategies built once:
# hypothesis validates every new strategy object, and building them inside a draw made a goal
# cost about 30 ms to generate instead of 2-3 ms (issue 16).

_NOT_SURROGATES = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_EARLIEST = date(1, 1, 3)
_LATEST = date(9999, 12, 29)
"""The dates every store keeps, a day in from the ends of the years 1-9999 so that a moment on
them in any offset is still inside the range the model accepts (see ``model.checks``)."""
_OFFSETS = [
    UTC,
    *(
        timezone(timedelta(hours=hours, minutes=minutes))
        for hours, minutes in ((5, 30), (-8, 0), (14, 0), (-12, 0), (5, 45), (-3, -30), (12, 45))
    ),
]
"""UTC and fixed offsets as real places use them: the extremes (+14:00 Kiribati, -12:00) and
the quarter and half hours (+05:45 Nepal, -03:30 Newfoundland, +12:45 Chatham Islands)."""


@cache
def texts(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """Free text that is not blank: statements, notes, actions. Any Unicode a store can keep: all
    but lone surrogates and NUL, which the model refuses."""
    # Every character but surrogates (by category, as hypothesis's default has it without the
    # seconds-long UTF-8 codec scan of a first run) and NUL.
    return st.text(_NOT_SURROGATES, min_size=1, max_size=max_size).filter(str.strip)


@cache
def ids() -> st.SearchStrategy[str]:
    """Identifiers as apps use them: UUID hex strings or short readable ids."""
    readable = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=24)
    return st.uuids().map(lambda u: u.hex) | readable


@cache
def slugs() -> st.SearchStrategy[str]:
    """Lower-case codes such as areas and questionnaire codes."""
    # The shape of r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", built without the (slow) regex
    # strategy.
    made = st.builds(
        lambda first, rest, parts: "-".join([first + rest, *parts]),
        st.sampled_from(_LOWER),
        st.text(_LOWER + _DIGITS, max_size=8),
        st.lists(st.text(_LOWER + _DIGITS, min_size=1, max_size=6), max_size=2),
    )
    return st.sampled_from(KNOWN_AREAS) | made


@cache
def numbers() -> st.SearchStrategy[float]:
    """Finite measure values: whole scores and fractional ratings."""
    return st.integers(-1_000, 1_000) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@cache
def dates(*, min_value: date = _EARLIEST, max_value: date = _LATEST) -> st.SearchStrategy[date]:
    """Calendar dates from ``min_value`` to ``max_value``."""
    return st.dates(min_value=min_value, max_value=max_value)


@cache
def aware_datetimes(
    *, min_value: datetime | None = None, max_value: datetime | None = None
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes in UTC and other fixed offsets (see ``_OFFSETS``) over the whole
    range the model accepts, years 1 to 9999, unless bounded (naive bounds are local times)."""
    low = (min_value or datetime.combine(_EARLIEST, time())).replace(tzinfo=None)
    high = (max_value or datetime.combine(_LATEST, time())).replace(tzinfo=None)
    return st.datetimes(low, high, timezones=st.sampled_from(_OFFSETS))


@cache
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
    extra: dict[str, Any] = {}
    if draw(_SOMETIMES):  # what other records say of a target: codes, a range, words
        extra["codes"] = tuple(draw(_CODING_LISTS))
        extra["unit_code"] = draw(_MAYBE_UNIT_CODE)
        drawn = (draw(_MAYBE_NUMBER), draw(_MAYBE_NUMBER))
        low_high: list[float] = sorted(float(v) for v in drawn if v is not None)
        if minimum is not None and maximum is not None:  # drawn together: keep inside them
            low_high = [min(max(v, minimum), maximum) for v in low_high]
        if low_high:
            extra["target_low"], extra["target_high"] = low_high[0], low_high[-1]
        extra["target_code"] = draw(st.none() | _CODINGS)
        extra["target_text"] = draw(st.none() | texts(max_size=40))
    return Measure(
        name=draw(texts(max_size=40)),
        direction=chosen,
        unit=draw(st.none() | texts(max_size=12)),
        questionnaire=draw(st.none() | st.sampled_from(["phq9", "gad7"]) | slugs()),
        baseline=baseline,
        target=target,
        minimum=minimum,
        maximum=maximum,
        **extra,
    )


_CODINGS = st.builds(
    Coding,
    system=st.sampled_from(["http://loinc.org", "http://snomed.info/sct", "urn:oid:1.2.3"]),
    code=st.text("0123456789-", min_size=1, max_size=10).filter(str.strip),
    display=st.none() | texts(max_size=30),
)
_CODING_LISTS = st.lists(_CODINGS, max_size=2)
_MAYBE_UNIT_CODE = st.sampled_from([None, "kg", "[lb_av]", "/wk", "{score}", "min"])
_MAYBE_NUMBER = st.none() | st.integers(-50, 200)
_SOMETIMES = st.integers(0, 3).map(lambda n: n == 0)


@cache
def measures(
    *, direction: Direction | None = None, complete: bool | None = None
) -> st.SearchStrategy[Measure]:
    """Measures; ``complete=True`` always has a baseline and a target, ``False`` may lack them."""
    return _measures(direction, complete)


@cache
def steps(*, due_by: date | None = None, step_id: str | None = None) -> st.SearchStrategy[Step]:
    """Action steps; with ``due_by``, any due date is on or before it."""
    due = st.none() | (dates(max_value=due_by) if due_by is not None else dates())
    return st.builds(
        Step,
        action=texts(),
        id=st.just(step_id) if step_id is not None else ids(),
        schedule=st.none() | schedules(),
        minutes=st.integers(0, 240).map(lambda minutes: minutes or None),
        due=due,
        status=st.sampled_from(StepStatus),
    )


@cache
def if_then_plans(*, step_ids: tuple[str, ...] = ()) -> st.SearchStrategy[IfThenPlan]:
    """If-then plans; with ``step_ids``, a plan is sometimes linked to one of those steps."""
    step_id = st.none() | st.sampled_from(step_ids) if step_ids else st.none()
    return st.builds(IfThenPlan, situation=texts(), response=texts(), id=ids(), step_id=step_id)


@cache
def template_refs() -> st.SearchStrategy[TemplateRef]:
    """Template provenance with a few parameters of each allowed type."""
    values: st.SearchStrategy[ParameterValue] = (
        st.booleans() | st.integers(-100, 100) | texts(max_size=20) | numbers()
    )
    names = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_LOWER),
        st.text(_LOWER + "_", max_size=15),
    )
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
    start = draw(_GOAL_STARTS)
    due_in = draw(_DUE_IN_DAYS)
    due = None if due_in is None else start + timedelta(days=due_in)
    measure: Any
    if with_measure is None:
        measure = draw(_MAYBE_MEASURE)
    else:
        measure = draw(measures(complete=True)) if with_measure else None
    goal_steps = [_due_by(step, due, before) for step, before in draw(_step_lists(max_steps))]
    created = draw(aware_datetimes())
    room = LATEST_MOMENT - created  # an update late in year 9999 stays inside the range
    updated = created + min(draw(_UPDATED_AFTER), room)
    parent_id = draw(_MAYBE_ID)
    step_ids = tuple(step.id for step in goal_steps)
    plans = draw(st.lists(if_then_plans(step_ids=step_ids), max_size=2, unique_by=lambda p: p.id))
    return Goal(
        id=goal_id,
        client_id=client_id if client_id is not None else draw(ids()),
        statement=draw(texts(max_size=120)),
        start=start,
        due=due,
        area=draw(_MAYBE_SLUG),
        why_it_matters=draw(_MAYBE_TEXT),
        measure=measure,
        status=status if status is not None else draw(_STATUSES),
        achievement=draw(_MAYBE_ACHIEVEMENT),
        priority=draw(_MAYBE_PRIORITY),
        parent_id=f"{parent_id}-parent" if parent_id == goal_id else parent_id,
        steps=tuple(goal_steps),
        plans=tuple(plans),
        obstacles=tuple(draw(_OBSTACLES)),
        supporters=tuple(draw(_SUPPORTERS)),
        confidence=draw(_MAYBE_RATING),
        importance=draw(_MAYBE_RATING),
        expressed_by=draw(_EXPRESSED_BY),
        tags=tuple(draw(_TAGS)),
        template=draw(_MAYBE_TEMPLATE),
        notes=draw(_MAYBE_TEXT),
        language=draw(_MAYBE_LANGUAGE),
        created=created,
        updated=updated,
        revision=draw(_REVISIONS),
    )


def _due_by(step: Step, due: date | None, before: int) -> Step:
    """``step`` with its due date moved to ``before`` days before the goal's, if it is later."""
    if due is None or step.due is None or step.due <= due:
        return step
    return Step(
        action=step.action,
        id=step.id,
        schedule=step.schedule,
        minutes=step.minutes,
        due=date.fromordinal(max(due.toordinal() - before, _EARLIEST.toordinal())),
        status=step.status,
    )


@cache
def _step_lists(max_steps: int) -> st.SearchStrategy[list[tuple[Step, int]]]:
    return st.lists(
        st.tuples(steps(), st.integers(0, 60)), max_size=max_steps, unique_by=lambda s: s[0].id
    )


_GOAL_STARTS = dates(max_value=_LATEST - timedelta(days=800))
_DUE_IN_DAYS = st.integers(-1, 730).map(lambda days: None if days < 0 else days)
_UPDATED_AFTER = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400))
_MAYBE_MEASURE = st.none() | measures()
_MAYBE_ID = st.none() | ids()
_MAYBE_SLUG = st.none() | slugs()
_MAYBE_TEXT = st.none() | texts()
# One draw for "none or a value" where the values are few: every draw costs generation time.
_MAYBE_RATING = st.sampled_from([None, *range(11)])
_MAYBE_ACHIEVEMENT = st.sampled_from([None, *AchievementStatus])
_MAYBE_PRIORITY = st.sampled_from([None, *Priority])
_MAYBE_TEMPLATE = st.none() | template_refs()
_STATUSES = st.sampled_from(LifecycleStatus)
_EXPRESSED_BY = st.sampled_from(ExpressedBy)
_MAYBE_LANGUAGE = st.one_of(
    st.none(),
    st.sampled_from(["en", "es", "de", "de-AT", "pt-BR", "yue"]),
    st.from_regex(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}", fullmatch=True),
)
_TAGS = st.lists(texts(max_size=12), max_size=3, unique=True)
_OBSTACLES = st.lists(texts(max_size=40), max_size=2, unique=True)
_SUPPORTERS = st.lists(texts(max_size=20), max_size=2, unique=True)
_REVISIONS = st.integers(1, 50)


@cache
def goals(
    *,
    client_id: str | None = None,
    status: LifecycleStatus | None = None,
    with_measure: bool | None = None,
    max_steps: int = 4,
) -> st.SearchStrategy[Goal]:
    """Valid goals, with every optional field sometimes set and sometimes not."""
    return _goals(client_id, status, with_measure, max_steps)


@cache
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


@cache
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


@cache
def progress_entries(*, goal_id: str | None = None) -> st.SearchStrategy[ProgressEntry]:
    """Progress observations, for ``goal_id`` if given: sometimes a questionnaire administration,
    a baseline, or an entry marked entered-in-error."""
    return _progress_entries(goal_id)


@st.composite
def _reviews(draw: st.DrawFn, goal_id: str | None) -> Review:
    at = draw(aware_datetimes(max_value=datetime(9999, 1, 1)))
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


@cache
def reviews(*, goal_id: str | None = None) -> st.SearchStrategy[Review]:
    """Reviews of ``goal_id`` (or of any goal id)."""
    return _reviews(goal_id)


@cache
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


@cache
def plan_uses(
    *, goal_id: str | None = None, plan_id: str | None = None
) -> st.SearchStrategy[PlanUse]:
    """Uses of an if-then plan, for ``goal_id`` and ``plan_id`` if given."""
    return st.builds(
        PlanUse,
        goal_id=st.just(goal_id) if goal_id is not None else ids(),
        plan_id=st.just(plan_id) if plan_id is not None else ids(),
        at=aware_datetimes(),
        helped=st.none() | st.booleans(),
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
    uses: list[PlanUse] = []
    for goal in record_goals:
        progress += draw(st.lists(progress_entries(goal_id=goal.id), max_size=3))
        record_reviews += draw(st.lists(reviews(goal_id=goal.id), max_size=2))
        completions += draw(st.lists(step_completions(goal_id=goal.id), max_size=2))
        for plan in goal.plans:  # uses of the goal's own plans, as a store would take them
            uses += draw(st.lists(plan_uses(goal_id=goal.id, plan_id=plan.id), max_size=1))
    return ClientRecord(
        client_id=owner,
        goals=tuple(record_goals),
        progress=tuple(progress),
        reviews=tuple(record_reviews),
        completions=tuple(completions),
        plan_uses=tuple(uses),
    )


@cache
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
        (IfThenPlan, if_then_plans()),
        (PlanUse, plan_uses()),
        (ClientRecord, client_records()),
    ):
        st.register_type_strategy(kind, strategy)
