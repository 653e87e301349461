"""The built-in ``json`` exporter: a client record in the library's own JSON form.

It is registered through the ``register_exporters`` hook like any third-party exporter.
"""

from __future__ import annotations

from collections.abc import Callable

from therapy_goals.exporters import Exporter
from therapy_goals.hookspecs import hookimpl
from therapy_goals.model import ClientRecord
from therapy_goals.serialization import to_json


def write_json(record: ClientRecord) -> bytes:
    """The record as indented UTF-8 JSON, readable by ``from_json(data, ClientRecord)``."""
    return (to_json(record, indent=2) + "\n").encode("utf-8")


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(
        Exporter(
            name="json",
            description="The therapy-goals JSON form (reads back with from_json)",
            media_type="application/json",
            suffix=".json",
            write=write_json,
        )
    )
