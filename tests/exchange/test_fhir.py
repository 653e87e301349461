"""FHIR exchange: exported resources are valid FHIR, our export round-trips, foreign goals map."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import attrs
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.observation import Observation
from hypothesis import given

from tests.conftest import END_TO_END
from therapy_goals import ClientRecord, Correction, Goal, ValidationError, sample_record
from therapy_goals.exchange import (
    bundle_from_record,
    careplan_from_goal,
    goal_from_fhir,
    goal_to_fhir,
    observation_from_entry,
)
from therapy_goals.exchange.fhir import fhir_id
from therapy_goals.testing import strategies as tgst

# The Goal example of the HL7 FHIR R4 specification (goal-example), as published.
HL7_EXAMPLE: dict[str, Any] = {
    "resourceType": "Goal",
    "id": "example",
    "identifier": [{"value": "123"}],
    "lifecycleStatus": "on-hold",
    "category": [
        {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/goal-category", "code": "dietary"}
            ]
        }
    ],
    "priority": {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/goal-priority",
                "code": "high-priority",
                "display": "High Priority",
            }
        ],
        "text": "high",
    },
    "description": {"text": "Target weight is 160 to 180 lbs."},
    "subject": {"reference": "Patient/example", "display": "Peter James Chalmers"},
    "startDate": "2015-04-05",
    "target": [
        {
            "measure": {
                "coding": [
                    {"system": "http://loinc.org", "code": "3141-9", "display": "Weight Measured"}
                ]
            },
            "detailRange": {
                "low": {"value": 160, "unit": "lbs"},
                "high": {"value": 180, "unit": "lbs"},
            },
            "dueDate": "2016-04-05",
        }
    ],
    "statusDate": "2016-02-14",
    "statusReason": "Patient wants to defer weight loss until after honeymoon.",
    "expressedBy": {"reference": "Patient/example", "display": "Peter James Chalmers"},
    "addresses": [{"display": "obesity condition"}],
    "outcomeReference": [{"reference": "Observation/example", "display": "Body Weight Measured"}],
}


@END_TO_END
@given(tgst.client_records())
def test_every_exported_resource_is_valid_fhir(record: ClientRecord) -> None:
    bundle = bundle_from_record(record)
    Bundle.model_validate(bundle)
    goals = {goal.id: goal for goal in record.goals}
    for goal in record.goals:
        FhirGoal.model_validate(goal_to_fhir(goal))
        CarePlan.model_validate(careplan_from_goal(goal))
    for entry in record.progress:
        Observation.model_validate(observation_from_entry(entry, goals[entry.goal_id]))


@END_TO_END
@given(tgst.goals())
def test_our_own_export_reads_back_exactly(goal: Goal) -> None:
    imported = goal_from_fhir(goal_to_fhir(goal))
    assert imported.goal == goal
    assert imported.unmapped == ()


@END_TO_END
@given(tgst.goals())
def test_the_standard_elements_alone_carry_the_essentials(goal: Goal) -> None:
    resource = goal_to_fhir(goal)
    del resource["extension"]
    imported = goal_from_fhir(resource).goal
    assert (imported.id, imported.statement) == (goal.id, goal.statement)
    assert imported.client_id == fhir_id(goal.client_id)
    assert (imported.status, imported.achievement, imported.priority) == (
        goal.status,
        goal.achievement,
        goal.priority,
    )
    assert (imported.start, imported.due) == (goal.start, goal.due)
    assert imported.why_it_matters == goal.why_it_matters
    if goal.measure is not None:
        assert imported.measure is not None
        assert imported.measure.target == goal.measure.target
        if goal.measure.questionnaire in ("phq9", "gad7"):
            assert imported.measure.questionnaire == goal.measure.questionnaire


def test_questionnaire_measures_use_their_loinc_codes() -> None:
    goal = sample_record(start=date(2026, 3, 2)).goals[0]
    resource = goal_to_fhir(goal)
    [target] = resource["target"]
    assert target["measure"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "70274-6",
        "display": "Generalized anxiety disorder 7 item (GAD-7) total score",
    }
    assert target["detailQuantity"] == {"value": 7, "unit": "score", "comparator": "<="}
    assert target["dueDate"] == "2026-05-25"
    assert resource["category"][0]["coding"][0]["code"] == "behavioral"
    phq = attrs.evolve(goal, measure=attrs.evolve(goal.measure, questionnaire="phq9"))
    assert goal_to_fhir(phq)["target"][0]["measure"]["coding"][0]["code"] == "44261-6"


def test_an_entry_marked_in_error_is_exported_as_fhir_marks_it() -> None:
    record = sample_record(start=date(2026, 3, 2))
    goal, entry = record.goals[0], record.progress[0]
    wrong = attrs.evolve(entry, entered_in_error=Correction(reason="typed into the wrong goal"))
    assert observation_from_entry(entry, goal)["status"] == "final"
    exported = observation_from_entry(wrong, goal)
    assert exported["status"] == "entered-in-error"  # FHIR R4 observation-status
    Observation.model_validate(exported)


def test_observations_and_careplans_point_at_their_goal() -> None:
    record = sample_record(start=date(2026, 3, 2))
    goal = record.goals[0]
    observation = observation_from_entry(record.progress[0], goal)
    assert observation["focus"] == [{"reference": "Goal/goal-anxiety-1"}]
    plan = careplan_from_goal(goal)
    assert [a["detail"]["goal"] for a in plan["activity"]] == [
        [{"reference": "Goal/goal-anxiety-1"}]
    ] * 4  # two steps, then two if-then plans
    assert plan["activity"][2]["detail"]["description"] == (
        "If my heart starts racing before a meeting, then I will do 4-7-8 breathing for two "
        "minutes."
    )
    assert plan["activity"][0]["detail"]["scheduledTiming"]["repeat"] == {
        "frequency": 3,
        "period": 1,
        "periodUnit": "wk",
        "duration": 10,
        "durationUnit": "min",
    }


def test_the_hl7_example_goal_is_mapped_and_the_rest_listed() -> None:
    FhirGoal.model_validate(HL7_EXAMPLE)
    imported = goal_from_fhir(HL7_EXAMPLE)
    goal = imported.goal
    assert (goal.id, goal.client_id, goal.statement) == (
        "example",
        "example",
        "Target weight is 160 to 180 lbs.",
    )
    assert goal.status.value == "on-hold"
    assert goal.priority is not None
    assert goal.priority.value == "high-priority"
    assert (goal.start, goal.due) == (date(2015, 4, 5), date(2016, 4, 5))
    assert goal.measure is not None
    assert goal.measure.name == "Weight Measured"
    # Issue 17: the LOINC code and the 160-180 lbs range were dropped; now kept.
    assert [(c.system, c.code) for c in goal.measure.codes] == [("http://loinc.org", "3141-9")]
    assert (goal.measure.target_low, goal.measure.target_high) == (160, 180)
    assert goal.measure.unit == "lbs"
    assert goal.expressed_by.value == "client"
    assert goal.notes == "Status reason: Patient wants to defer weight loss until after honeymoon."
    assert set(imported.unmapped) == {
        "statusDate: 2016-02-14",
        "addresses: obesity condition",
        "outcomeReference: Body Weight Measured",
        "category: dietary",
    }
    again = goal_to_fhir(goal)
    assert again["target"][0]["measure"]["coding"] == HL7_EXAMPLE["target"][0]["measure"]["coding"]
    assert again["target"][0]["detailRange"] == HL7_EXAMPLE["target"][0]["detailRange"]


@pytest.mark.parametrize(
    ("change", "paths"),
    [
        (lambda r: r.update(resourceType="Observation"), ["resourceType"]),
        (lambda r: r.update(lifecycleStatus="paused"), ["lifecycleStatus"]),
        (lambda r: r.pop("description"), ["description.text"]),
        (lambda r: r.update(target={"dueDate": "2016"}), ["target"]),
        (lambda r: r.update(identifier="123"), ["identifier"]),
        (lambda r: r.update(startDate="last spring"), ["startDate"]),
        (
            lambda r: (r.pop("subject"), r.update(lifecycleStatus=3)),
            ["lifecycleStatus", "subject.reference"],
        ),
    ],
)
def test_invalid_resources_give_the_library_error(change: Any, paths: list[str]) -> None:
    resource = copy.deepcopy(HL7_EXAMPLE)
    change(resource)
    with pytest.raises(ValidationError) as info:
        goal_from_fhir(resource)
    assert list(info.value.paths) == paths


def test_a_goal_without_a_start_date_starts_on_its_status_date_or_due_date_and_says_so() -> None:
    """Issue 17: startDate is optional in FHIR; a goal without one was refused."""
    resource = copy.deepcopy(HL7_EXAMPLE)
    del resource["startDate"]
    imported = goal_from_fhir(resource)
    assert imported.goal.start == date(2016, 2, 14)
    assert imported.notices == ("no startDate: started on the statusDate 2016-02-14",)
    given = goal_from_fhir(resource, start=date(2015, 1, 1))
    assert given.goal.start == date(2015, 1, 1)
    assert given.notices == ("no startDate: started on 2015-01-01, as given",)
    del resource["statusDate"]
    assert goal_from_fhir(resource).goal.start == date(2016, 4, 5)  # the earliest due date
    del resource["target"]
    today = goal_from_fhir(resource, today=date(2026, 3, 2))
    assert today.goal.start == date(2026, 3, 2)
    assert today.notices == ("no startDate: started on the import day 2026-03-02",)
