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

from therapy_goals.serialization.documents import (
    DOCUMENT_TYPES,
    SCHEMA_VERSION,
    decode,
    decode_fields,
    default_converter,
    document_fields,
    document_from_json,
    encode,
    encode_dict,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from therapy_goals.serialization.strict import configure_converter

__all__ = [
    "DOCUMENT_TYPES",
    "SCHEMA_VERSION",
    "configure_converter",
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
