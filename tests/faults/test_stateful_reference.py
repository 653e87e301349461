"""Every backend against a reference model that shares no code with it.

The shipped contract compares each backend with ``MemoryStore``, which shares the checks of
``storage.base`` with it: a wrong check there would pass unnoticed. Here the reference is
:mod:`tests.faults.reference_model`, written from the documentation, and the machine drives add,
bulk add, updates (stale ones, forbidden status moves, a changed client), archive, delete,
progress and reviews (in the future, before the start, with a taken id), corrections, units of
work that commit or roll back, purges and reopening. After every step the store must hold what
the model holds: goals with their client, status, area, revision and archived flag, each
goal's history, and each record with its correction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from therapy_goals import (
    AchievementStatus,
    Goal,
    LifecycleStatus,
    ProgressEntry,
    Review,
    ReviewDecision,
    Store,
    TherapyGoalsError,
    open_store,
)

from .reference_model import ALLOWED_MOVES, ModelGoal, ReferenceStore, Refused

START = date(2026, 3, 2)
CLIENTS = ("ann", "bob", "cy")
IDS = st.sampled_from([f"g{n}" for n in range(5)])
STATUSES = st.sampled_from([status.value for status in LifecycleStatus])
AREAS = st.sampled_from(["sleep", "anxiety", None])
DAYS = st.integers(-3, 300)
"""Days after START: some before it, most after it, some (at 2026-11-30 and later) ahead of
today by more than a day."""


class Abandon(Exception):
    """Raised inside a unit of work to roll it back."""


def moment(day: int) -> datetime:
    return datetime.combine(START + timedelta(days=day), datetime.min.time(), UTC).replace(hour=9)


class AgainstTheReference(RuleBasedStateMachine):
    records = Bundle("records")

    def __init__(self, opener: Callable[[], Store]) -> None:
        super().__init__()
        self.opener = opener
        self.store = opener()
        self.model = ReferenceStore()
        self.counter = 0

    # --- doing one thing to both -----------------------------------------------------------------

    def both(self, on_store: Callable[[], Any], on_model: Callable[[], Any]) -> Any:
        """The store must do what the model does, or refuse with the error the model names."""
        try:
            expected = on_model()
        except Refused as refused:
            kind = refused.kind
        else:
            return expected, on_store()
        with pytest.raises(TherapyGoalsError) as raised:
            on_store()
        assert type(raised.value).__name__ == kind, raised.value
        return None

    def new_goal(self, goal_id: str, client: str) -> tuple[Goal, ModelGoal]:
        statement = f"Walk for 20 minutes, goal {goal_id} of {client}"
        made = Goal(
            id=goal_id,
            client_id=client,
            statement=statement,
            start=START,
            created=datetime(2026, 3, 2, 8, tzinfo=UTC),
        )
        return made, ModelGoal(client=client, status="proposed", start=START, statement=statement)

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # --- goals -------------------------------------------------------------------------------

    @rule(goal_id=IDS, client=st.sampled_from(CLIENTS))
    def add(self, goal_id: str, client: str) -> None:
        made, modelled = self.new_goal(goal_id, client)
        self.both(lambda: self.store.add(made), lambda: self.model.add(goal_id, modelled))

    @rule(goal_ids=st.lists(IDS, max_size=3), client=st.sampled_from(CLIENTS))
    def add_many(self, goal_ids: list[str], client: str) -> None:
        made = [self.new_goal(goal_id, client) for goal_id in goal_ids]
        result = self.both(
            lambda: self.store.add_many([goal for goal, _ in made]),
            lambda: self.model.add_many([(g.id, m) for g, m in made]),
        )
        if result is not None:
            assert result[0] == result[1]

    @rule(
        goal_id=IDS,
        status=STATUSES,
        area=AREAS,
        stale=st.booleans(),
        client=st.sampled_from(CLIENTS) | st.none(),
    )
    def update(
        self, goal_id: str, status: str, area: str | None, stale: bool, client: str | None
    ) -> None:
        held = self.model.goals.get(goal_id)
        if held is None:  # a goal the store does not have: any copy will do
            copy, _ = self.new_goal(goal_id, client or "ann")
        else:
            copy = self.store.get(goal_id)
        read_at = copy.revision - 1 if stale and copy.revision > 1 else copy.revision
        client = client or copy.client_id
        changed = attrs.evolve(
            copy, status=LifecycleStatus(status), area=area, revision=read_at, client_id=client
        )
        result = self.both(
            lambda: self.store.update(changed),
            lambda: self.model.update(goal_id, read_at, status=status, area=area, client=client),
        )
        if result is not None:
            assert result[1].revision == result[0]

    @rule(goal_id=IDS, picks=st.lists(st.integers(0, 8), min_size=1, max_size=4))
    def walk_the_lifecycle(self, goal_id: str, picks: list[int]) -> None:
        """Up to four moves the lifecycle table allows, one after the other, from where the
        goal is, and after each every move it forbids: random statuses alone seldom reach the
        later rows of the table."""
        for pick in picks:
            held = self.model.goals.get(goal_id)
            if held is None or not self.moves_from(held.status):
                return
            moves = sorted(self.moves_from(held.status))
            onward = [status for status in moves if ALLOWED_MOVES[status]]
            choices = onward if onward and pick < 6 else moves  # seldom into a dead end
            self.move(goal_id, choices[pick % len(choices)])
            self.try_forbidden_moves(goal_id)

    def try_forbidden_moves(self, goal_id: str) -> None:
        """Every status the goal's row of the table forbids: each must be refused."""
        held = self.model.goals[goal_id]
        for status in sorted(set(ALLOWED_MOVES) - self.moves_from(held.status) - {held.status}):
            self.move(goal_id, status)

    def moves_from(self, status: str) -> set[str]:
        """docs/concepts.md: the row of the table, and entered-in-error from anywhere else."""
        return ALLOWED_MOVES[status] | ({"entered-in-error"} - {status})

    def move(self, goal_id: str, status: str) -> None:
        current = self.store.get(goal_id)
        held = self.model.goals[goal_id]
        changed = attrs.evolve(current, status=LifecycleStatus(status))
        self.both(
            lambda: self.store.update(changed),
            lambda: self.model.update(
                goal_id, current.revision, status=status, area=current.area, client=held.client
            ),
        )

    @rule(goal_id=IDS)
    def archive(self, goal_id: str) -> None:
        self.both(lambda: self.store.archive(goal_id), lambda: self.model.archive(goal_id))

    @rule(goal_id=IDS)
    def delete(self, goal_id: str) -> None:
        self.both(lambda: self.store.delete(goal_id), lambda: self.model.delete(goal_id))

    @rule(client=st.sampled_from(CLIENTS))
    def purge(self, client: str) -> None:
        result = self.both(
            lambda: self.store.purge_client(client), lambda: self.model.purge(client)
        )
        assert result is not None
        assert result[0] == result[1]

    # --- records -------------------------------------------------------------------------------

    @rule(
        target=records,
        goal_id=IDS,
        day=DAYS,
        baseline=st.booleans(),
        review=st.booleans(),
        reuse=st.booleans(),
    )
    def record(self, goal_id: str, day: int, baseline: bool, review: bool, reuse: bool) -> Any:
        kind = "review" if review else "progress"
        content = (day,) if review else (3, day, baseline)  # what tells two copies apart
        record_id = f"{kind[0]}{self.counter}" if reuse and self.counter else self.next_id(kind[0])
        made: ProgressEntry | Review
        if review:
            made = Review(
                id=record_id,
                goal_id=goal_id,
                achievement=AchievementStatus.IMPROVING,
                decision=ReviewDecision.CONTINUE,
                at=moment(day),
            )
            on_store: Callable[[], Any] = lambda: self.store.add_review(made)  # noqa: E731
        else:
            made = ProgressEntry(
                id=record_id, goal_id=goal_id, value=3, at=moment(day), baseline=baseline
            )
            on_store = lambda: self.store.add_progress(made)  # noqa: E731
        self.both(
            on_store,
            lambda: self.model.add_record(
                kind,
                record_id,
                goal_id,
                moment(day),
                baseline=baseline,
                now=datetime.now(UTC),
                content=content,
            ),
        )
        return (kind, made, content)

    @rule(
        entries=st.lists(st.tuples(IDS, DAYS, st.booleans()), min_size=1, max_size=4),
    )
    def add_progress_many(self, entries: list[tuple[str, int, bool]]) -> None:
        made = []
        for goal_id, day, reuse in entries:
            record_id = f"p{self.counter}" if reuse and self.counter else self.next_id("p")
            made.append(ProgressEntry(id=record_id, goal_id=goal_id, value=2, at=moment(day)))
        result = self.both(
            lambda: self.store.add_progress_many(made),
            lambda: self.model.add_progress_many(
                [(e.id, e.goal_id, e.at, (2, (e.at - moment(0)).days, False)) for e in made],
                now=datetime.now(UTC),
            ),
        )
        if result is not None:
            assert result[0] == result[1]

    @rule(chosen=records)
    def correct(self, chosen: tuple[str, Any, tuple[Any, ...]]) -> None:
        kind, made, content = chosen
        self.both(
            lambda: self.store.mark_entered_in_error(made, reason="wrong goal", by="t1"),
            lambda: self.model.mark(kind, made.id, made.goal_id, content),
        )

    # --- units of work and reopening -----------------------------------------------------------

    @rule(goal_id=IDS, other=IDS, fail=st.booleans(), purge=st.sampled_from(CLIENTS) | st.none())
    def unit_of_work(self, goal_id: str, other: str, fail: bool, purge: str | None) -> None:
        before = self.model.snapshot()
        made, modelled = self.new_goal(goal_id, "ann")
        entry_id = self.next_id("p")
        try:
            with self.store.transaction():
                self.both(lambda: self.store.add(made), lambda: self.model.add(goal_id, modelled))
                self.both(
                    lambda: self.store.add_progress(
                        ProgressEntry(id=entry_id, goal_id=other, value=1, at=moment(2))
                    ),
                    lambda: self.model.add_record(
                        "progress",
                        entry_id,
                        other,
                        moment(2),
                        baseline=False,
                        now=datetime.now(UTC),
                        content=(1, 2, False),
                    ),
                )
                if purge is not None:
                    self.purge(purge)
                if fail:
                    raise Abandon
        except Abandon:
            self.model.restore(before)

    @rule()
    def reopen(self) -> None:
        if self.store.capabilities.persistent:
            self.store.close()
            self.store = self.opener()

    # --- the comparison ----------------------------------------------------------------------

    @invariant()
    def the_store_holds_what_the_model_holds(self) -> None:
        stored = {g.id: g for g in self.store.goals(include_archived=True)}
        assert sorted(stored) == sorted(self.model.goals)
        current = {g.id for g in self.store.goals()}
        assert current == {i for i, g in self.model.goals.items() if not g.archived}
        for goal_id, modelled in self.model.goals.items():
            goal = stored[goal_id]
            assert (goal.client_id, goal.status.value, goal.area, goal.revision) == (
                modelled.client,
                modelled.status,
                modelled.area,
                modelled.revision,
            )
            history = self.store.history(goal_id)
            assert [(r.revision, r.change) for r in history] == list(
                enumerate(modelled.changes, start=1)
            )
            # "updated is set on every save": never before it was created, never going back
            assert goal.updated >= goal.created
            assert [r.at for r in history] == sorted(r.at for r in history)
            assert history[-1].goal.updated == goal.updated
            found = {
                ("progress", e.id): e.entered_in_error is not None
                for e in self.store.progress(goal_id)
            } | {
                ("review", r.id): r.entered_in_error is not None
                for r in self.store.reviews(goal_id)
            }
            expected = {
                key: record.corrected
                for key, record in self.model.records.items()
                if record.goal_id == goal_id
            }
            assert found == expected, goal_id

    def teardown(self) -> None:
        self.store.close()


@pytest.fixture(params=["memory", "sqlite", "jsondir", "postgres"])
def opener_maker(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[[], Callable[[], Store]]:
    """Makes, for each run of the machine, an opener of a new, empty store of the backend."""
    runs = iter(range(10**6))

    def make() -> Callable[[], Store]:
        if request.param == "memory":
            store = open_store("memory://")
            store.close = lambda: None  # type: ignore[method-assign]
            return lambda: store
        if request.param == "postgres":
            url = request.getfixturevalue("postgres_schema_url")()
        else:
            url = f"{request.param}://{tmp_path / f'run{next(runs)}'}"
        return lambda: open_store(url)

    return make


def test_every_backend_agrees_with_the_reference_model(
    opener_maker: Callable[[], Callable[[], Store]],
) -> None:
    class OnThisBackend(AgainstTheReference):
        def __init__(self) -> None:
            super().__init__(opener_maker())

    run_state_machine_as_test(
        OnThisBackend,
        settings=settings(
            max_examples=max(10, settings().max_examples // 4),
            stateful_step_count=30,
            deadline=None,
            phases=[phase for phase in Phase if phase is not Phase.shrink],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
