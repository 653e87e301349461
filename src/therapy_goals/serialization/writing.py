"""How stores write documents: one generated function per class, from the object to the dict
that orjson turns into the document's text.

Every goal, entry and review a store saves passes through here, and a bulk import writes
100,000 goals in one call: building the dict was two thirds of a goal's write in Python. The
cattrs converter's unstructure hooks did the same job in 4.2-4.6 µs a goal on the benchmark
machine, through a hook call per nested object, an ``Optional`` wrapper per optional one and a
second dict for the envelope (``schema_version``, ``type``); the function made here writes the
whole document as one dict display in 2.8-3.2 µs. What it writes is what the public converter
(:func:`~therapy_goals.serialization.to_dict`) writes, key for key and in the same order,
except that dates, timestamps and codes are left for orjson, which writes them in the same
ISO and code forms: a property test compares the two for every kind of document.

Like attrs' own ``__init__``, cattrs' hooks and the trusted reader's builders, the function is
generated as Python source, made only from the class's field names (identifiers, checked) and
names of this module's own; no document or other data ever becomes code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, get_args

import attrs

from therapy_goals.model import ParameterValue
from therapy_goals.serialization.primitives import (
    OMITTED_WHEN_EMPTY,
    is_homogeneous_tuple,
    is_optional,
    optional_inner,
)

__all__ = ["fields_writer"]

Write = Callable[[Any], dict[str, Any]]

_AS_IS: tuple[Any, ...] = (str, int, float, bool, ParameterValue, date, datetime)
"""Field types written as they are: JSON values already, or ones orjson writes natively."""

_WRITERS: dict[tuple[type[Any], tuple[tuple[str, Any], ...]], Write] = {}


def _expression(kind: Any, value: str, namespace: dict[str, Any]) -> str:
    """The source that writes ``value`` (itself source) of type ``kind``; new helpers go into
    ``namespace`` under names of the form ``_wN``."""
    optional = is_optional(kind)
    if optional:
        kind = optional_inner(kind)
    if kind in _AS_IS or (isinstance(kind, type) and issubclass(kind, Enum)):
        return value  # None too, for an optional one
    if attrs.has(kind):
        helper = f"_w{len(namespace)}"
        namespace[helper] = fields_writer(kind)
        written = f"{helper}({value})"
    elif is_homogeneous_tuple(kind):
        item = get_args(kind)[0]
        if not attrs.has(item):
            written = f"list({value})"
        else:
            helper = f"_w{len(namespace)}"
            namespace[helper] = fields_writer(item)
            written = f"[{helper}(item) for item in {value}]"
    elif kind == Mapping[str, ParameterValue]:
        written = f"dict({value})"
    else:
        raise TypeError(f"documents have no way to write {kind!r}")
    return f"(None if {value} is None else {written})" if optional else written


def fields_writer(cls: type[Any], envelope: Mapping[str, Any] | None = None) -> Write:
    """A function that writes a ``cls`` as its document's fields, made once per class.

    ``envelope`` holds keys written first, before the fields, with constant values (a whole
    document's ``schema_version`` and ``type``). The fields follow in the class's order; those
    in ``OMITTED_WHEN_EMPTY`` come last and only when they differ from their default, as the
    public converter writes them.
    """
    constants = tuple((envelope or {}).items())
    found = _WRITERS.get((cls, constants))
    if found is not None:
        return found
    fields = attrs.fields(attrs.resolve_types(cls))
    omitted = OMITTED_WHEN_EMPTY.get(cls, ())
    namespace: dict[str, Any] = {}
    entries = []
    for index, (key, constant) in enumerate(constants):
        namespace[f"_e{index}"] = constant
        entries.append(f"{key!r}: _e{index}")
    optional_lines = []
    for field in fields:
        name = field.name
        if not name.isidentifier():  # pragma: no cover - attrs allows only identifiers
            raise TypeError(f"{cls.__name__} has a field that is not an identifier")
        written = _expression(field.type, f"instance.{name}", namespace)
        if name not in omitted:
            entries.append(f"{name!r}: {written}")
            continue
        # A default the writer compares with must be a value (attrs types Factory, a class, as
        # a function). Today every such default is an empty tuple or None.
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{name} is omitted when empty: give it a plain default")
        default = f"_d{len(namespace)}"
        namespace[default] = field.default
        optional_lines += [
            f"    if instance.{name} != {default}:",
            f"        document[{name!r}] = {written}",
        ]
    lines = [
        "def write(instance):",
        f"    document = {{{', '.join(entries)}}}",
        *optional_lines,
        "    return document",
    ]
    code = compile("\n".join(lines), f"<document writer of {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - source made from field names only, see above
    made: Write = namespace["write"]
    _WRITERS[cls, constants] = made
    return made
