"""Stores read with a fast decoder: it must read exactly what the strict reader reads, and explain
a bad document exactly as the strict reader does."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    Goal,
    Problem,
    ProgressEntry,
    Review,
    StepCompletion,
    ValidationError,
    from_json,
    to_dict,
    to_json,
)
from therapy_goals.serialization import decode, documents, encode
from therapy_goals.testing import strategies as tgst

MODELS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Goal, tgst.goals()),
    (ProgressEntry, tgst.progress_entries()),
    (Review, tgst.reviews()),
    (StepCompletion, st.from_type(StepCompletion)),
]


@pytest.mark.parametrize(("kind", "strategy"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_fast_and_strict_read_the_same_objects(
    kind: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    obj = data.draw(strategy)
    assert decode(encode(obj), kind) == obj
    assert decode(to_json(obj), kind) == from_json(to_json(obj), kind) == obj
    assert json.loads(encode(obj)) == to_dict(obj)


def _broken_documents() -> st.SearchStrategy[str]:
    """A valid goal's document with one field set to a value of another kind."""
    junk = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5)
    )
    return st.builds(
        lambda goal, field, value: json.dumps({**to_dict(goal), field: value}),
        tgst.goals(),
        st.sampled_from([a.name for a in attrs.fields(Goal)]),
        junk,
    )


@given(_broken_documents())
def test_a_bad_document_gets_the_strict_readers_error_or_the_same_object(text: str) -> None:
    try:
        expected: Goal | list[Problem] = from_json(text, Goal)
    except ValidationError as error:
        expected = error.problems
    try:
        got: Goal | list[Problem] = decode(text, Goal)
    except ValidationError as error:
        got = error.problems
    assert got == expected


@pytest.mark.parametrize("text", ["", "{", "[]", '{"schema_version": 2, "type": "goal"}', "null"])
def test_garbage_gives_the_library_error(text: str) -> None:
    with pytest.raises(ValidationError):
        decode(text, Goal)


@pytest.mark.parametrize(("kind", "strategy"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_a_good_document_never_needs_the_strict_reader(
    kind: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """The strict reader is only for explaining; if the lean one gave up on good documents,
    stores would silently be several times slower."""
    obj = data.draw(strategy)
    text = encode(obj)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents, "from_json", _strict_reader_called)
        patch.setattr(documents, "from_dict", _strict_reader_called)
        assert decode(text, kind) == obj


def _strict_reader_called(*args: object, **kwargs: object) -> object:
    raise AssertionError("the lean reader gave up on a good document")
