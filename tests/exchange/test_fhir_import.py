"""FHIR import keeps what the source said (issue 17): every detail[x] kind, codes, published
examples from HL7 and US Core, the resource's own elements over our extension, and bundles with
their Observations and CarePlans."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

from tests.conftest import END_TO_END
from therapy_goals import ClientRecord, Coding, Direction, sample_record
from therapy_goals.exchange import (
    bundle_from_record,
    goal_from_fhir,
    goal_to_fhir,
    record_from_fhir,
)
from therapy_goals.testing import strategies as tgst

DATA = Path(__file__).parent.parent / "data" / "fhir"  # sources: tests/data/fhir/SOURCES.md
LOINC_WEIGHT = {"system": "http://loinc.org", "code": "3141-9", "display": "Weight Measured"}


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text())


def goal_with_target(**target: Any) -> dict[str, Any]:
    return {
        "resourceType": "Goal",
        "lifecycleStatus": "active",
        "description": {"text": "Reach a healthy weight"},
        "subject": {"reference": "Patient/p1"},
        "startDate": "2026-03-02",
        "target": [{"measure": {"coding": [LOINC_WEIGHT]}, **target}],
    }


# --- every detail[x] kind has a place -------------------------------------------------------------

UCUM_KG = {"unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (
            {"detailQuantity": {"value": 80, "comparator": "<=", **UCUM_KG}},
            {"target": 80, "direction": Direction.DECREASE, "unit": "kg", "unit_code": "kg"},
        ),
        (
            {"detailRange": {"low": {"value": 70, **UCUM_KG}, "high": {"value": 80, **UCUM_KG}}},
            {"target_low": 70, "target_high": 80, "unit": "kg", "unit_code": "kg"},
        ),
        (
            {
                "detailCodeableConcept": {
                    "coding": [{"system": "http://snomed.info/sct", "code": "8517006"}],
                    "text": "Ex-smoker",
                }
            },
            {
                "target_code": Coding(system="http://snomed.info/sct", code="8517006"),
                "target_text": "Ex-smoker",
            },
        ),
        ({"detailString": "Walks without a frame"}, {"target_text": "Walks without a frame"}),
        ({"detailBoolean": True}, {"target_text": "yes"}),
        ({"detailInteger": 3}, {"target": 3}),
        (
            {
                "detailRatio": {
                    "numerator": {"value": 1, "unit": "walk"},
                    "denominator": {"value": 2, "unit": "day"},
                }
            },
            {"target": 0.5, "unit": "walk/day"},
        ),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else "",
)
def test_every_detail_kind_is_mapped(target: dict[str, Any], expected: dict[str, Any]) -> None:
    measure = goal_from_fhir(goal_with_target(**target)).goal.measure
    assert measure is not None
    assert measure.codes == (
        Coding(system="http://loinc.org", code="3141-9", display="Weight Measured"),
    )
    assert {name: getattr(measure, name) for name in expected} == expected


def test_quantity_range_code_and_words_go_back_out_as_they_came() -> None:
    for target in (
        {"detailQuantity": {"value": 80, "comparator": "<=", **UCUM_KG}},
        {"detailRange": {"low": {"value": 70, **UCUM_KG}, "high": {"value": 80, **UCUM_KG}}},
        {"detailString": "Walks without a frame"},
    ):
        resource = goal_with_target(**target)
        [written] = goal_to_fhir(goal_from_fhir(resource).goal)["target"]
        assert written["measure"]["coding"] == [LOINC_WEIGHT]
        assert written["measure"]["text"] == "Weight Measured"  # the measure's name, from display
        assert {k: v for k, v in written.items() if k != "measure"} == {
            k: v for k, v in resource["target"][0].items() if k != "measure"
        }


# --- published examples ---------------------------------------------------------------------------


def test_us_core_goal_with_only_a_due_date_imports_and_starts_on_it() -> None:
    imported = goal_from_fhir(load("us-core-goal-1.json"))
    goal = imported.goal
    assert (goal.id, goal.client_id, goal.status.value) == ("goal-1", "example", "active")
    assert goal.statement == "Patient is targeting a pulse oximetry of 92% and a weight of 195 lbs"
    assert (goal.start, goal.due) == (date(2016, 4, 5), date(2016, 4, 5))
    assert imported.notices == ("no startDate: started on the earliest target due date 2016-04-05",)
    assert goal.expressed_by.value == "therapist"  # a Practitioner


def test_us_core_coded_goal_keeps_its_text_and_lists_its_code() -> None:
    imported = goal_from_fhir(load("us-core-goal-sdoh-2.json"))
    assert imported.goal.statement == "In paid employment"
    assert "description.coding: http://snomed.info/sct|406156006" in imported.unmapped


def test_hl7_stop_smoking_goal_lists_its_outcome_code() -> None:
    imported = goal_from_fhir(load("hl7-r4-goal-stop-smoking.json"))
    assert imported.goal.status.value == "completed"
    assert imported.goal.achievement is not None
    assert imported.goal.achievement.value == "achieved"
    assert "outcomeCode: Former smoker (http://snomed.info/sct|8517006)" in imported.unmapped


def test_a_us_core_phq9_total_becomes_progress_of_the_goal_measured_by_it() -> None:
    goal = {
        "resourceType": "Goal",
        "id": "phq9-goal",
        "lifecycleStatus": "active",
        "description": {"text": "Bring my PHQ-9 score under 10"},
        "subject": {"reference": "Patient/example"},
        "startDate": "2022-11-01",
        "target": [
            {
                "measure": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
                "detailQuantity": {"value": 10, "comparator": "<"},
            }
        ],
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": goal},
            {"resource": load("us-core-Observation-PHQ9-item-example-44261-6.json")},
            {"resource": load("us-core-careplan-ulcer-example.json")},
            {"resource": load("us-core-QuestionnaireResponse-phq-9-example.json")},
        ],
    }
    read = record_from_fhir(bundle)
    [entry] = read.record.progress
    assert (entry.goal_id, entry.value) == ("phq9-goal", 12)
    assert entry.at == datetime(2022, 11, 29, 20, 50, 32, 718000, tzinfo=UTC)
    assert read.record.goals[0].measure is not None
    assert read.record.goals[0].measure.questionnaire == "phq9"
    # The US Core response the total derives from gives the entry its item answers.
    assert entry.administration is not None
    assert entry.administration.questionnaire == "phq9"
    assert entry.administration.total == 12
    assert len(entry.administration.answers) == 9
    assert read.warnings == (
        "goal phq9-goal: not imported: category: ..." if False else read.warnings
    )


# --- the resource's own elements win --------------------------------------------------------------


def test_an_edit_made_elsewhere_to_status_and_description_is_imported() -> None:
    goal = sample_record(start=date(2026, 3, 2)).goals[0]
    resource = goal_to_fhir(goal)
    resource["lifecycleStatus"] = "on-hold"
    resource["description"] = {"text": "Practise mindfulness for 15 minutes twice a week"}
    imported = goal_from_fhir(resource).goal
    assert imported.status.value == "on-hold"
    assert imported.statement == "Practise mindfulness for 15 minutes twice a week"
    assert imported.steps == goal.steps  # what FHIR has no element for comes from the extension
    assert imported.confidence == goal.confidence


def test_the_extension_url_can_be_an_apps_own() -> None:
    goal = sample_record(start=date(2026, 3, 2)).goals[0]
    url = "https://clinic.example.org/fhir/StructureDefinition/goal"
    resource = goal_to_fhir(goal, extension_url=url)
    assert resource["extension"][0]["url"] == url
    assert goal_from_fhir(resource, extension_urls=[url]).goal == goal
    unknown = goal_from_fhir(resource)  # not told the URL: the standard elements only
    assert unknown.goal.steps == ()
    assert f"extension: {url}" in unknown.unmapped


# --- bundles in -----------------------------------------------------------------------------------


def test_our_bundle_brings_back_goals_progress_and_steps() -> None:
    record = sample_record(start=date(2026, 3, 2))
    read = record_from_fhir(bundle_from_record(record))
    assert read.record.goals == record.goals
    assert [(e.id, e.goal_id, e.value, e.at) for e in read.record.progress] == [
        (e.id, e.goal_id, e.value, e.at) for e in record.progress
    ]
    assert read.warnings == ()


def test_careplan_activities_of_a_foreign_goal_become_steps() -> None:
    goal = goal_with_target(detailQuantity={"value": 80})
    goal["id"] = "g1"
    plan = {
        "resourceType": "CarePlan",
        "id": "plan1",
        "status": "active",
        "intent": "plan",
        "subject": {"reference": "Patient/p1"},
        "goal": [{"reference": "Goal/g1"}],
        "activity": [
            {
                "detail": {
                    "status": "in-progress",
                    "description": "Walk after dinner",
                    "scheduledTiming": {
                        "repeat": {
                            "frequency": 3,
                            "period": 1,
                            "periodUnit": "wk",
                            "duration": 20,
                            "durationUnit": "min",
                        }
                    },
                }
            }
        ],
    }
    read = record_from_fhir(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": goal}, {"resource": plan}],
        }
    )
    [step] = read.record.goals[0].steps
    assert (step.action, step.status.value, step.minutes) == (
        "Walk after dinner",
        "in-progress",
        20,
    )
    assert step.schedule is not None
    assert (step.schedule.count, step.schedule.per.value) == (3, "week")


@END_TO_END
@given(tgst.client_records(max_goals=2))
def test_export_import_export_gives_the_same_bundle(record: ClientRecord) -> None:
    """The done-when property: for generated goals with measures and progress, the bundle written
    after a round trip through import equals the first on every element."""
    first = bundle_from_record(record)
    read = record_from_fhir(first)
    if not record.goals:
        return
    again = bundle_from_record(
        attrs.evolve(read.record, reviews=record.reviews, completions=record.completions)
    )
    assert again == first


# --- the command ----------------------------------------------------------------------------------


def _run(store: str, *args: str) -> Any:
    from click.testing import CliRunner

    from therapy_goals.cli import cli

    return CliRunner().invoke(cli, ["--store", store, *args])


def test_a_fhir_export_imports_into_a_fresh_store_with_its_progress(tmp_path: Path) -> None:
    """Issue 17: importing our own FHIR bundle into a fresh store said `0 progress entries`."""
    first, second = f"sqlite://{tmp_path / 'a.db'}", f"sqlite://{tmp_path / 'b.db'}"
    from therapy_goals import open_store

    with open_store(first) as store:
        store.import_record(sample_record(start=date(2026, 3, 2)))
    bundle = tmp_path / "bundle.json"
    assert (
        _run(
            first, "export", "--client", "client-0001", "--format", "fhir", "-o", str(bundle)
        ).exit_code
        == 0
    )
    result = _run(second, "import", str(bundle))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported 1 goal(s), 3 progress entries")


def test_a_goal_edited_elsewhere_comes_back_as_a_new_revision(tmp_path: Path) -> None:
    store_url = f"sqlite://{tmp_path / 'goals.db'}"
    from therapy_goals import open_store

    record = sample_record(start=date(2026, 3, 2))
    with open_store(store_url) as store:
        store.import_record(record)
    resource = goal_to_fhir(record.goals[0])
    resource["lifecycleStatus"] = "on-hold"
    resource["description"] = {"text": "Practise mindfulness for 15 minutes twice a week"}
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(resource))
    result = _run(store_url, "import", str(edited))
    assert result.exit_code == 0, result.output
    assert "1 goal(s) changed in the file saved as new revisions" in result.stdout
    with open_store(store_url) as store:
        goal = store.get(record.goals[0].id)
        history = store.history(goal.id)
    assert (goal.status.value, goal.statement, goal.revision) == (
        "on-hold",
        "Practise mindfulness for 15 minutes twice a week",
        2,
    )
    assert history[-1].change == "imported"
    again = _run(store_url, "import", str(edited))
    assert "1 goal(s) and 0 entries already here, unchanged" in again.stdout


def test_the_command_takes_a_start_for_a_goal_without_one(tmp_path: Path) -> None:
    goal = tmp_path / "goal.json"
    goal.write_text((DATA / "us-core-goal-1.json").read_text())
    store_url = f"sqlite://{tmp_path / 'goals.db'}"
    result = _run(store_url, "import", str(goal), "--start", "2016-01-04")
    assert result.exit_code == 0, result.output
    assert "warning: goal goal-1: no startDate: started on 2016-01-04, as given" in result.stderr


def test_a_phq9_response_alone_becomes_an_administration_of_the_goal_measured_by_it() -> None:
    """US Core's PHQ-9 QuestionnaireResponse, with no total Observation beside it. By hand, from
    the file: items 1-4 "More than half the days" (LA6570-1, 2), 5-6 "Several days" (LA6569-3,
    1), 7 "More than half the days", 8-9 "Not at all" (LA6568-5, 0): 12, the total the response
    itself gives (44261-6)."""
    response = load("us-core-QuestionnaireResponse-phq-9-example.json")
    goal = goal_with_target(detailQuantity={"value": 10, "comparator": "<"})
    goal["id"] = "g1"
    goal["target"][0]["measure"] = {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]}
    goal["startDate"] = "2022-11-01"
    entries = [{"resource": goal}, {"resource": response}]
    read = record_from_fhir({"resourceType": "Bundle", "type": "collection", "entry": entries})
    [entry] = read.record.progress
    assert entry.administration is not None
    assert entry.administration.answers == (2, 2, 2, 2, 1, 1, 2, 0, 0)
    assert (entry.value, entry.goal_id) == (12, "g1")


def test_our_export_writes_item_answers_as_a_questionnaire_response() -> None:
    record = sample_record(start=date(2026, 3, 2))
    bundle = bundle_from_record(record)
    responses = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    with_items = [e for e in record.progress if e.administration and e.administration.answers]
    assert len(responses) == len(with_items)
    for response, entry in zip(responses, with_items, strict=True):
        assert entry.administration is not None
        scores = [
            ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"].index(
                item["answer"][0]["valueCoding"]["code"]
            )
            for item in response["item"][:-1]
        ]
        assert tuple(scores) == entry.administration.answers
