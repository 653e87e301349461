"""If-then plans, obstacles, supporters and plan uses through FHIR and CSV (issue 21).

The FHIR mapping is the one docs/exchange.md documents: obstacles and supporters as Goal
extensions, plans as CarePlan activities with their parts in an extension, uses as Observations
with our code. The foreign bundle below is written by hand from that table, without our goal
extension, as another system that followed the documentation would write it.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import attrs
import pytest

from therapy_goals import (
    ClientRecord,
    ConflictError,
    Goal,
    IfThenPlan,
    PlanUse,
    ValidationError,
    open_store,
)
from therapy_goals.exchange.fhir import bundle_from_record
from therapy_goals.exchange.fhir_import import goal_from_fhir, record_from_fhir
from therapy_goals.exchange.fhir_plans import (
    OBSTACLE_URL,
    PLAN_URL,
    SUPPORTER_URL,
)
from therapy_goals.exchange.spreadsheet import record_from_csv, record_to_csv
from therapy_goals.model import Correction, Step

STEP = Step(id="s-phone", action="Phone in the kitchen at 22:30")
PLAN = IfThenPlan(
    id="p-bed",
    situation="it is 22:30 and I am still scrolling",
    response="put the phone on the kitchen charger",
    step_id="s-phone",
)
OTHER = IfThenPlan(id="p-wake", situation="I wake at 3 am", response="=get up and read")
GOAL = Goal(
    id="g-sleep",
    client_id="c-17",
    statement="Be in bed by 23:00 on 5 weeknights a week for 8 weeks",
    start=date(2026, 3, 2),
    steps=(STEP,),
    plans=(PLAN, OTHER),
    obstacles=("late shifts on Thursdays", "-the phone"),
    supporters=("my partner",),
)
USES = (
    PlanUse(
        id="u1",
        goal_id="g-sleep",
        plan_id="p-bed",
        at=datetime(2026, 3, 3, 22, 31, tzinfo=UTC),
        helped=True,
    ),
    PlanUse(
        id="u2",
        goal_id="g-sleep",
        plan_id="p-wake",
        at=datetime(2026, 3, 5, 3, 10, tzinfo=UTC),
        helped=False,
        note="read for an hour",
    ),
    PlanUse(
        id="u3",
        goal_id="g-sleep",
        plan_id="p-bed",
        at=datetime(2026, 3, 6, 22, 40, tzinfo=UTC),
        entered_in_error=Correction(
            reason="was the other plan", at=datetime(2026, 3, 7, tzinfo=UTC)
        ),
    ),
)
RECORD = ClientRecord(client_id="c-17", goals=(GOAL,), plan_uses=USES)


# --- CSV -------------------------------------------------------------------------------------


def test_csv_keeps_plans_obstacles_supporters_and_uses() -> None:
    back = record_from_csv(record_to_csv(RECORD))
    [goal] = back.goals
    # The link of a plan to its step needs the JSON or FHIR form (CSV has no steps).
    assert goal.plans == (
        IfThenPlan(id="p-bed", situation=PLAN.situation, response=PLAN.response),
        OTHER,
    )
    assert goal.obstacles == ("late shifts on Thursdays", "-the phone")
    assert goal.supporters == ("my partner",)
    assert back.plan_uses == USES


def test_csv_rows_of_plans_are_readable_in_a_spreadsheet() -> None:
    rows = list(csv.DictReader(io.StringIO(record_to_csv(RECORD))))
    kinds = [row["kind"] for row in rows]
    assert kinds == [
        "goal",
        "plan",
        "plan",
        "obstacle",
        "obstacle",
        "supporter",
        "plan-use",
        "plan-use",
        "plan-use",
    ]
    plan_rows = [row for row in rows if row["kind"] == "plan"]
    assert plan_rows[1]["response"] == "'=get up and read"  # a formula start, neutralised
    assert [row["helped"] for row in rows if row["kind"] == "plan-use"] == ["true", "false", ""]


def test_a_csv_without_the_new_columns_reads_as_before() -> None:
    header = "kind,goal_id,client_id,statement,start\r\n"
    row = "goal,g1,c1,Walk 20 minutes 3 times a week,2026-03-02\r\n"
    [goal] = record_from_csv(header + row).goals
    assert (goal.plans, goal.obstacles, goal.supporters) == ((), (), ())


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("plan,g-missing,p1,when,then,,,", r"row 3\.goal_id: names no goal row of this file"),
        ("plan,g1,p1,,then,,,", r"row 3\.situation: is empty"),
        ("plan-use,g1,p1,,,maybe,2026-03-03T10:00:00+00:00,u1", r"row 3\.helped: must be true"),
        ("plan,g1,p1,a,b,,,\r\nplan,g1,p1,c,d,,,", r"rows 3, 4\.plans\[1\]\.id: 'p1' is used"),
    ],
)
def test_bad_plan_rows_name_their_row_and_column(cells: str, message: str) -> None:
    header = "kind,goal_id,plan_id,situation,response,helped,at,entry_id,client_id,statement,start"
    goal_row = "goal,g1,,,,,,,c1,Walk 20 minutes 3 times a week,2026-03-02"
    with pytest.raises(ValidationError, match=message):
        record_from_csv(f"{header}\r\n{goal_row}\r\n{cells}\r\n")


# --- FHIR -------------------------------------------------------------------------------------


def test_our_bundle_round_trips_plans_and_uses() -> None:
    bundle = bundle_from_record(RECORD)
    read = record_from_fhir(bundle)
    assert read.record.goals == (GOAL,)
    assert read.record.plan_uses == USES
    assert not [w for w in read.warnings if "plan" in w]


def test_the_mapping_uses_the_documented_elements() -> None:
    resources = [entry["resource"] for entry in bundle_from_record(RECORD)["entry"]]
    goal = next(r for r in resources if r["resourceType"] == "Goal")
    lists = [(e["url"], e["valueString"]) for e in goal["extension"][1:]]
    assert lists == [
        (OBSTACLE_URL, "late shifts on Thursdays"),
        (OBSTACLE_URL, "-the phone"),
        (SUPPORTER_URL, "my partner"),
    ]
    careplan = next(r for r in resources if r["resourceType"] == "CarePlan")
    details = [activity["detail"] for activity in careplan["activity"]]
    assert [d["description"] for d in details] == [
        "Phone in the kitchen at 22:30",
        "If it is 22:30 and I am still scrolling, then I will put the phone on the kitchen "
        "charger.",
        "If I wake at 3 am, then I will =get up and read.",
    ]
    assert details[1]["code"] == {"text": "if-then plan"}
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    assert [o.get("valueBoolean") for o in observations] == [True, False, None]
    assert [o["status"] for o in observations] == ["final", "final", "entered-in-error"]
    assert observations[0]["focus"] == [{"reference": "Goal/g-sleep"}]


FOREIGN_GOAL = {
    "resourceType": "Goal",
    "id": "sleep-1",
    "lifecycleStatus": "active",
    "description": {"text": "Sleep by 23:00 on weeknights"},
    "subject": {"reference": "Patient/p-9"},
    "startDate": "2026-03-02",
    "extension": [
        {"url": OBSTACLE_URL, "valueString": "night shifts"},
        {"url": OBSTACLE_URL, "valueString": "night shifts"},
        {"url": SUPPORTER_URL, "valueString": "my sister"},
    ],
}


def test_a_foreign_bundle_that_follows_the_documented_mapping_is_read() -> None:
    careplan = {
        "resourceType": "CarePlan",
        "id": "cp-1",
        "status": "active",
        "intent": "plan",
        "subject": {"reference": "Patient/p-9"},
        "goal": [{"reference": "Goal/sleep-1"}],
        "activity": [
            {"detail": {"status": "in-progress", "description": "Wind-down routine at 22:00"}},
            {
                "detail": {
                    "status": "not-started",
                    "description": "If I cannot sleep, then I will get up",
                    "extension": [
                        {
                            "url": PLAN_URL,
                            "extension": [
                                {"url": "situation", "valueString": "I cannot sleep"},
                                {"url": "response", "valueString": "get up for 15 minutes"},
                                {"url": "id", "valueString": "plan-a"},
                                {"url": "step", "valueString": "no-such-step"},
                            ],
                        }
                    ],
                }
            },
            {
                "detail": {
                    "status": "not-started",
                    "extension": [
                        {"url": PLAN_URL, "extension": [{"url": "situation", "valueString": "x"}]}
                    ],
                }
            },
        ],
    }
    used = {
        "resourceType": "Observation",
        "id": "obs-1",
        "status": "final",
        "code": {
            "coding": [{"system": "urn:therapy-goals:fhir:code", "code": "if-then-plan-used"}]
        },
        "focus": [{"reference": "Goal/sleep-1"}],
        "effectiveDateTime": "2026-03-04T02:00:00Z",
        "valueBoolean": True,
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in (FOREIGN_GOAL, careplan, used)],
    }
    read = record_from_fhir(bundle)
    [goal] = read.record.goals
    assert goal.obstacles == ("night shifts",)
    assert goal.supporters == ("my sister",)
    assert [s.action for s in goal.steps] == ["Wind-down routine at 22:00"]
    assert goal.plans == (
        IfThenPlan(id="plan-a", situation="I cannot sleep", response="get up for 15 minutes"),
    )
    warnings = "\n".join(read.warnings)
    assert "the plan's step 'no-such-step' is not a step of the goal" in warnings
    assert "activity[2]: not imported (detail.extension: an if-then plan needs response)" in (
        warnings
    )
    # A use without our record extension cannot say which plan: named, not guessed.
    assert read.record.plan_uses == ()
    assert "obs-1: use of a plan not imported" in warnings
    assert "goal sleep-1: not imported: extension" not in warnings  # the lists are read


def test_the_resource_wins_over_the_embedded_goal_for_obstacles() -> None:
    resource = bundle_from_record(RECORD)["entry"][0]["resource"]
    edited = {**resource, "extension": resource["extension"][:1]}  # another system removed them
    imported = goal_from_fhir(edited)
    assert imported.goal.obstacles == ()
    assert imported.goal.supporters == ()
    assert imported.goal.plans == GOAL.plans  # plans live in the CarePlan and the embedded goal


def test_a_bundle_brought_back_again_keeps_each_use_once() -> None:
    read = record_from_fhir(bundle_from_record(RECORD)).record
    with open_store("memory://") as store:
        store.import_record(read, existing="revise")
        store.import_record(read, existing="revise")  # the same bundle again: nothing new
        assert [u.id for u in store.plan_uses("g-sleep")] == ["u1", "u2", "u3"]
        changed = attrs.evolve(
            read, plan_uses=(*read.plan_uses[:1], attrs.evolve(USES[1], helped=True))
        )
        with pytest.raises(ConflictError, match="plan use 'u2' already exists"):
            store.import_record(changed, existing="revise")


def test_a_use_another_system_marked_entered_in_error_is_marked_here() -> None:
    bundle = bundle_from_record(RECORD)
    observations = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    observations[0]["status"] = "entered-in-error"  # u1, marked wrong elsewhere
    observations[2]["status"] = "final"  # u3, its marking undone elsewhere
    uses = {u.id: u for u in record_from_fhir(bundle).record.plan_uses}
    assert uses["u1"].entered_in_error is not None
    assert uses["u1"].entered_in_error.reason == "entered-in-error in the record it came from"
    assert uses["u3"].entered_in_error is None
    assert uses["u2"] == USES[1]


def test_extensions_whose_parts_are_not_text_are_skipped_not_a_crash() -> None:
    # What the FHIR fuzzer found: an extension url, or a plan part's url, turned into a list.
    resource = {**FOREIGN_GOAL, "extension": [{"url": [OBSTACLE_URL], "valueString": "x"}]}
    assert goal_from_fhir(resource).goal.obstacles == ()
    careplan = {
        "resourceType": "CarePlan",
        "goal": [{"reference": "Goal/sleep-1"}],
        "activity": [
            {
                "detail": {
                    "extension": [
                        {
                            "url": PLAN_URL,
                            "extension": [
                                {"url": ["situation"], "valueString": "I wake"},
                                {"url": "response", "valueString": "read"},
                            ],
                        }
                    ]
                }
            }
        ],
    }
    bundle = {
        "resourceType": "Bundle",
        "entry": [{"resource": FOREIGN_GOAL}, {"resource": careplan}],
    }
    read = record_from_fhir(bundle)
    assert read.record.goals[0].plans == ()
    assert any("an if-then plan needs situation" in warning for warning in read.warnings)
