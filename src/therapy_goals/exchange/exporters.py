"""The built-in exporters (``json``, ``fhir``, ``csv``, ``ics``), registered through
``register_exporters`` like any plug-in's."""

from __future__ import annotations

import json
from collections.abc import Callable

from therapy_goals.contracts.exporters import Exporter
from therapy_goals.exchange.calendar import record_to_ics
from therapy_goals.exchange.fhir import bundle_from_record
from therapy_goals.exchange.spreadsheet import record_to_csv
from therapy_goals.hookspecs import hookimpl
from therapy_goals.model import ClientRecord
from therapy_goals.serialization import to_json


def write_json(record: ClientRecord) -> bytes:
    """The record as indented UTF-8 JSON, readable by ``from_json(data, ClientRecord)``."""
    return (to_json(record, indent=2) + "\n").encode("utf-8")


def _fhir(record: ClientRecord) -> bytes:
    return (json.dumps(bundle_from_record(record), indent=2, ensure_ascii=False) + "\n").encode()


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(
        Exporter(
            name="json",
            description="A client record in the therapy-goals JSON form (from_json reads it)",
            media_type="application/json",
            suffix=".json",
            write=write_json,
        )
    )
    register(
        Exporter(
            name="fhir",
            description="An HL7 FHIR R4 Bundle (Goal, Observation, CarePlan)",
            media_type="application/fhir+json",
            suffix=".json",
            write=_fhir,
        )
    )
    register(
        Exporter(
            name="csv",
            description="Goals and progress as one CSV file",
            media_type="text/csv",
            suffix=".csv",
            write=lambda record: record_to_csv(record).encode("utf-8"),
        )
    )
    register(
        Exporter(
            name="ics",
            description="Step schedules and review dates (iCalendar)",
            media_type="text/calendar",
            suffix=".ics",
            write=record_to_ics,
        )
    )
