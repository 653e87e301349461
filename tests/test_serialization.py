"""The JSON form: round trips for every type, strict reading, and located errors for bad input."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    SCHEMA_VERSION,
    ClientRecord,
    Goal,
    Measure,
    PlanUse,
    ProgressEntry,
    Review,
    Schedule,
    Step,
    StepCompletion,
    TemplateRef,
    ValidationError,
    configure_converter,
    document_from_json,
    from_dict,
    from_json,
    make_converter,
    sample_record,
    to_dict,
    to_json,
)
from therapy_goals.testing import strategies as tgst

GOLDEN = Path(__file__).parent / "data" / "sample-record.json"

EVERY_TYPE = st.one_of(
    tgst.goals(),
    tgst.measures(),
    tgst.steps(),
    tgst.schedules(),
    tgst.template_refs(),
    tgst.progress_entries(),
    tgst.reviews(),
    tgst.client_records(),
    tgst.step_completions(),
    tgst.plan_uses(),
    tgst.if_then_plans(),
)


# --- round trips --------------------------------------------------------------------------------


@given(EVERY_TYPE)
def test_every_object_round_trips_through_json(obj: Any) -> None:
    text = to_json(obj)
    assert from_json(text, type(obj)) == obj
    assert from_json(text.encode("utf-8"), type(obj)) == obj
    assert document_from_json(text) == obj


@given(EVERY_TYPE)
def test_to_dict_is_already_plain_json(obj: Any) -> None:
    data = to_dict(obj)
    assert json.loads(json.dumps(data)) == data
    assert data["schema_version"] == SCHEMA_VERSION
    assert from_dict(data, type(obj)) == obj


@given(tgst.goals())
def test_timestamps_keep_their_offset(goal: Goal) -> None:
    back = from_json(to_json(goal), Goal)
    assert back.created.utcoffset() == goal.created.utcoffset()


def test_the_json_form_is_stable() -> None:
    """The documented form of the sample record; a change here is a format change."""
    record = sample_record(start=date(2026, 3, 2))
    assert json.loads(to_json(record)) == json.loads(GOLDEN.read_text())
    assert from_json(GOLDEN.read_text(), ClientRecord) == record


def test_a_record_written_before_plans_reads_without_them() -> None:
    """Issue 21 added plans, obstacles, supporters and plan uses, written only when set."""
    older = json.loads(GOLDEN.read_text())
    for goal in older["goals"]:
        del goal["plans"], goal["obstacles"], goal["supporters"]
    del older["plan_uses"]
    sample = sample_record(start=date(2026, 3, 2))
    bare = attrs.evolve(
        sample,
        goals=tuple(attrs.evolve(g, plans=(), obstacles=(), supporters=()) for g in sample.goals),
        plan_uses=(),
    )
    assert from_dict(older, ClientRecord) == bare
    assert json.loads(to_json(bare)) == older  # and is written exactly as before


def test_documents_written_before_corrections_and_bounds_read_the_same() -> None:
    """Fields added later (bounds, baselines, administrations, corrections) may be absent."""
    older = json.loads(GOLDEN.read_text())
    for goal in older["goals"]:
        del goal["measure"]["minimum"], goal["measure"]["maximum"]
    for entry in older["progress"]:
        del entry["baseline"], entry["administration"], entry["entered_in_error"]
    for item in older["reviews"] + older["completions"] + older["plan_uses"]:
        del item["entered_in_error"]
    assert "entered_in_error" not in json.dumps(older)
    assert from_dict(older, ClientRecord) == sample_record(start=date(2026, 3, 2))


def test_dates_and_timestamps_are_iso_8601() -> None:
    data = to_dict(sample_record(start=date(2026, 3, 2)))
    goal = data["goals"][0]
    assert goal["start"] == "2026-03-02"
    assert goal["created"] == "2026-03-02T17:00:00+00:00"
    assert goal["status"] == "active"
    assert goal["parent_id"] is None


# --- strict reading: specific cases -------------------------------------------------------------


def goal_dict() -> dict[str, Any]:
    return to_dict(sample_record(start=date(2026, 3, 2)).goals[0])


def problems_of(data: Any, cls: type[Any] = Goal) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        from_dict(data, cls)
    return [(p.path, p.message) for p in info.value.problems]


def test_every_problem_is_listed_with_its_path() -> None:
    data = goal_dict()
    data["steps"][1]["minutes"] = 0
    data["steps"][0]["schedule"]["per"] = "fortnight"
    data["confidence"] = "high"
    data["measure"]["colour"] = "blue"
    paths = [path for path, _ in problems_of(data)]
    assert sorted(paths) == sorted(
        ["steps[1].minutes", "steps[0].schedule.per", "confidence", "measure.colour"]
    )


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        (lambda d: d.pop("client_id"), "client_id", "is required"),
        (lambda d: d.update(due="2026-02-30"), "due", "YYYY-MM-DD"),
        (lambda d: d.update(due="2026-03-02T00:00:00"), "due", "YYYY-MM-DD"),
        (lambda d: d.update(created="2026-03-02T17:00:00"), "created", "time zone"),
        (lambda d: d.update(created="last tuesday"), "created", "ISO 8601"),
        (lambda d: d.update(status="paused"), "status", "must be one of proposed, planned"),
        (lambda d: d.update(confidence=7.0), "confidence", "whole number"),
        (lambda d: d.update(confidence=True), "confidence", "whole number"),
        (lambda d: d.update(statement=["a"]), "statement", "must be text"),
        (lambda d: d.update(tags="calm"), "tags", "must be an array"),
        (lambda d: d["steps"].append("walk"), "steps[2]", "must be an object"),
        (lambda d: d["measure"].update(baseline="15"), "measure.baseline", "must be a number"),
        (lambda d: d["measure"].update(target=15), "measure.target", "equals the baseline"),
        (lambda d: d.update(due="2026-01-01"), "due", "is before start"),
        (lambda d: d.update(nickname="x"), "nickname", "not a known field"),
    ],
)
def test_a_bad_field_is_named(change: Any, path: str, fragment: str) -> None:
    data = goal_dict()
    change(data)
    problems = problems_of(data)
    assert problems[0][0] == path, problems
    assert fragment in problems[0][1], problems


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        ({"type": "goal"}, "schema_version", "is required"),
        ({"schema_version": 2, "type": "goal"}, "schema_version", "reads version 1"),
        ({"schema_version": True, "type": "goal"}, "schema_version", "reads version 1"),
        ({"schema_version": 1.0, "type": "goal"}, "schema_version", "reads version 1"),
        ({"schema_version": 1, "type": "review"}, "type", "must be 'goal'"),
        ([1, 2], "", "must be a JSON object"),
        ("goal", "", "must be a JSON object"),
    ],
)
def test_a_bad_envelope_is_named(data: Any, path: str, fragment: str) -> None:
    problems = problems_of(data)
    assert problems[0][0] == path
    assert fragment in problems[0][1]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not valid JSON"),
        ('{"schema_version": 1,', "not valid JSON"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": 1, "a": 2}', "appears twice"),
        (b"\xff\xfe", "not UTF-8"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_text_that_is_not_json_gets_the_library_error(text: str | bytes, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        from_json(text, Goal)


def test_keys_that_are_not_strings_are_reported_not_crashed_on() -> None:
    data = {**goal_dict(), 3: "x"}
    assert ("3", "is not a known field; check its spelling or remove it") in problems_of(data)


def test_a_class_without_a_document_form_is_refused_clearly() -> None:
    with pytest.raises(ValidationError, match="no JSON document form"):
        to_dict(object())
    with pytest.raises(ValidationError, match="no JSON document form"):
        from_dict({}, dict)


def test_document_from_json_needs_a_known_type() -> None:
    with pytest.raises(ValidationError) as info:
        document_from_json('{"schema_version": 1, "type": "diary"}')
    assert info.value.paths == ("type",)
    assert "goal, measure" in str(info.value)


def test_free_text_is_not_copied_into_messages() -> None:
    data = goal_dict()
    data["status"] = "I have been feeling hopeless about my marriage lately"
    data["confidence"] = "my therapist says I am doing better than I think"
    with pytest.raises(ValidationError) as info:
        from_dict(data, Goal)
    message = str(info.value)
    assert "hopeless" not in message
    assert "therapist says" not in message


def test_a_plugin_converter_is_configured_the_same_way() -> None:
    mine = cattrs.Converter()
    configure_converter(mine)
    goal = sample_record(start=date(2026, 3, 2)).goals[0]
    assert from_dict(to_dict(goal, converter=mine), Goal, converter=mine) == goal
    assert make_converter() is not make_converter()


# --- strict reading: generated malformed documents ----------------------------------------------


@attrs.frozen
class Place:
    """A field inside a document: where it is, the object holding it, and what it must be."""

    path: str
    holder: dict[str, Any]
    key: str
    kind: Any
    required: bool


def _places(data: dict[str, Any], cls: type[Any], path: str = "") -> list[Place]:
    found = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        field_path = f"{path}.{field.name}" if path else field.name
        value = data.get(field.name)
        found.append(
            Place(field_path, data, field.name, field.type, field.default is attrs.NOTHING)
        )
        inner = [a for a in get_args(field.type) if a is not type(None)] or [field.type]
        kind = inner[0]
        if attrs.has(kind) and isinstance(value, dict):
            found += _places(value, kind, field_path)
        elif get_origin(kind) is tuple and attrs.has(get_args(kind)[0]):
            for index, item in enumerate(value or ()):
                found += _places(item, get_args(kind)[0], f"{field_path}[{index}]")
    return found


def _junk_for(kind: Any) -> st.SearchStrategy[Any]:
    """Values that are wrong for a field of type ``kind`` whatever else is true."""
    base = [a for a in get_args(kind) if a is not type(None)] or [kind]
    target = base[0]
    if target is bool:  # true is a fine bool; text and containers are not
        return st.sampled_from([[[]], {"": None}, "yes", 1])
    always_wrong = st.sampled_from([[[]], True, {"": None}])
    if isinstance(target, type) and issubclass(target, Enum):
        return always_wrong | st.just("not-a-code")
    if target is date:
        return always_wrong | st.sampled_from(["2026-13-01", "01/03/2026", "2026-03-02T10:00"])
    if target is datetime:
        return always_wrong | st.sampled_from(["2026-03-02T10:00:00", "2026-03-02", "noon"])
    return always_wrong


DOCUMENTS = st.one_of(
    tgst.goals().map(lambda o: (o, Goal)),
    tgst.reviews().map(lambda o: (o, Review)),
    tgst.progress_entries().map(lambda o: (o, ProgressEntry)),
    tgst.client_records().map(lambda o: (o, ClientRecord)),
    tgst.steps().map(lambda o: (o, Step)),
    tgst.measures().map(lambda o: (o, Measure)),
    tgst.template_refs().map(lambda o: (o, TemplateRef)),
    tgst.schedules().map(lambda o: (o, Schedule)),
    tgst.step_completions().map(lambda o: (o, StepCompletion)),
    tgst.plan_uses().map(lambda o: (o, PlanUse)),
)


def _is_within(problem_path: str, path: str) -> bool:
    return problem_path == path or problem_path.startswith((f"{path}.", f"{path}["))


@given(DOCUMENTS, st.data())
def test_a_wrong_value_anywhere_is_reported_at_its_path(document: Any, data: st.DataObject) -> None:
    obj, cls = document
    doc = to_dict(obj)
    place = data.draw(st.sampled_from(_places(doc, cls)))
    place.holder[place.key] = data.draw(_junk_for(place.kind))
    with pytest.raises(ValidationError) as info:
        from_dict(doc, cls)
    assert any(_is_within(p.path, place.path) for p in info.value.problems), (
        place.path,
        info.value.problems,
    )


@given(DOCUMENTS, st.data())
def test_a_dropped_required_key_is_reported_at_its_path(document: Any, data: st.DataObject) -> None:
    obj, cls = document
    doc = to_dict(obj)
    required = [place for place in _places(doc, cls) if place.required]
    place = data.draw(st.sampled_from(required))
    del place.holder[place.key]
    with pytest.raises(ValidationError) as info:
        from_dict(doc, cls)
    assert (place.path, "is required; add it") in [(p.path, p.message) for p in info.value.problems]


@given(DOCUMENTS, st.data(), st.text(min_size=1, max_size=10))
def test_an_unknown_key_anywhere_is_reported_at_its_path(
    document: Any, data: st.DataObject, key: str
) -> None:
    obj, cls = document
    doc = to_dict(obj)
    holders = [doc, *(p.holder for p in _places(doc, cls))]
    holder = data.draw(st.sampled_from(holders))
    if key in holder or key in ("schema_version", "type"):
        key = f"{key}-unknown"
    holder[key] = 1
    with pytest.raises(ValidationError) as info:
        from_dict(doc, cls)
    assert any(
        p.path.endswith(key) and "not a known field" in p.message for p in info.value.problems
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES, st.sampled_from([Goal, Review, ClientRecord, Step]))
def test_any_json_value_either_reads_or_raises_the_library_error(
    value: Any, cls: type[Any]
) -> None:
    with contextlib.suppress(ValidationError):
        assert isinstance(from_dict(value, cls), cls)


@given(st.text() | st.binary())
def test_any_text_either_reads_or_raises_the_library_error(text: str | bytes) -> None:
    with pytest.raises(ValidationError):
        from_json(text, Goal)
