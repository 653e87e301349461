"""Reading a client record from whatever a person hands over, in any format the library writes.

:func:`read_record` takes the bytes of a file (or its path) and tells the format apart by its
content: the JSON form (a client record, a client export, or one goal), an HL7 FHIR R4 Bundle or
Goal, or the CSV form. Whatever it reads becomes one :class:`~therapy_goals.ClientRecord`, with
warnings for what could not be carried over (FHIR elements the model has no place for). Every
problem is a :class:`~therapy_goals.errors.ValidationError` that names the place; nothing here
writes to a store (see :meth:`therapy_goals.storage.Store.import_record`).

>>> from datetime import date
>>> from therapy_goals import sample_record, to_json
>>> read = read_record(to_json(sample_record(start=date(2026, 3, 2))).encode())
>>> len(read.record.goals), len(read.record.progress), read.warnings
(1, 3, ())
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.errors import ValidationError, describe_value
from therapy_goals.exchange.fhir_import import record_from_fhir
from therapy_goals.exchange.spreadsheet import record_from_csv
from therapy_goals.model import ClientRecord, Goal
from therapy_goals.serialization import from_dict

__all__ = ["RecordRead", "read_record"]


@attrs.frozen
class RecordRead:
    """What :func:`read_record` found: the record, and what could not be carried over."""

    record: ClientRecord
    warnings: tuple[str, ...] = ()


def read_record(
    source: bytes | Path, *, client_id: str | None = None, start: date | None = None
) -> RecordRead:
    """Read a client record from a file's bytes or path (see the module docstring).

    ``client_id`` names the client for FHIR resources, whose subject is another system's id;
    ``start`` is the start of a FHIR goal that has no ``startDate`` (else: its ``statusDate``,
    its earliest target due date, or the import day, with a warning saying which).
    """
    data = source.read_bytes() if isinstance(source, Path) else source
    if not isinstance(data, bytes):
        raise ValidationError.at("", f"must be bytes or a path, got {describe_value(data)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError.at("", f"is not UTF-8 text (byte {error.start})") from None
    if not text.lstrip().startswith(("{", "[")):
        return RecordRead(record_from_csv(text))
    document = _parse(text)
    if isinstance(document, dict) and document.get("resourceType") in ("Bundle", "Goal"):
        return _from_fhir(document, client_id, start)
    if isinstance(document, dict) and document.get("type") == "client-export":
        record_fields = {k: v for k, v in document.items() if k not in ("history", "archived")}
        return RecordRead(from_dict({**record_fields, "type": "client-record"}, ClientRecord))
    if isinstance(document, dict) and document.get("type") == "goal":
        goal = from_dict(document, Goal)
        return RecordRead(ClientRecord(client_id=goal.client_id, goals=(goal,)))
    return RecordRead(from_dict(document, ClientRecord))


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError.at(
            "", f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise ValidationError.at("", "is not valid JSON: nested too deeply") from None


def _from_fhir(document: dict[str, Any], client_id: str | None, start: date | None) -> RecordRead:
    read = record_from_fhir(document, client_id=client_id, start=start)
    return RecordRead(read.record, read.warnings)
