"""Stores write documents with generated functions (serialization/writing.py, issue 19); what
they write must be what the public converter writes, key for key and in the same order, for
every kind of document."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    ClientRecord,
    Goal,
    GoalRevision,
    IfThenPlan,
    Measure,
    PlanUse,
    ProgressEntry,
    Review,
    Schedule,
    Step,
    StepCompletion,
    TemplateRef,
    to_dict,
)
from therapy_goals.sample import sample_record
from therapy_goals.serialization import DOCUMENT_TYPES, document_fields, encode
from therapy_goals.testing import strategies as tgst


def _revisions() -> st.SearchStrategy[GoalRevision]:
    return st.builds(
        lambda goal, by, change: GoalRevision(
            revision=goal.revision, at=goal.updated, by=by, change=change, goal=goal
        ),
        tgst.goals(),
        st.none() | tgst.texts(max_size=20).filter(str.strip),
        st.sampled_from(["added", "revised", "completed"]),
    )


KINDS: dict[type[Any], st.SearchStrategy[Any]] = {
    Goal: tgst.goals(),
    Measure: tgst.measures(),
    Step: tgst.steps(),
    IfThenPlan: tgst.if_then_plans(),
    Schedule: tgst.schedules(),
    TemplateRef: tgst.template_refs(),
    ProgressEntry: tgst.progress_entries(),
    Review: tgst.reviews(),
    ClientRecord: tgst.client_records(),
    StepCompletion: tgst.step_completions(),
    PlanUse: tgst.plan_uses(),
    GoalRevision: _revisions(),
}


def test_every_kind_of_document_is_covered() -> None:
    assert set(KINDS) == set(DOCUMENT_TYPES)


def _pairs(text: str) -> Any:
    """The JSON text with every object as its list of (key, value) pairs: order counts."""
    return json.loads(text, object_pairs_hook=list)


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda kind: kind.__name__)
@given(data=st.data())
def test_stores_write_what_the_public_converter_writes(kind: type[Any], data: Any) -> None:
    obj = data.draw(KINDS[kind])
    assert _pairs(encode(obj)) == _pairs(json.dumps(to_dict(obj)))


def test_a_goal_is_written_envelope_first_and_without_the_later_fields_when_empty() -> None:
    """The fields added after the JSON form was published are left out when empty, so that
    earlier versions still read the goal (primitives.OMITTED_WHEN_EMPTY); a plan is written."""
    goal = sample_record(start=date(2026, 3, 2)).goals[0]
    bare = attrs.evolve(goal, plans=(), obstacles=(), supporters=(), language=None)
    written = document_fields(bare)
    assert list(written)[:4] == ["schema_version", "type", "client_id", "statement"]
    assert (written["schema_version"], written["type"]) == (1, "goal")
    assert not {"plans", "obstacles", "supporters", "language"} & set(written)
    assert written["steps"] == [
        {
            "action": step.action,
            "id": step.id,
            "schedule": None
            if step.schedule is None
            else {"count": step.schedule.count, "per": step.schedule.per},
            "minutes": step.minutes,
            "due": step.due,
            "status": step.status,
        }
        for step in goal.steps
    ]
    with_language = document_fields(attrs.evolve(bare, language="de"))
    assert list(with_language)[-1] == "language"
    assert with_language["language"] == "de"


def test_a_field_omitted_when_empty_needs_a_plain_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer compares the field with its default; a factory would never compare equal, and
    the field would be written always (unlike the public converter, which calls it)."""
    from therapy_goals.serialization import primitives, writing

    @attrs.frozen
    class Tagged:
        tags: tuple[str, ...] = attrs.field(factory=tuple)

    monkeypatch.setitem(primitives.OMITTED_WHEN_EMPTY, Tagged, ("tags",))
    with pytest.raises(TypeError, match=r"Tagged\.tags is omitted when empty"):
        writing.fields_writer(Tagged)
