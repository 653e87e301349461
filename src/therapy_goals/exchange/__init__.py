"""Exchanging goals with other systems and people: the JSON form, HL7 FHIR R4, CSV, iCalendar.

Each format is written by an exporter (registered through ``register_exporters`` like any
plug-in's, in :mod:`therapy_goals.exchange.exporters`) and, where it can be, read back by
:func:`read_record`, which tells the formats apart by their content.
"""

from therapy_goals.exchange.fhir import (
    DEFAULT_EXTENSION_URL,
    bundle_from_record,
    careplan_from_goal,
    goal_to_fhir,
    observation_from_entry,
)
from therapy_goals.exchange.fhir_import import (
    FhirImport,
    FhirRecord,
    goal_from_fhir,
    record_from_fhir,
)
from therapy_goals.exchange.reading import RecordRead, read_record

__all__ = [
    "DEFAULT_EXTENSION_URL",
    "FhirImport",
    "FhirRecord",
    "RecordRead",
    "bundle_from_record",
    "careplan_from_goal",
    "goal_from_fhir",
    "goal_to_fhir",
    "observation_from_entry",
    "read_record",
    "record_from_fhir",
]
