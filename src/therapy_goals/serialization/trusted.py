"""The trusted reader: documents a store proves it wrote itself, read without re-checking them.

A store writes a document only from a model object, and a model object exists only once every
validator has passed. Reading that document back through the validators proves nothing new; it
is most of the time a store spends reading (a goal has some sixty checked fields). So each
document a store writes carries a checksum, :func:`checksum`: a CRC-32 of its exact text.
When the checksum read back matches, the text is byte for byte what the library wrote, and
:func:`read_trusted` builds the objects directly, field by field, without the per-field
validators. The checks that relate fields to each other (a due date not before the start, a
questionnaire total that is the sum of its answers, ...) still run: they are cheap, and they
keep the model's invariants true even for an object the library was tricked into writing.

Any doubt sends the document to the strict reader, whose errors explain: a checksum that is
missing (a row from before checksums, or written by something else) or does not match (a
damaged or edited row), a key the reader does not know, a field that is missing. What is read is
the same either way; a property test checks it for every kind of document.

The checksum detects damage and edits made without the library, not a determined forger who can
already write to the store (no checksum could: its key would sit in this public source). So it
is the cheapest that detects damage: CRC-32, as zip, PNG and gzip use, which always detects a
change confined to 4 bytes in a row and misses other damage once in 4 billion (PostgreSQL's own
page checksums have 16 bits); and a row that slipped through must still parse as a document of
exactly the right fields and types. It starts from the CRC of a key that names the schema and
:data:`TRUST_VERSION`, so that documents written before a model's checks changed are read
strictly again. A keyed BLAKE2b-128 cost twice as much per row, a tenth of reading a series.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from types import MappingProxyType, MemberDescriptorType
from typing import Any, Final, TypeVar, get_args

import attrs
import orjson

from therapy_goals.errors import TherapyGoalsError
from therapy_goals.model import ParameterValue
from therapy_goals.model.relations import cross_field_checks
from therapy_goals.serialization.documents import DOCUMENT_TYPES, SCHEMA_VERSION
from therapy_goals.serialization.primitives import (
    OMITTED_WHEN_EMPTY,
    is_homogeneous_tuple,
    is_optional,
    optional_inner,
)

__all__ = [
    "TRUST_VERSION",
    "Untrusted",
    "checksum",
    "read_trusted",
    "signed_reader",
    "trusted_reader",
]

T = TypeVar("T")

TRUST_VERSION: Final = 1
"""Bumped whenever a model check becomes stricter, so that documents written before are read
through the strict reader (and its clear error) rather than trusted."""

_SEED: Final = binascii.crc32(
    f"therapy-goals document v{SCHEMA_VERSION} trust v{TRUST_VERSION}".encode()
)
"""Where each checksum starts: the CRC of the key, so a new key changes every checksum."""


def checksum(text: str) -> int:
    """The checksum a store keeps beside the document ``text`` it wrote: an integer from 0 to
    2**32 - 1, kept as one (compared as a number, it costs a tenth of formatting it as text)."""
    return binascii.crc32(text.encode("utf-8"), _SEED)


class Untrusted(TherapyGoalsError):
    """The document cannot be read the trusted way; the caller reads it strictly instead."""


Read = Callable[[Any], Any]
_MISSING: Final = object()


def _members(kind: type[Enum]) -> Read:
    members = {member.value: member for member in kind}
    return members.__getitem__


def _reader(kind: Any) -> Read | None:
    """How to turn a JSON value into a field of type ``kind`` (``None``: it is already right)."""
    if is_optional(kind):
        kind = optional_inner(kind)
    if kind in (str, int, float, bool, ParameterValue):
        return None
    if kind is date:
        return date.fromisoformat
    if kind is datetime:
        return datetime.fromisoformat
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _members(kind)
    if attrs.has(kind):
        return _builder(kind)
    if is_homogeneous_tuple(kind):
        item = _reader(get_args(kind)[0])
        if item is None:
            return tuple
        return lambda values: tuple([item(value) for value in values])
    if kind == Mapping[str, ParameterValue]:
        return lambda values: MappingProxyType(dict(values))
    raise TypeError(f"the trusted reader has no way to read {kind!r}")


def _default(cls: type[Any], field: attrs.Attribute[Any]) -> Any:
    """The value of a field the writer may omit (see ``OMITTED_WHEN_EMPTY``): its default.
    Every other field is always written, so a document without it is not one of ours."""
    if field.name not in OMITTED_WHEN_EMPTY.get(cls, ()):
        return _MISSING
    return field.default


def _setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """What sets field ``name`` of a new ``cls``: its slot's own descriptor, three times as fast
    as ``object.__setattr__``, which looks the descriptor up on every call."""
    for klass in cls.__mro__:
        if name in vars(klass):
            slot = vars(klass)[name]
            if isinstance(slot, MemberDescriptorType):
                return slot.__set__
            break
    raise TypeError(f"the trusted reader needs slotted classes; {cls.__name__}.{name} is not")


_BUILDERS: dict[tuple[type[Any], bool], Read] = {}


def _builder(cls: type[Any], *, whole: bool = False) -> Read:
    """A function that builds a ``cls`` from its document's fields, made once per class.

    With ``whole``, the document is a whole stored one: besides the fields it holds exactly the
    ``schema_version`` this library writes and the ``type`` that names ``cls``, checked here
    rather than popped first (a series reads thousands).

    Like attrs' own ``__init__`` and cattrs' hooks, the function is generated as Python source,
    one line per field: a loop over the same fields and setters cost about a fifth more per goal
    (21 against 17 µs on the benchmark machine), enough to take loading 100,000 goals past twice
    the dict baseline. The source is made only from the class's field names (identifiers,
    checked) and names of this function's own; no document or other data ever becomes code.
    """
    built = _BUILDERS.get((cls, whole))
    if built is not None:
        return built
    fields = attrs.fields(attrs.resolve_types(cls))
    envelope = ("schema_version", "type") if whole else ()
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_new": object.__new__,
        "_names": frozenset([*(field.name for field in fields), *envelope]),
        "_count": len(fields) + len(envelope),
        "Untrusted": Untrusted,
        "_not_ours": f"not a {cls.__name__} document as this version writes them",
    }
    omitted = OMITTED_WHEN_EMPTY.get(cls, ())
    # Every field but the omitted ones is read by key below, so with none omitted the length
    # alone shows there is no key the reader does not know.
    known = "not _names.issuperset(document)" if omitted else "len(document) != _count"
    if whole:
        namespace["_version"], namespace["_type"] = SCHEMA_VERSION, DOCUMENT_TYPES[cls]
        known += ' or document["schema_version"] != _version or document["type"] != _type'
    lines = [
        "def build(document):",
        f"    if {known}:",
        "        raise Untrusted(_not_ours)",
        "    made = _new(_cls)",
    ]
    for index, field in enumerate(fields):
        name = field.name
        if not name.isidentifier():  # pragma: no cover - attrs allows only identifiers
            raise TypeError(f"{cls.__name__} has a field that is not an identifier")
        namespace[f"_s{index}"] = _setter(cls, name)
        default = _default(cls, field)
        if default is _MISSING:
            value = f"document[{name!r}]"
        else:
            namespace[f"_d{index}"] = default
            value = f"document.get({name!r}, _d{index})"
        read = _reader(field.type)
        if read is None:
            lines.append(f"    _s{index}(made, {value})")
            continue
        namespace[f"_r{index}"] = read
        lines.append(f"    value = {value}")
        if default is _MISSING and not is_optional(field.type):
            lines.append(f"    _s{index}(made, _r{index}(value))")
        else:
            keep = "value is None" + ("" if default is _MISSING else f" or value is _d{index}")
            lines.append(f"    _s{index}(made, value if {keep} else _r{index}(value))")
    for index, (name, check) in enumerate(cross_field_checks(cls)):
        namespace[f"_c{index}"] = check
        namespace[f"_f{index}"] = getattr(fields, name)
        lines.append(f"    _c{index}(made, _f{index}, made.{name})")
    lines.append("    return made")
    # The helpers are the function's globals (``namespace``), each read once per call: Python
    # 3.11 caches a global's lookup in the instruction, which measured about 15% faster per goal
    # than passing them as keyword defaults (copied into every call's frame, used or not).
    code = compile("\n".join(lines), f"<trusted reader of {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - source made from field names only, see above
    made_here: Read = namespace["build"]
    _BUILDERS[cls, whole] = made_here
    return made_here


_READERS: dict[type[Any], Callable[[str | bytes], Any]] = {}
_SIGNED_READERS: dict[type[Any], Callable[[str, int | None], Any]] = {}


def trusted_reader(kind: type[T]) -> Callable[[str | bytes], T]:
    """The trusted reader of ``kind``'s document text, made once per kind.

    It reads the text of a document whose checksum matched. Any exception it raises means the
    text is not one the library could have written, or that a check relating its fields failed:
    the caller then reads it with the strict reader, which decides and explains
    (:class:`Untrusted` is raised where nothing more precise applies).
    """
    found = _READERS.get(kind)
    if found is not None:
        return found
    build = _builder(kind, whole=True)
    loads = orjson.loads

    def read(text: str | bytes) -> Any:
        return build(loads(text))

    _READERS[kind] = read
    return read


def signed_reader(kind: type[T]) -> Callable[[str, int | None], T | None]:
    """:func:`trusted_reader` behind the checksum, in one call per row for the loops that read
    many: ``read(text, signed)`` is the trusted read of ``text``, or ``None`` when ``signed`` is
    missing or is not the checksum of ``text`` or the trusted read fails in any way (the caller
    then reads the row strictly, which explains)."""
    found = _SIGNED_READERS.get(kind)
    if found is not None:
        return found
    build = _builder(kind, whole=True)
    loads, crc32, seed = orjson.loads, binascii.crc32, _SEED

    # What checksum() and trusted_reader()'s read do, written out: a series reads thousands.
    def read_signed(text: str, signed: int | None) -> Any:
        try:
            if crc32(text.encode("utf-8"), seed) != signed:
                return None
            return build(loads(text))
        except Exception:  # any doubt: the strict reader decides and explains
            return None

    _SIGNED_READERS[kind] = read_signed
    return read_signed


def read_trusted(text: str | bytes, kind: type[T]) -> T:
    """A ``kind`` from the text of a document whose checksum matched (see
    :func:`trusted_reader`): :class:`Untrusted` when it is not a document the library could have
    written, the model's ValidationError when a check relating its fields fails."""
    try:
        return trusted_reader(kind)(text)
    except TherapyGoalsError:
        raise
    except Exception as error:
        raise Untrusted(
            f"not a {kind.__name__} document as therapy-goals writes them ({type(error).__name__})"
        ) from None
