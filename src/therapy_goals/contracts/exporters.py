"""Exporters: the formats a client's whole record can be written in.

An exporter is contributed by a plug-in through the ``register_exporters`` hook. The library ships
``json`` (the library's own JSON form); later formats (FHIR, CSV, iCalendar) plug in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from therapy_goals.errors import PluginError, ValidationError
from therapy_goals.model import ClientRecord
from therapy_goals.model.checks import non_blank, slug

__all__ = ["Exporter"]


_MEDIA_TYPE = re.compile(r"^[a-z]+/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(;.*)?$")


def _media_type(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _MEDIA_TYPE.match(value):
        raise ValidationError.at(
            attribute.name, f"must be a media type like 'text/markdown', got {value!r}"
        )


def _suffix(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"\.[A-Za-z0-9]+(\.[A-Za-z0-9]+)*", value):
        raise ValidationError.at(
            attribute.name, f"must be a file name ending like '.md' or '.tar.gz', got {value!r}"
        )


def _callable(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not callable(value):
        raise ValidationError.at(attribute.name, "must be a function (record) -> bytes")


@attrs.frozen(kw_only=True)
class Exporter:
    """A named way to write a :class:`ClientRecord` as bytes.

    ``write`` must not log what it writes: the record is a client's mental-health data. Call
    :meth:`export`, which checks that ``write`` kept its promise of bytes.
    """

    name: str = attrs.field(validator=slug())
    description: str = attrs.field(validator=non_blank(max_length=200))
    media_type: str = attrs.field(validator=_media_type)
    suffix: str = attrs.field(validator=_suffix)
    write: Callable[[ClientRecord], bytes] = attrs.field(eq=False, validator=_callable)

    def export(self, record: ClientRecord) -> bytes:
        """``write(record)``; a :class:`PluginError` naming the exporter if it gave no bytes."""
        data = self.write(record)
        if not isinstance(data, bytes):
            raise PluginError(
                f"exporter {self.name!r} returned {type(data).__name__}, not bytes; "
                "encode the text, e.g. text.encode()"
            )
        return data
