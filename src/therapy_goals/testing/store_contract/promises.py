"""The contract's second part: the promises the core keeps hold on this backend.

The core checks every write before a backend sees it, so these tests pass for any backend that
keeps what it is given and reports what it cannot do. They fail for one that keeps an old
``updated``, hands out its internal lists, saves over a newer revision, or forgets a record.
Expected values come from the documentation and published scales (GAD-7 totals are 0-21,
PHQ-9 totals 0-27, item 9 of the PHQ-9 asks about self-harm), never from the code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from therapy_goals.errors import (
    ConflictError,
    NotFoundError,
    StatusTransitionError,
    ValidationError,
)
from therapy_goals.model import (
    Administration,
    Direction,
    LifecycleStatus,
    Measure,
    ProgressSource,
    utc_now,
)
from therapy_goals.storage.base import Store
from therapy_goals.testing.store_contract.samples import (
    PLAN,
    ContractFixtures,
    Opener,
    completion,
    entry,
    goal,
    plan_use,
    review,
)

__all__ = ["PromisesContract"]

GAD7_MEASURE = Measure(
    name="GAD-7 total", questionnaire="gad7", direction=Direction.DECREASE, baseline=15, target=7
)
PHQ9_MEASURE = Measure(
    name="PHQ-9 total", questionnaire="phq9", direction=Direction.DECREASE, baseline=16, target=9
)
NIGHTS = Measure(
    name="Nights in bed by 23:00",
    unit="nights per week",
    direction=Direction.INCREASE,
    baseline=2,
    target=5,
)

_S = LifecycleStatus
# From the lifecycle table in docs/concepts.md (FHIR's goal-status as therapy uses it).
ALLOWED_MOVES = (
    (_S.PROPOSED, _S.ACTIVE),
    (_S.PROPOSED, _S.ACCEPTED),
    (_S.ACTIVE, _S.ON_HOLD),
    (_S.ACTIVE, _S.COMPLETED),
    (_S.ON_HOLD, _S.ACTIVE),
    (_S.COMPLETED, _S.ACTIVE),
)
FORBIDDEN_MOVES = (
    (_S.PROPOSED, _S.COMPLETED),
    (_S.COMPLETED, _S.PROPOSED),
    (_S.CANCELLED, _S.ACTIVE),
    (_S.ACTIVE, _S.PROPOSED),
    (_S.REJECTED, _S.ACCEPTED),
)


def _administration(
    answers: tuple[int, ...], band: str, flags: tuple[str, ...] = ()
) -> Administration:
    return Administration(
        questionnaire="phq9", answers=answers, total=sum(answers), band=band, flags=flags
    )


class PromisesContract(ContractFixtures):
    """No lost update, fixed identity, allowed status moves, fitting values, corrections."""

    # --- no lost update ---------------------------------------------------------------------

    def test_a_copy_read_before_another_save_is_refused_and_names_both_revisions(
        self, store: Store
    ) -> None:
        first_read = store.add(goal("g1"))
        second_read = store.get("g1")
        store.update(attrs.evolve(first_read, area="sleep"), by="therapist")
        with pytest.raises(ConflictError, match=r"revision 2, not 1"):
            store.update(attrs.evolve(second_read, notes="Walks with a friend"), by="client")
        kept = store.get("g1")
        assert (kept.area, kept.notes, kept.revision) == ("sleep", None, 2)
        assert [r.by for r in store.history("g1")] == [None, "therapist"]

    def test_a_copy_claiming_a_later_revision_is_refused_too(self, store: Store) -> None:
        saved = store.add(goal("g1"))
        with pytest.raises(ConflictError, match=r"revision 1, not 5"):
            store.update(attrs.evolve(saved, area="sleep", revision=5))
        assert store.get("g1") == saved

    # --- each save is a revision: one more, stamped now ----------------------------------

    def test_every_save_adds_exactly_one_revision_stamped_with_its_time(self, store: Store) -> None:
        saved = store.add(goal("g1"))
        revisions = [saved.revision]
        for area in ("sleep", "anxiety", "stress"):
            before = utc_now()
            saved = store.update(attrs.evolve(saved, area=area))
            assert before <= saved.updated <= utc_now() + timedelta(seconds=1)
            assert store.get("g1").updated == saved.updated
            revisions.append(saved.revision)
        archived = store.archive("g1")
        assert archived.updated >= saved.updated
        assert [*revisions, archived.revision] == [1, 2, 3, 4, 5]
        assert [r.revision for r in store.history("g1")] == [1, 2, 3, 4, 5]
        assert [r.goal.updated for r in store.history("g1")][1:] == sorted(
            r.goal.updated for r in store.history("g1")[1:]
        )

    def test_lists_handed_out_are_copies_not_the_store_itself(self, store: Store) -> None:
        saved = store.add(goal("g1"))
        store.update(attrs.evolve(saved, area="sleep"))
        store.add_review(review("r1", "g1", 4))
        store.add_step_completion(completion("s1", "g1", 3))
        for listed in (store.history("g1"), store.reviews("g1"), store.step_completions("g1")):
            listed.clear()
        assert len(store.history("g1")) == 2
        assert [r.id for r in store.reviews("g1")] == ["r1"]
        assert [c.id for c in store.step_completions("g1")] == ["s1"]

    # --- what never changes ----------------------------------------------------------------

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("client_id", "c2"),
            ("created", datetime(2026, 2, 1, tzinfo=UTC)),
        ],
    )
    def test_client_and_created_never_change(self, store: Store, field: str, value: object) -> None:
        saved = store.add(goal("g1", "c1"))
        with pytest.raises(ValidationError, match=f"{field}: cannot change"):
            store.update(attrs.evolve(saved, **{field: value}))  # type: ignore[arg-type]
        assert store.get("g1") == saved
        assert [g.id for g in store.goals(client_id="c1")] == ["g1"]
        assert list(store.goals(client_id="c2")) == []

    def test_an_update_for_an_unknown_id_changes_nothing(self, store: Store) -> None:
        saved = store.add(goal("g1"))
        with pytest.raises(NotFoundError, match="g2"):
            store.update(attrs.evolve(saved, id="g2"))
        assert [g.id for g in store.goals()] == ["g1"]

    @pytest.mark.parametrize(("before", "after"), ALLOWED_MOVES)
    def test_an_allowed_status_move_is_saved(
        self, store: Store, before: LifecycleStatus, after: LifecycleStatus
    ) -> None:
        saved = store.add(goal("g1", status=before))
        assert store.update(attrs.evolve(saved, status=after)).status is after

    @pytest.mark.parametrize(("before", "after"), FORBIDDEN_MOVES)
    def test_a_forbidden_status_move_is_refused(
        self, store: Store, before: LifecycleStatus, after: LifecycleStatus
    ) -> None:
        saved = store.add(goal("g1", status=before))
        with pytest.raises(StatusTransitionError, match=f"from '{before}' to '{after}'"):
            store.update(attrs.evolve(saved, status=after, area="sleep"))
        assert store.get("g1") == saved

    # --- values that fit the goal ----------------------------------------------------------

    def test_a_goal_with_an_impossible_baseline_or_target_is_refused(self, store: Store) -> None:
        over = attrs.evolve(GAD7_MEASURE, baseline=25)  # GAD-7 totals are 0-21
        with pytest.raises(ValidationError, match=r"measure\.baseline: 25 is outside .*0-21"):
            store.add(goal("g1", measure=over))
        nights = attrs.evolve(NIGHTS, target=9)  # a week has 7 nights
        with pytest.raises(ValidationError, match=r"measure\.target: 9 is outside .*0-7"):
            store.add(goal("g2", measure=nights))
        assert list(store.goals()) == []

    @pytest.mark.parametrize(
        ("measure", "impossible", "allowed", "possible"),
        [
            (GAD7_MEASURE, 30, "0-21", 21),
            (GAD7_MEASURE, -1, "0-21", 0),
            (PHQ9_MEASURE, 28, "0-27", 27),
            (NIGHTS, 1000, "0-7", 7),
            (
                Measure(name="Panic attacks", unit="per week", direction=Direction.DECREASE),
                -2,
                "at least 0",
                0,
            ),
            (
                Measure(name="Mood", direction=Direction.INCREASE, minimum=1, maximum=10),
                11,
                "1-10",
                10,
            ),
        ],
    )
    def test_a_value_outside_the_measure_is_refused(
        self, store: Store, measure: Measure, impossible: float, allowed: str, possible: float
    ) -> None:
        store.add(goal("g1", measure=measure))
        with pytest.raises(ValidationError, match=rf"value: {impossible:g} is outside .*{allowed}"):
            store.add_progress(entry("e1", "g1", 3, value=impossible))
        with pytest.raises(ValidationError, match=r"entries\[1\]\.value"):
            store.add_progress_many(
                [entry("e2", "g1", 4, value=possible), entry("e3", "g1", 5, value=impossible)]
            )
        assert list(store.progress("g1")) == []
        store.add_progress(entry("e4", "g1", 6, value=possible))
        assert [e.value for e in store.progress("g1")] == [possible]

    def test_a_questionnaire_score_belongs_only_to_a_goal_measured_by_it(
        self, store: Store
    ) -> None:
        store.add(goal("g1", measure=PHQ9_MEASURE))
        store.add(goal("g2"))
        gad7 = Administration(questionnaire="gad7", answers=(1, 1, 1, 1, 1, 1, 1), total=7)
        scored = attrs.evolve(
            entry("e1", "g1", 3, value=7), source=ProgressSource.QUESTIONNAIRE, administration=gad7
        )
        with pytest.raises(ValidationError, match=r"'gad7' cannot be attached to goal 'g1'"):
            store.add_progress(scored)
        with pytest.raises(ValidationError, match=r"'gad7' cannot be attached to goal 'g2'"):
            store.add_progress(attrs.evolve(scored, goal_id="g2"))
        assert list(store.progress("g1")) == list(store.progress("g2")) == []

    def test_an_administration_is_kept_with_its_items_and_flags(self, opener: Opener) -> None:
        store = opener()
        store.add(goal("g1", measure=PHQ9_MEASURE))
        # Item 9 answered 1 ("several days"): the PHQ-9's self-harm item, always flagged.
        answers = (2, 2, 1, 2, 1, 1, 2, 1, 1)
        administered = attrs.evolve(
            entry("e1", "g1", 3, value=13),
            source=ProgressSource.QUESTIONNAIRE,
            administration=_administration(answers, "moderate"),
        )
        with pytest.raises(ValidationError, match=r"administration\.flags: misses item 9"):
            store.add_progress(administered)  # scoring raises item 9: it must not be dropped
        flagged = attrs.evolve(
            administered,
            administration=_administration(answers, "moderate", ("item 9: follow up today",)),
        )
        mislabelled = _administration(answers, "mild", ("item 9: follow up today",))
        with pytest.raises(ValidationError, match=r"administration\.band: is 'mild'"):
            store.add_progress(attrs.evolve(flagged, administration=mislabelled))
        store.add_progress(flagged)
        if store.capabilities.persistent:
            store.close()
            store = opener()
        with store:
            (kept,) = store.progress("g1")
            assert kept.administration is not None
            assert kept.administration.answers == answers
            assert kept.administration.total == 13
            assert kept.administration.flags == ("item 9: follow up today",)

    def test_nothing_is_dated_in_the_future_and_only_a_baseline_before_the_start(
        self, store: Store
    ) -> None:
        store.add(goal("g1", measure=NIGHTS))  # starts 2026-03-01
        tomorrow_plus = utc_now() + timedelta(days=3)
        future = attrs.evolve(entry("e1", "g1", 3), at=tomorrow_plus)
        with pytest.raises(ValidationError, match=r"at: .* is in the future"):
            store.add_progress(future)
        early = attrs.evolve(entry("e2", "g1", 3), at=datetime(1990, 1, 1, tzinfo=UTC))
        with pytest.raises(ValidationError, match=r"before the goal's start 2026-03-01"):
            store.add_progress(early)
        store.add_progress(attrs.evolve(early, baseline=True))
        with pytest.raises(ValidationError, match="in the future"):
            store.add_review(attrs.evolve(review("r1", "g1", 4), at=tomorrow_plus))
        with pytest.raises(ValidationError, match=r"day: .* is in the future"):
            store.add_step_completion(
                attrs.evolve(completion("s1", "g1", 3), day=tomorrow_plus.date())
            )
        with pytest.raises(ValidationError, match="before the goal's start"):
            store.add_step_completion(
                attrs.evolve(completion("s2", "g1", 3), day=datetime(2026, 2, 1).date())
            )
        assert [e.id for e in store.progress("g1")] == ["e2"]
        assert store.reviews("g1") == []
        assert store.step_completions("g1") == []

    def test_a_step_record_needs_a_step_of_the_goal(self, store: Store) -> None:
        store.add(goal("g1"))
        with pytest.raises(ValidationError, match=r"step_id: goal 'g1' has no step 'step-9'"):
            store.add_step_completion(attrs.evolve(completion("s1", "g1", 3), step_id="step-9"))
        assert store.step_completions("g1") == []

    def test_a_plan_use_needs_a_plan_of_the_goal_and_a_possible_moment(self, store: Store) -> None:
        store.add(goal("g1", plans=(PLAN,)))  # starts 2026-03-01
        with pytest.raises(ValidationError, match=r"plan_id: goal 'g1' has no plan 'plan-9'"):
            store.add_plan_use(plan_use("u1", "g1", 3, plan_id="plan-9"))
        with pytest.raises(ValidationError, match=r"at: .* is in the future"):
            store.add_plan_use(
                attrs.evolve(plan_use("u2", "g1", 3), at=utc_now() + timedelta(days=3))
            )
        with pytest.raises(ValidationError, match="before the goal's start") as early:
            store.add_plan_use(
                attrs.evolve(plan_use("u3", "g1", 3), at=datetime(2026, 2, 1, tzinfo=UTC))
            )
        assert "baseline" not in str(early.value)  # a plan use is never one
        assert store.plan_uses("g1") == []

    def test_a_plan_must_name_a_step_the_goal_has(self, store: Store) -> None:
        saved = store.add(goal("g1", plans=(PLAN,)))
        with pytest.raises(ValidationError, match=r"plans\[0\]\.step_id: the goal has no step"):
            store.update(attrs.evolve(saved, steps=()))
        assert store.get("g1") == saved

    # --- corrections ------------------------------------------------------------------------

    def test_a_wrong_record_is_marked_not_erased(self, opener: Opener) -> None:
        store = opener()
        store.add(goal("g1", measure=NIGHTS))
        wrong = store.add_progress(entry("e1", "g1", 3, value=6))
        store.add_progress(entry("e2", "g1", 4, value=3))
        step = store.add_step_completion(completion("s1", "g1", 3))
        looked_back = store.add_review(review("r1", "g1", 5))
        marked = store.mark_entered_in_error(wrong, reason="meant 3, typed 6", by="therapist-7")
        assert marked.entered_in_error is not None
        assert (marked.entered_in_error.reason, marked.entered_in_error.by) == (
            "meant 3, typed 6",
            "therapist-7",
        )
        store.mark_entered_in_error(step, reason="logged for the wrong day")
        store.update(attrs.evolve(store.get("g1"), plans=(PLAN,)))
        used = store.add_plan_use(plan_use("u1", "g1", 4))
        store.mark_entered_in_error(used, reason="another plan")
        store.mark_entered_in_error(looked_back, reason="recorded for the wrong goal")
        with pytest.raises(ConflictError, match="already marked entered-in-error"):
            store.mark_entered_in_error(marked, reason="again")
        with pytest.raises(NotFoundError, match="e9"):
            store.mark_entered_in_error(attrs.evolve(wrong, id="e9"), reason="no such entry")
        with pytest.raises(ValidationError, match="reason"):
            store.mark_entered_in_error(store.reviews("g1")[0], reason=" ")
        if store.capabilities.persistent:
            store.close()
            store = opener()
        with store:
            kept = {e.id: e.entered_in_error is not None for e in store.progress("g1")}
            assert kept == {"e1": True, "e2": False}
            assert [c.entered_in_error is not None for c in store.step_completions("g1")] == [True]
            assert [r.entered_in_error is not None for r in store.reviews("g1")] == [True]
            assert [u.entered_in_error is not None for u in store.plan_uses("g1")] == [True]
            exported = store.export_client("c1")
            assert exported["progress"][0]["entered_in_error"]["reason"] == "meant 3, typed 6"
            assert store.purge_client("c1") == 1
            assert list(store.progress("g1")) == []
            assert store.step_completions("g1") == []
            assert store.reviews("g1") == []
            assert store.plan_uses("g1") == []

    # --- erasure ----------------------------------------------------------------------------

    def test_purge_works_inside_a_unit_of_work_and_refuses_a_blank_client(
        self, store: Store
    ) -> None:
        store.add(goal("g1", "c1"))
        store.add(goal("g2", "c2"))
        with store.transaction():
            assert store.purge_client("c1") == 1
            store.add(goal("g3", "c1"))
        assert [g.id for g in store.goals()] == ["g2", "g3"]
        with pytest.raises(ValidationError, match="client_id"):
            store.purge_client("")
        assert [g.id for g in store.goals()] == ["g2", "g3"]
