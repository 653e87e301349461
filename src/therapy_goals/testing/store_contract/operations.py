"""The contract's first part: every operation of a store does what its documentation says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from therapy_goals.errors import ConflictError, NotFoundError, PluginError, TherapyGoalsError
from therapy_goals.hookspecs import hookimpl
from therapy_goals.model import Goal, LifecycleStatus
from therapy_goals.plugins import PluginManager
from therapy_goals.storage.base import Store
from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing import strategies as tgst
from therapy_goals.testing.store_contract.samples import (
    CREATED,
    PLAN,
    START,
    ContractFixtures,
    Opener,
    completion,
    entry,
    goal,
    plan_use,
    review,
)

__all__ = ["OperationsContract"]


class OperationsContract(ContractFixtures):
    """Adding, reading, listing, history, progress, units of work, export, erasure, reopening."""

    # --- goals ----------------------------------------------------------------------------------

    @pytest.fixture
    def saved_goals(self, store: Store) -> list[tuple[str, int, int | None]]:
        """Attach a plug-in manager whose ``goal_saved`` hook records (id, revision, previous)."""

        heard: list[tuple[str, int, int | None]] = []

        class Listener:
            @hookimpl
            def goal_saved(self, goal: Goal, previous: Goal | None) -> None:
                heard.append(
                    (goal.id, goal.revision, None if previous is None else previous.revision)
                )

        manager = PluginManager()
        manager.register(Listener(), name="listener")
        store.plugins = manager
        return heard

    def test_goal_saved_hears_each_committed_save_with_the_previous_revision(
        self, store: Store, saved_goals: list[tuple[str, int, int | None]]
    ) -> None:
        saved = store.add(goal("g1"))
        store.update(attrs.evolve(saved, area="sleep"))
        store.archive("g1")
        store.add_many([goal("g2"), goal("g3")])
        assert saved_goals == [
            ("g1", 1, None),
            ("g1", 2, 1),
            ("g1", 3, 2),
            ("g2", 1, None),
            ("g3", 1, None),
        ]

    def test_goal_saved_waits_for_the_commit_and_hears_nothing_of_a_rollback(
        self, store: Store, saved_goals: list[tuple[str, int, int | None]]
    ) -> None:
        with store.transaction():
            store.add(goal("g1"))
            store.add(goal("g2"))
            assert saved_goals == [], "told before the commit"
        assert saved_goals == [("g1", 1, None), ("g2", 1, None)]

        def add_then_fail() -> None:
            with store.transaction():
                store.add(goal("g3"))
                raise RuntimeError("undo")

        with pytest.raises(RuntimeError):
            add_then_fail()
        assert saved_goals == [("g1", 1, None), ("g2", 1, None)]

    def test_a_failing_goal_saved_hook_is_reported_and_the_goal_stays_saved(
        self, store: Store, saved_goals: list[tuple[str, int, int | None]]
    ) -> None:

        class Broken:
            @hookimpl
            def goal_saved(self, goal: Goal) -> None:
                raise ValueError("dashboard is down")

        assert store.plugins is not None
        store.plugins.register(Broken(), name="broken")
        with pytest.raises(
            PluginError,
            match=r"goal 'g1': goal_saved failed in plug-in 'broken': ValueError: dashboard",
        ):
            store.add(goal("g1"))
        assert store.get("g1").revision == 1
        assert saved_goals == [("g1", 1, None)]

    def test_add_then_get_gives_revision_one(self, store: Store) -> None:
        saved = store.add(goal("g1", revision=7))
        assert saved.revision == 1
        assert store.get("g1") == saved
        assert store.history("g1")[0].change == "added"

    @settings(
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,  # the same test runs in each backend's class
        ],
        deadline=None,
    )
    @given(new=tgst.goals(max_steps=3))
    def test_any_goal_comes_back_as_it_was_saved(self, store: Store, new: Goal) -> None:
        """Whole generated goals (every optional field, any text but surrogates) round-trip; one
        the reference store refuses (a score outside its questionnaire's range) is refused too."""
        made = attrs.evolve(new, start=START, due=None, created=CREATED, updated=CREATED)
        made = attrs.evolve(made, steps=tuple(attrs.evolve(s, due=None) for s in made.steps))
        try:
            MemoryStore().add(made)
        except TherapyGoalsError as refusal:
            with pytest.raises(type(refusal)):
                store.add(made)
            assert list(store.goals(client_id=made.client_id, include_archived=True)) == []
            return
        saved = store.add(made)
        try:
            assert saved == attrs.evolve(made, revision=1, updated=saved.updated)
            assert store.get(made.id) == saved
        finally:
            store.delete(made.id)

    def test_add_refuses_a_taken_id(self, store: Store) -> None:
        store.add(goal("g1"))
        with pytest.raises(ConflictError, match="already exists"):
            store.add(goal("g1", statement="Another goal"))
        assert store.get("g1").statement == "Walk for 20 minutes, goal g1"

    def test_unknown_ids_raise_not_found(self, store: Store) -> None:
        for call in (
            lambda: store.get("nope"),
            lambda: store.history("nope"),
            lambda: store.archive("nope"),
            lambda: store.delete("nope"),
            lambda: store.update(goal("nope")),
            lambda: store.add_progress(entry("e1", "nope", 3)),
            lambda: store.add_review(review("r1", "nope", 3)),
        ):
            with pytest.raises(NotFoundError, match="nope"):
                call()

    def test_update_with_the_revision_read_saves_the_next_revision(self, store: Store) -> None:
        saved = store.add(goal("g1"))
        changed = store.update(attrs.evolve(saved, area="sleep"), by="therapist-7")
        assert changed.revision == 2
        assert changed.updated >= changed.created
        assert store.get("g1") == changed
        history = store.history("g1")
        assert [(h.revision, h.change, h.by) for h in history] == [
            (1, "added", None),
            (2, "updated", "therapist-7"),
        ]
        assert history[0].goal.area is None
        assert history[1].goal.area == "sleep"

    def test_a_stale_revision_is_a_conflict_and_loses_nothing(self, store: Store) -> None:
        saved = store.add(goal("g1"))
        first = store.update(attrs.evolve(saved, area="sleep"))
        with pytest.raises(ConflictError, match="revision 2, not 1"):
            store.update(attrs.evolve(saved, area="anxiety"))
        assert store.get("g1") == first
        assert len(store.history("g1")) == 2

    def test_goals_by_due_come_as_people_read_them(self, store: Store) -> None:
        # Due date first (undated last), then when made (as instants: 10:00+02:00 is before
        # 09:00 UTC), then id; with the same filters as goals(). The order is written out by
        # hand, not computed.
        def made_at(hour: int, offset_hours: int = 0) -> dict[str, Any]:
            moment = datetime(2026, 3, 2, hour, tzinfo=timezone(timedelta(hours=offset_hours)))
            return {"created": moment, "updated": moment}

        soon, later = START + timedelta(days=10), START + timedelta(days=40)
        store.add(goal("a-undated", "c1", **made_at(8)))
        store.add(goal("b-later", "c1", due=later, **made_at(8)))
        store.add(goal("c-soon-made-at-9", "c1", due=soon, **made_at(9)))
        store.add(goal("d-soon-made-at-8-utc", "c2", due=soon, **made_at(10, offset_hours=2)))
        store.add(goal("e-soon-made-at-9", "c1", due=soon, **made_at(9)))
        store.add(goal("f-undated-archived", "c1", **made_at(7)))
        store.archive("f-undated-archived")

        def ids(goals: Iterator[Goal]) -> list[str]:
            return [g.id for g in goals]

        assert ids(store.goals_by_due()) == [
            "d-soon-made-at-8-utc",
            "c-soon-made-at-9",
            "e-soon-made-at-9",
            "b-later",
            "a-undated",
        ]
        assert ids(store.goals_by_due(client_id="c1", include_archived=True)) == [
            "c-soon-made-at-9",
            "e-soon-made-at-9",
            "b-later",
            "f-undated-archived",
            "a-undated",
        ]
        assert ids(store.goals_by_due(due_before=later)) == [
            "d-soon-made-at-8-utc",
            "c-soon-made-at-9",
            "e-soon-made-at-9",
        ]

    def test_listing_filters_pages_and_orders_by_id(self, store: Store) -> None:
        store.add(
            goal(
                "g3",
                "c1",
                status=LifecycleStatus.ACTIVE,
                area="sleep",
                due=START + timedelta(days=10),
            )
        )
        store.add(
            goal(
                "g1",
                "c1",
                status=LifecycleStatus.ACTIVE,
                area="anxiety",
                due=START + timedelta(days=40),
            )
        )
        store.add(goal("g2", "c2", area="sleep"))
        store.add(goal("g4", "c1"))

        def ids(goals: Iterator[Goal]) -> list[str]:
            return [g.id for g in goals]

        assert ids(store.goals()) == ["g1", "g2", "g3", "g4"]
        assert ids(store.goals(client_id="c1")) == ["g1", "g3", "g4"]
        assert ids(store.goals(status=LifecycleStatus.ACTIVE)) == ["g1", "g3"]
        assert ids(store.goals(area="sleep")) == ["g2", "g3"]
        assert ids(store.goals(due_before=START + timedelta(days=20))) == ["g3"]
        assert ids(store.goals(client_id="c1", area="sleep")) == ["g3"]
        assert ids(store.goals(limit=2)) == ["g1", "g2"]
        assert ids(store.goals(limit=2, offset=2)) == ["g3", "g4"]
        assert ids(store.goals(offset=3)) == ["g4"]
        assert isinstance(store.goals(), Iterator)

    def test_goal_ids_are_found_by_how_they_start(self, store: Store) -> None:
        for goal_id in ("abcd-1", "abcd-2", "abce-3", "ABCD-4", "ab%d-5", "ab_d-6"):
            store.add(goal(goal_id))
        store.archive("abcd-2")
        assert store.goal_ids_starting("abcd") == ["abcd-1", "abcd-2"]  # case matters
        assert store.goal_ids_starting("ab%") == ["ab%d-5"]  # no wildcards
        assert store.goal_ids_starting("ab_") == ["ab_d-6"]
        assert store.goal_ids_starting("ab", limit=2) == ["ab%d-5", "ab_d-6"]
        assert store.goal_ids_starting("zz") == []

    def test_archived_goals_leave_listings_but_stay_readable(self, store: Store) -> None:
        store.add(goal("g1"))
        store.add(goal("g2"))
        archived = store.archive("g1", by="client")
        assert archived.revision == 2
        assert store.is_archived("g1")
        assert not store.is_archived("g2")
        assert [g.id for g in store.goals()] == ["g2"]
        assert [g.id for g in store.goals(include_archived=True)] == ["g1", "g2"]
        assert store.history("g1")[-1].change == "archived"

    def test_delete_removes_the_goal_with_everything_about_it(self, store: Store) -> None:
        store.add(goal("g1"))
        store.add_progress(entry("e1", "g1", 3))
        store.add_review(review("r1", "g1", 4))
        store.delete("g1")
        with pytest.raises(NotFoundError):
            store.get("g1")
        assert list(store.progress("g1")) == []
        assert store.reviews("g1") == []
        store.add(goal("g1"))  # the id is free again
        assert len(store.history("g1")) == 1

    def test_add_many_saves_every_goal(self, store: Store) -> None:
        assert store.add_many(goal(f"g{i:03}") for i in range(120)) == 120
        assert len(list(store.goals())) == 120
        assert store.get("g077").revision == 1

    def test_add_many_with_a_taken_id_adds_none(self, store: Store) -> None:
        store.add(goal("g005"))
        with pytest.raises(ConflictError):
            store.add_many(goal(f"g{i:03}") for i in range(10))
        assert [g.id for g in store.goals()] == ["g005"]

    # --- progress and reviews ------------------------------------------------------------------

    def test_progress_is_kept_in_time_order_and_queried_by_range(self, store: Store) -> None:
        store.add(goal("g1"))
        store.add(goal("g2"))
        for entry_id, day in (("e3", 9), ("e1", 3), ("e2", 6)):
            store.add_progress(entry(entry_id, "g1", day, value=day))
        store.add_progress(entry("other", "g2", 4))
        assert [e.id for e in store.progress("g1")] == ["e1", "e2", "e3"]
        since, until = datetime(2026, 3, 5, tzinfo=UTC), datetime(2026, 3, 9, 20, tzinfo=UTC)
        assert [e.id for e in store.progress("g1", since=since, until=until)] == ["e2"]
        with pytest.raises(ConflictError):
            store.add_progress(entry("e1", "g1", 12))

    def test_add_progress_many_adds_all_or_none(self, store: Store) -> None:
        store.add(goal("g1"))
        store.add(goal("g2"))
        added = store.add_progress_many(
            entry(f"e{day}", "g1" if day % 2 else "g2", day) for day in range(1, 11)
        )
        assert added == 10
        assert [e.id for e in store.progress("g1")] == ["e1", "e3", "e5", "e7", "e9"]
        with pytest.raises(NotFoundError, match="nope"):
            store.add_progress_many([entry("e20", "g1", 20), entry("e21", "nope", 21)])
        with pytest.raises(ConflictError):
            store.add_progress_many([entry("e22", "g1", 22), entry("e3", "g1", 23)])
        assert len(list(store.progress("g1"))) == 5, "a failed batch added nothing"
        assert store.add_progress_many([]) == 0

    def test_step_completions_are_kept_by_day(self, store: Store) -> None:
        store.add(goal("g1"))
        for completion_id, day in (("s2", 5), ("s1", 3)):
            store.add_step_completion(completion(completion_id, "g1", day))
        assert [c.id for c in store.step_completions("g1")] == ["s1", "s2"]
        with pytest.raises(ConflictError):
            store.add_step_completion(completion("s1", "g1", 9))
        with pytest.raises(NotFoundError):
            store.add_step_completion(completion("s9", "nope", 9))
        assert [c["id"] for c in store.export_client("c1")["completions"]] == ["s1", "s2"]
        store.purge_client("c1")
        assert store.step_completions("g1") == []

    def test_plan_uses_are_kept_oldest_first(self, store: Store) -> None:
        store.add(goal("g1", plans=(PLAN,)))
        for use_id, day in (("u2", 5), ("u1", 3), ("u3", 5)):
            store.add_plan_use(plan_use(use_id, "g1", day, helped=day == 3))
        assert [(u.id, u.helped) for u in store.plan_uses("g1")] == [
            ("u1", True),
            ("u2", False),
            ("u3", False),
        ]
        with pytest.raises(ConflictError):
            store.add_plan_use(plan_use("u1", "g1", 9))
        with pytest.raises(NotFoundError):
            store.add_plan_use(plan_use("u9", "nope", 9))
        assert [u["id"] for u in store.export_client("c1")["plan_uses"]] == ["u1", "u2", "u3"]
        store.purge_client("c1")
        assert store.plan_uses("g1") == []

    def test_a_goal_keeps_its_plans_obstacles_and_supporters(self, store: Store) -> None:
        saved = store.add(
            goal("g1", plans=(PLAN,), obstacles=("rainy days",), supporters=("my sister",))
        )
        assert store.get("g1") == saved
        assert list(store.goals()) == [saved]
        replan = attrs.evolve(PLAN, id="plan-2", situation="it is dark", step_id=None)
        changed = store.update(attrs.evolve(saved, plans=(PLAN, replan), supporters=()))
        assert store.get("g1").plans == (PLAN, replan)
        assert store.get("g1").supporters == ()
        assert [r.goal.plans for r in store.history("g1")] == [(PLAN,), (PLAN, replan)]
        assert changed.revision == 2

    def test_reviews_are_listed_oldest_first(self, store: Store) -> None:
        store.add(goal("g1"))
        store.add_review(review("r2", "g1", 20))
        store.add_review(review("r1", "g1", 6))
        assert [r.id for r in store.reviews("g1")] == ["r1", "r2"]
        with pytest.raises(ConflictError):
            store.add_review(review("r1", "g1", 7))

    # --- units of work ----------------------------------------------------------------------------

    def test_a_transaction_commits_together(self, store: Store) -> None:
        with store.transaction():
            store.add(goal("g1"))
            with store.transaction():
                store.add(goal("g2"))
            store.add_progress(entry("e1", "g1", 3))
        assert [g.id for g in store.goals()] == ["g1", "g2"]

    def test_a_failed_transaction_leaves_no_trace(self, store: Store) -> None:
        store.add(goal("g0"))

        class Abandon(Exception):
            pass

        def abandoned_unit_of_work() -> None:
            with store.transaction():
                store.add(goal("g1"))
                saved = store.get("g0")
                store.update(attrs.evolve(saved, area="sleep"))
                raise Abandon

        with pytest.raises(Abandon):
            abandoned_unit_of_work()
        assert [g.id for g in store.goals()] == ["g0"]
        assert store.get("g0").revision == 1

    # --- privacy --------------------------------------------------------------------------------

    def test_export_client_holds_everything_about_one_client(self, store: Store) -> None:
        store.add(goal("g1", "c1"))
        store.update(attrs.evolve(store.get("g1"), area="sleep"))
        store.add(goal("g2", "c1"))
        store.archive("g2")
        store.add(goal("g3", "c2"))
        store.add_progress(entry("e1", "g1", 3))
        store.add_review(review("r1", "g1", 4))
        exported = store.export_client("c1")
        assert json.loads(json.dumps(exported)) == exported
        assert exported["type"] == "client-export"
        assert [g["id"] for g in exported["goals"]] == ["g1", "g2"]
        assert exported["archived"] == ["g2"]
        assert [(h["goal"]["id"], h["revision"]) for h in exported["history"]] == [
            ("g1", 1),
            ("g1", 2),
            ("g2", 1),
            ("g2", 2),
        ]
        assert [p["id"] for p in exported["progress"]] == ["e1"]
        assert [r["id"] for r in exported["reviews"]] == ["r1"]

    def test_purge_client_erases_everything_about_them_and_nothing_else(self, store: Store) -> None:
        store.add(goal("g1", "c1"))
        store.update(attrs.evolve(store.get("g1"), area="sleep"))
        store.add_progress(entry("e1", "g1", 3))
        store.add_review(review("r1", "g1", 4))
        store.add(goal("g2", "c2"))
        assert store.purge_client("c1") == 1
        assert list(store.goals(client_id="c1", include_archived=True)) == []
        with pytest.raises(NotFoundError):
            store.history("g1")
        assert list(store.progress("g1")) == []
        assert store.reviews("g1") == []
        assert store.export_client("c1")["goals"] == []
        assert [g.id for g in store.goals()] == ["g2"]

    # --- persistence ----------------------------------------------------------------------------

    def test_reopening_finds_everything_again(self, opener: Opener) -> None:
        store = opener()
        if not store.capabilities.persistent:
            store.close()
            pytest.skip("the backend is not persistent (capabilities.persistent is false)")
        store.add(goal("g1"))
        store.update(attrs.evolve(store.get("g1"), area="sleep"))
        store.add_progress(entry("e1", "g1", 3))
        before = store.export_client("c1")
        store.close()
        with opener() as again:
            assert again.export_client("c1") == before
