"""Documents: the envelope (``schema_version``, ``type``), reading and writing JSON text, and
the compact text stores keep.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeVar

import cattrs
import orjson

from therapy_goals.errors import ValidationError, describe_value
from therapy_goals.model import (
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
)
from therapy_goals.serialization.lean import lean_converter
from therapy_goals.serialization.strict import configure_converter, problems_of
from therapy_goals.serialization.writing import fields_writer

if TYPE_CHECKING:
    from therapy_goals.plugins import PluginManager

__all__ = [
    "DOCUMENT_TYPES",
    "SCHEMA_VERSION",
    "decode",
    "decode_fields",
    "default_converter",
    "document_fields",
    "document_from_json",
    "encode",
    "encode_dict",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

SCHEMA_VERSION: Final = 1
"""The version of the JSON form. Bumped only with a migration for older documents."""

DOCUMENT_TYPES: Final[Mapping[type[Any], str]] = MappingProxyType(
    {
        Goal: "goal",
        Measure: "measure",
        Step: "step",
        IfThenPlan: "if-then-plan",
        Schedule: "schedule",
        TemplateRef: "template-ref",
        ProgressEntry: "progress-entry",
        Review: "review",
        ClientRecord: "client-record",
        StepCompletion: "step-completion",
        PlanUse: "plan-use",
        GoalRevision: "goal-revision",
    }
)
"""Each model class that can be a document, with the ``type`` its documents carry (read-only)."""


def make_converter(
    *, strict: bool = True, plugins: PluginManager | None = None
) -> cattrs.Converter:
    """A new converter for the JSON form.

    ``strict=True`` (the default) reads anything a person or program wrote and explains every
    problem with its path; ``strict=False`` is the lean reader stores use for documents the
    library wrote itself (see :mod:`therapy_goals.serialization.lean`): faster, and a failure is
    meant to be read again strictly. With ``plugins``, each plug-in's ``register_converter_hooks``
    hook then adds its own hooks.
    """
    if strict:
        converter = cattrs.Converter(detailed_validation=True)
        configure_converter(converter)
    else:
        converter = lean_converter()
    if plugins is not None:
        plugins.hook.register_converter_hooks(converter=converter)
    return converter


_DEFAULT: Final = make_converter()
_LEAN: Final = make_converter(strict=False)


def default_converter() -> cattrs.Converter:
    """The shared strict converter the helpers use by default. Configure your own rather than
    this."""
    return _DEFAULT


def _document_type(cls: type[Any]) -> str:
    try:
        return DOCUMENT_TYPES[cls]
    except KeyError:
        names = ", ".join(kind.__name__ for kind in DOCUMENT_TYPES)
        raise ValidationError.at(
            "", f"{cls!r} has no JSON document form; use one of {names}"
        ) from None


def to_dict(obj: Any, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The JSON form of a model object, as plain dicts, lists, strings and numbers."""
    kind = _document_type(type(obj))
    fields = (converter or _DEFAULT).unstructure(obj)
    return {"schema_version": SCHEMA_VERSION, "type": kind, **fields}


def from_dict(data: Any, cls: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """Read a ``cls`` from its JSON form; raise one ValidationError listing every problem."""
    kind = _document_type(cls)
    if not isinstance(data, dict):
        raise ValidationError.at(
            "", f"a {kind} document must be a JSON object, got {describe_value(data)}"
        )
    fields = dict(data)
    version = fields.pop("schema_version", None)
    if version is None:
        raise ValidationError.at(
            "schema_version", f'is required; add "schema_version": {SCHEMA_VERSION}'
        )
    if type(version) is not int or version != SCHEMA_VERSION:
        raise ValidationError.at(
            "schema_version",
            f"is {describe_value(version)} but this version of therapy-goals reads "
            f"version {SCHEMA_VERSION}",
        )
    declared = fields.pop("type", None)
    if declared != kind:
        raise ValidationError.at(
            "type", f"must be {kind!r} for a {cls.__name__}, got {describe_value(declared)}"
        )
    hook = (converter or _DEFAULT).get_structure_hook(cls)
    try:
        result: T = hook(fields, cls)
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(problems_of(error, "")) from None
    return result


def to_json(
    obj: Any, *, indent: int | None = None, converter: cattrs.Converter | None = None
) -> str:
    """The JSON text of a model object (UTF-8 characters kept as they are)."""
    return json.dumps(
        to_dict(obj, converter=converter), ensure_ascii=False, indent=indent, allow_nan=False
    )


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {describe_value(key)} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _parse_json(text: str | bytes) -> Any:
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError.at("", f"is not UTF-8 text (byte {error.start})") from None
    if not isinstance(text, str):
        raise ValidationError.at("", f"JSON text must be str or bytes, got {describe_value(text)}")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise ValidationError.at(
            "", f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except ValueError as error:
        raise ValidationError.at("", f"is not valid JSON: {error}") from None
    except RecursionError:
        raise ValidationError.at("", "is not valid JSON: nested too deeply") from None


def from_json(text: str | bytes, cls: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """Read a ``cls`` from JSON text; any failure is one ValidationError naming where and what."""
    return from_dict(_parse_json(text), cls, converter=converter)


def document_from_json(text: str | bytes, *, converter: cattrs.Converter | None = None) -> Any:
    """Read a document of any type, chosen by its ``"type"`` key (a Goal, a ClientRecord, ...)."""
    data = _parse_json(text)
    kind = data.get("type") if isinstance(data, dict) else None
    cls = next((cls for cls, name in DOCUMENT_TYPES.items() if name == kind), None)
    if cls is None:
        names = ", ".join(DOCUMENT_TYPES.values())
        raise ValidationError.at("type", f"must be one of {names}; got {describe_value(kind)}")
    return from_dict(data, cls, converter=converter)


# --- the compact text stores keep ----------------------------------------------------------------


_WRITERS: dict[type[Any], Callable[[Any], dict[str, Any]]] = {}


def document_fields(obj: Any) -> dict[str, Any]:
    """A model object as its whole document's fields, envelope first, with dates, timestamps
    and codes left for orjson to write (see :mod:`therapy_goals.serialization.writing`)."""
    cls = type(obj)
    write = _WRITERS.get(cls)
    if write is None:
        envelope = {"schema_version": SCHEMA_VERSION, "type": _document_type(cls)}
        write = _WRITERS[cls] = fields_writer(cls, envelope)
    return write(obj)


def encode_dict(document: dict[str, Any]) -> str:
    """The text of a document from :func:`document_fields` (or ``to_dict``), perhaps changed."""
    return orjson.dumps(document).decode("utf-8")


def encode(obj: Any) -> str:
    """The document text of a model object; reads back with :func:`decode` or ``from_json``."""
    return encode_dict(document_fields(obj))


def decode(text: str | bytes, kind: type[T]) -> T:
    """Read a ``kind`` from document text the library wrote: the lean reader first, and on any
    failure the strict reader, which explains the problem (or reads it after all)."""
    try:
        return _lean_read(orjson.loads(text), kind)
    except Exception:
        return from_json(text, kind)


def decode_fields(document: Any, kind: type[T]) -> T:
    """:func:`decode` for a document already parsed (one of many in a store's file)."""
    try:
        return _lean_read(document, kind)
    except Exception:
        return from_dict(document, kind)


def _lean_read(document: Any, kind: type[T]) -> T:
    fields = dict(document)
    if fields.pop("schema_version") != SCHEMA_VERSION or fields.pop("type") != _document_type(kind):
        raise ValueError("another version or type")
    result: T = _LEAN.structure(fields, kind)
    return result
