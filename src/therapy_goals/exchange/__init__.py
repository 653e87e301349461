"""Exchanging goals with other systems: HL7 FHIR R4 export and import."""

from therapy_goals.exchange.fhir import (
    FhirImport,
    bundle_from_record,
    careplan_from_goal,
    goal_from_fhir,
    goal_to_fhir,
    observation_from_entry,
)

__all__ = [
    "FhirImport",
    "bundle_from_record",
    "careplan_from_goal",
    "goal_from_fhir",
    "goal_to_fhir",
    "observation_from_entry",
]
