"""The JSON form of every model object, through one cattrs converter.

The JSON form is stable and documented in ``docs/json-format.md``. In short: a document is a JSON
object with ``"schema_version": 1`` and ``"type"`` (``"goal"``, ``"review"``, ...) followed by the
object's fields; dates are ``YYYY-MM-DD``, timestamps ISO 8601 with an offset, codes are their
strings, collections are arrays, and every field is written, ``null`` included. Reading is strict:
an unknown key, a wrong type, a bad date or code, or a broken invariant is an error.

>>> from datetime import date
>>> from therapy_goals.model import Goal
>>> goal = Goal(
...     id="g1", client_id="c-17", statement="Sleep by 23:00 on weeknights", start=date(2026, 3, 2)
... )
>>> from_json(to_json(goal), Goal) == goal
True

Like cattrs' ``preconf`` modules, :func:`configure_converter` sets up any converter, so a plug-in
can build its own converter the same way; :func:`make_converter` builds a new configured one.
Every failure while reading becomes one :class:`~therapy_goals.errors.ValidationError` that lists
each problem with its path, e.g. ``steps[2].minutes: must be > 0, got 0``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum, IntEnum, StrEnum
from types import UnionType
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from therapy_goals.errors import Problem, TherapyGoalsError, ValidationError, describe_value
from therapy_goals.model import (
    ClientRecord,
    Goal,
    Measure,
    ParameterValue,
    ProgressEntry,
    Review,
    Schedule,
    Step,
    StepCompletion,
    TemplateRef,
)

if TYPE_CHECKING:
    from therapy_goals.plugins import PluginManager

__all__ = [
    "DOCUMENT_TYPES",
    "SCHEMA_VERSION",
    "configure_converter",
    "default_converter",
    "document_from_json",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

SCHEMA_VERSION: Final = 1
"""The version of the JSON form. Bumped only with a migration for older documents."""

DOCUMENT_TYPES: Final[Mapping[type[Any], str]] = {
    Goal: "goal",
    Measure: "measure",
    Step: "step",
    Schedule: "schedule",
    TemplateRef: "template-ref",
    ProgressEntry: "progress-entry",
    Review: "review",
    ClientRecord: "client-record",
    StepCompletion: "step-completion",
}
"""Each model class that can be a document, with the ``type`` its documents carry."""

# --- structuring: strict primitives ------------------------------------------------------------


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValidationError.at("", f"must be text, got {describe_value(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError.at("", f"must be a whole number, got {describe_value(value)}")
    return value


def _structure_float(value: Any, _: type) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValidationError.at("", f"must be a number, got {describe_value(value)}")
    if not math.isfinite(value):
        raise ValidationError.at("", f"must be a finite number, got {describe_value(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValidationError.at("", f"must be true or false, got {describe_value(value)}")
    return value


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError.at("", f"must be a date as YYYY-MM-DD, got {describe_value(value)}")


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.utcoffset() is None:
                raise ValidationError.at(
                    "",
                    f"must include a time zone offset such as +00:00, got {describe_value(value)}",
                )
            return moment
    raise ValidationError.at(
        "",
        "must be an ISO 8601 timestamp like 2026-03-02T18:30:00+00:00, "
        f"got {describe_value(value)}",
    )


_PRIMITIVES = (str, int, float, bool, type(None))


def _is_primitive_union(kind: Any) -> bool:
    args = get_args(kind)
    return isinstance(kind, UnionType) and bool(args) and all(a in _PRIMITIVES for a in args)


def _primitive_union_hook(kind: Any, _: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Accept a value of any member type, strictly: no bool for int, no text for numbers."""
    members = get_args(kind)
    names = " or ".join(
        {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
            m, "null"
        )
        for m in members
    )

    def structure(value: Any, _: Any) -> Any:
        if value is None and type(None) in members:
            return None
        if isinstance(value, bool):
            ok = bool in members
        elif isinstance(value, int):
            ok = int in members or float in members
        elif isinstance(value, float):
            ok = float in members and math.isfinite(value)
        else:
            ok = isinstance(value, str) and str in members
        if not ok:
            raise ValidationError.at("", f"must be {names}, got {describe_value(value)}")
        return value

    return structure


def _structure_parameter_value(value: Any, _: type) -> ParameterValue:
    if isinstance(value, str | bool):
        return value
    return _structure_float(value, float)


def _structure_parameters(value: Any, _: type) -> dict[str, ParameterValue]:
    if not isinstance(value, dict):
        raise ValidationError.at(
            "", f"must be an object of parameter values, got {describe_value(value)}"
        )
    problems: list[Problem] = []
    result: dict[str, ParameterValue] = {}
    for key, item in value.items():
        try:
            result[key] = _structure_parameter_value(item, object)
        except ValidationError as error:
            problems.extend(error.within(str(key)).problems)
    if problems:
        raise ValidationError(problems)
    return result


# --- structuring: containers, enums and classes -----------------------------------------------


def _is_homogeneous_tuple(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(kind)[0]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ValidationError.at("", f"must be an array, got {describe_value(value)}")
        items, problems = [], []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as error:
                problems.extend(_problems_of(error, f"[{index}]"))
        if problems:
            raise ValidationError(problems)
        return tuple(items)

    return structure


def _structure_enum(value: Any, kind: type[Enum]) -> Enum:
    if isinstance(value, kind):
        return value
    for member in kind:
        if type(member.value) is type(value) and member.value == value:
            return member
    choices = ", ".join(str(member.value) for member in kind)
    raise ValidationError.at("", f"must be one of {choices}; got {describe_value(value)}")


def _class_hook(kind: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    generated = make_dict_structure_fn(kind, converter, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise ValidationError.at("", f"must be an object, got {describe_value(value)}")
        try:
            return generated(value, kind)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(_problems_of(error, "")) from None

    return structure


def _problems_of(error: BaseException, path: str) -> list[Problem]:
    """Every problem inside a (possibly nested) cattrs or library error, with its full path."""
    if isinstance(error, ValidationError):
        return [problem.within(path) for problem in error.problems]
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            Problem(str(key), "is not a known field; check its spelling or remove it").within(path)
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError):
        with_names, unplaced = error.group_exceptions()
        located = [(inner, Problem(note.name, "").within(path).path) for inner, note in with_names]
        return _problems_in(located, unplaced, path)
    if isinstance(error, IterableValidationError):
        with_indexes, unplaced = error.group_exceptions()
        located = [(inner, f"{path}[{note.index}]") for inner, note in with_indexes]
        return _problems_in(located, unplaced, path)
    if isinstance(error, KeyError):
        return [Problem(path, "is required; add it")]
    if isinstance(error, BaseValidationError):
        return _problems_in([], list(error.exceptions), path)
    if isinstance(error, TherapyGoalsError):
        return [Problem(path, str(error))]
    return [Problem(path, f"is not valid ({type(error).__name__})")]


def _problems_in(
    located: list[tuple[Exception, str]], unplaced: list[Exception], path: str
) -> list[Problem]:
    problems = []
    for inner, inner_path in located:
        problems.extend(_problems_of(inner, inner_path))
    for inner in unplaced:
        problems.extend(_problems_of(inner, path))
    return problems


# --- unstructuring ------------------------------------------------------------------------------


def _iso(value: date) -> str:
    return value.isoformat()


def _code(value: Enum) -> Any:
    return value.value


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` the therapy-goals JSON form (see the module docstring).

    Safe to call on a fresh :class:`cattrs.Converter`; plug-ins that keep their own converter call
    it first and then add hooks for their own types.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook_factory(_is_primitive_union, _primitive_union_hook)
    converter.register_structure_hook(ParameterValue, _structure_parameter_value)
    converter.register_structure_hook_func(
        lambda kind: kind == Mapping[str, ParameterValue], _structure_parameters
    )
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)
    # Registered on the enum bases so that they win over the str and int hooks for StrEnum/IntEnum.
    for enum_base in (Enum, StrEnum, IntEnum):
        converter.register_structure_hook(enum_base, _structure_enum)
        converter.register_unstructure_hook(enum_base, _code)
    converter.register_unstructure_hook(date, _iso)
    converter.register_unstructure_hook(datetime, _iso)


def make_converter(*, plugins: PluginManager | None = None) -> cattrs.Converter:
    """A new converter configured for the JSON form.

    With ``plugins``, each plug-in's ``register_converter_hooks`` hook then adds its own hooks.
    """
    converter = cattrs.Converter(detailed_validation=True)
    configure_converter(converter)
    if plugins is not None:
        plugins.hook.register_converter_hooks(converter=converter)
    return converter


_DEFAULT: Final = make_converter()


def default_converter() -> cattrs.Converter:
    """The shared converter the helpers use by default. Configure your own rather than this."""
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
        raise ValidationError(_problems_of(error, "")) from None
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
