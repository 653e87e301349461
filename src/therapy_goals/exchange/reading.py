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
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.errors import ValidationError, describe_value
from therapy_goals.exchange.fhir import goal_from_fhir
from therapy_goals.exchange.spreadsheet import record_from_csv
from therapy_goals.model import ClientRecord, Goal
from therapy_goals.serialization import from_dict

__all__ = ["RecordRead", "read_record"]


@attrs.frozen
class RecordRead:
    """What :func:`read_record` found: the record, and what could not be carried over."""

    record: ClientRecord
    warnings: tuple[str, ...] = ()


def read_record(source: bytes | Path, *, client_id: str | None = None) -> RecordRead:
    """Read a client record from a file's bytes or path (see the module docstring).

    ``client_id`` names the client for FHIR resources, whose subject is another system's id.
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
        return _from_fhir(document, client_id)
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


def _from_fhir(document: dict[str, Any], client_id: str | None) -> RecordRead:
    if document["resourceType"] == "Bundle":
        entries = document.get("entry") or []
        if not isinstance(entries, list):
            raise ValidationError.at("entry", f"must be an array, got {describe_value(entries)}")
        resources = [e.get("resource") for e in entries if isinstance(e, dict)]
    else:
        resources = [document]
    goals: list[Goal] = []
    warnings: list[str] = []
    for index, resource in enumerate(resources):
        if isinstance(resource, dict) and resource.get("resourceType") == "Goal":
            try:
                imported = goal_from_fhir(resource, client_id=client_id)
            except ValidationError as error:
                raise error.within(f"entry[{index}].resource") from None
            goals.append(imported.goal)
            warnings += [f"goal {imported.goal.id}: not imported: {u}" for u in imported.unmapped]
    owner = client_id or (goals[0].client_id if goals else "unknown")
    goals = [attrs.evolve(goal, client_id=owner) for goal in goals]
    return RecordRead(ClientRecord(client_id=owner, goals=tuple(goals)), tuple(warnings))
