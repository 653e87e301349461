"""Exporters: the formats a client's whole record can be written in.

An exporter is contributed by a plug-in through the ``register_exporters`` hook. The library ships
``json`` (the library's own JSON form); later formats (FHIR, CSV, iCalendar) plug in the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from therapy_goals.model import ClientRecord
from therapy_goals.model.checks import non_blank, slug

__all__ = ["Exporter"]


@attrs.frozen(kw_only=True)
class Exporter:
    """A named way to write a :class:`ClientRecord` as bytes.

    ``write`` must not log what it writes: the record is a client's mental-health data.
    """

    name: str = attrs.field(validator=slug())
    description: str = attrs.field(validator=non_blank(max_length=200))
    media_type: str = attrs.field(validator=non_blank(max_length=100))
    suffix: str = attrs.field(validator=non_blank(max_length=20))
    write: Callable[[ClientRecord], bytes] = attrs.field(eq=False)
