"""HL7 FHIR R4 export: goals as ``Goal`` resources, progress as ``Observation``, steps as a
``CarePlan``, and a client's record as a ``Bundle`` (reading them: :mod:`.fhir_import`).

The export uses the standard elements for everything FHIR models (lifecycle and achievement
status, category ``behavioral``, priority, description, subject, start date, target with its
coded measure, detail of the right kind and due date, expressedBy, notes) and keeps the whole goal
in one extension for what FHIR has no element for (steps' details, confidence, tags, template,
revision). On import the standard elements win over the extension. Goals conform to the US Core
Goal profile (description, subject, a start date) and say so in ``meta.profile``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from therapy_goals.exchange.fhir_ids import fhir_id
from therapy_goals.exchange.fhir_plans import (
    goal_extensions,
    observation_from_plan_use,
    plan_activity,
)
from therapy_goals.model import (
    ClientRecord,
    Coding,
    Direction,
    ExpressedBy,
    Goal,
    LifecycleStatus,
    Measure,
    Period,
    ProgressEntry,
)
from therapy_goals.progress.questionnaires import BUILTIN_QUESTIONNAIRES
from therapy_goals.serialization import to_json

__all__ = [
    "DEFAULT_EXTENSION_URL",
    "ENTRY_EXTENSION_URL",
    "EXTENSION_URLS",
    "LOINC",
    "bundle_from_record",
    "careplan_from_goal",
    "goal_to_fhir",
    "loinc_of",
    "observation_from_entry",
    "questionnaire_of_loinc",
    "questionnaire_response",
]

DEFAULT_EXTENSION_URL = "urn:therapy-goals:fhir:extension:goal-document"
"""Where the export keeps the whole goal (a URN: no web address is claimed). An app that
publishes its own StructureDefinition passes ``extension_url=`` to the export and adds its URL
to ``extension_urls`` on import."""
EXTENSION_URLS: tuple[str, ...] = (
    DEFAULT_EXTENSION_URL,
    "https://therapy-goals.dev/fhir/StructureDefinition/goal-document",  # before 0.1: still read
)
"""The extension URLs import reads our embedded goal from."""
ENTRY_EXTENSION_URL = "urn:therapy-goals:fhir:extension:progress-entry-document"
"""Where an Observation keeps the whole progress entry (its baseline flag, a questionnaire's item
answers, a correction's reason), read back under the same rule: the Observation's elements win."""
IDENTIFIER_SYSTEM = "urn:therapy-goals:goal"
LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
US_CORE_GOAL = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-goal"
LOINC: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        q.code: (q.loinc, q.loinc_name or f"{q.name} total score")
        for q in BUILTIN_QUESTIONNAIRES
        if q.loinc
    }
)
"""Questionnaire code -> the LOINC code and name of its total score, from the definitions."""
_BY_LOINC = {code: questionnaire for questionnaire, (code, _) in LOINC.items()}
ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-category"
PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-priority"
_OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


QUESTIONNAIRE_ITEMS: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType(
    {
        # PHQ-9: panel and items in order, as US Core's Questionnaire phq-9-example has them
        # (github.com/HL7/US-Core input/examples/Questionnaire-phq-9-example.json).
        "phq9": (
            "44249-1",
            (
                "44250-9",
                "44255-8",
                "44259-0",
                "44254-1",
                "44251-7",
                "44258-2",
                "44252-5",
                "44253-3",
                "44260-8",
            ),
        ),
        # GAD-7: LOINC panel 69737-5 and its items in order (LOINC 69737-5's panel definition).
        "gad7": (
            "69737-5",
            ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
        ),
    }
)
"""Questionnaire code -> its LOINC panel and the LOINC codes of its items, in order."""
LOINC_ANSWERS: tuple[tuple[str, str], ...] = (
    ("LA6568-5", "Not at all"),
    ("LA6569-3", "Several days"),
    ("LA6570-1", "More than half the days"),
    ("LA6571-9", "Nearly every day"),
)
"""The LOINC answers of PHQ-9 and GAD-7 items, scored 0 to 3."""


def loinc_of(questionnaire: str | None) -> str | None:
    """The LOINC code of a questionnaire's total score (``phq9`` -> ``44261-6``), if known."""
    if questionnaire is None or questionnaire not in LOINC:
        return None
    return LOINC[questionnaire][0]


def questionnaire_of_loinc(code: str) -> str | None:
    """The questionnaire whose total score LOINC ``code`` is (``70274-6`` -> ``gad7``)."""
    return _BY_LOINC.get(code)


_PERIOD_UNIT = {Period.DAY: "d", Period.WEEK: "wk", Period.MONTH: "mo"}
_COMPARATOR = {Direction.DECREASE: "<=", Direction.INCREASE: ">="}


def _patient(client_id: str) -> dict[str, str]:
    return {"reference": f"Patient/{fhir_id(client_id)}"}


def _coding(coding: Coding) -> dict[str, str]:
    written = {"system": coding.system, "code": coding.code}
    if coding.display is not None:
        written["display"] = coding.display
    return written


def _measure_concept(measure: Measure) -> dict[str, Any]:
    """The measure as a CodeableConcept: its own codes as they came, its questionnaire's LOINC."""
    codings = [_coding(c) for c in measure.codes]
    loinc = loinc_of(measure.questionnaire)
    if loinc is not None and not any(
        c.system == LOINC_SYSTEM and c.code == loinc for c in measure.codes
    ):
        codings.append(
            {
                "system": LOINC_SYSTEM,
                "code": loinc,
                "display": LOINC[measure.questionnaire or ""][1],
            }
        )
    concept: dict[str, Any] = {"text": measure.name}
    if codings:
        concept = {"coding": codings, **concept}
    return concept


def _quantity(value: float, measure: Measure) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value}
    if measure.unit:
        quantity["unit"] = measure.unit
    if measure.unit_code:
        quantity.update(system=UCUM_SYSTEM, code=measure.unit_code)
    return quantity


def _target_details(measure: Measure) -> list[dict[str, Any]]:
    """Each kind of target the measure has, as the ``detail[x]`` of that kind (docs/exchange.md's
    table): a value, a range, a code, words. FHIR gives a target one detail, so a measure with
    several kinds becomes several targets of the same measure, which import joins again."""
    details: list[dict[str, Any]] = []
    if measure.target is not None:
        quantity = _quantity(measure.target, measure)
        comparator = _COMPARATOR.get(measure.direction)
        if comparator:
            quantity["comparator"] = comparator
        details.append({"detailQuantity": quantity})
    if measure.target_low is not None or measure.target_high is not None:
        span: dict[str, Any] = {}
        if measure.target_low is not None:
            span["low"] = _quantity(measure.target_low, measure)
        if measure.target_high is not None:
            span["high"] = _quantity(measure.target_high, measure)
        details.append({"detailRange": span})
    if measure.target_code is not None:
        concept: dict[str, Any] = {"coding": [_coding(measure.target_code)]}
        if measure.target_text is not None:
            concept["text"] = measure.target_text
        details.append({"detailCodeableConcept": concept})
    elif measure.target_text is not None:
        details.append({"detailString": measure.target_text})
    return details


def goal_to_fhir(goal: Goal, *, extension_url: str = DEFAULT_EXTENSION_URL) -> dict[str, Any]:
    """The goal as a FHIR R4 ``Goal`` resource (a JSON-ready dict), conforming to US Core Goal.

    ``extension_url`` names the extension that keeps the whole goal (see
    :data:`DEFAULT_EXTENSION_URL`).
    """
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": fhir_id(goal.id),
        "meta": {"profile": [US_CORE_GOAL]},
        **({"language": goal.language} if goal.language is not None else {}),
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": goal.id}],
        "extension": [
            {"url": extension_url, "valueString": to_json(goal)},
            *goal_extensions(goal),
        ],
        "lifecycleStatus": goal.status.value,
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "behavioral", "display": "Behavioral"}]}
        ],
        "description": {"text": goal.statement},
        "subject": _patient(goal.client_id),
        "startDate": goal.start.isoformat(),
    }
    if goal.achievement is not None:
        resource["achievementStatus"] = {
            "coding": [{"system": ACHIEVEMENT_SYSTEM, "code": goal.achievement.value}]
        }
    if goal.priority is not None:
        resource["priority"] = {
            "coding": [{"system": PRIORITY_SYSTEM, "code": goal.priority.value}]
        }
    due = {"dueDate": goal.due.isoformat()} if goal.due is not None else {}
    if goal.measure is not None:
        measure = {"measure": _measure_concept(goal.measure)}
        details = _target_details(goal.measure) or [{}]
        resource["target"] = [{**measure, **detail, **due} for detail in details]
    elif due:
        resource["target"] = [due]
    if goal.expressed_by is ExpressedBy.CLIENT:
        resource["expressedBy"] = _patient(goal.client_id)
    else:
        resource["expressedBy"] = {
            "display": "therapist"
            if goal.expressed_by is ExpressedBy.THERAPIST
            else "client and therapist"
        }
    notes = [
        text
        for text in (goal.notes, goal.why_it_matters and f"Why it matters: {goal.why_it_matters}")
        if text
    ]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def observation_from_entry(entry: ProgressEntry, goal: Goal) -> dict[str, Any]:
    """A progress entry as a FHIR ``Observation`` whose ``focus`` is the goal."""
    code = _measure_concept(goal.measure) if goal.measure else {"text": "progress"}
    quantity = (
        _quantity(entry.value, goal.measure) if goal.measure is not None else {"value": entry.value}
    )
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": fhir_id(entry.id),
        "extension": [{"url": ENTRY_EXTENSION_URL, "valueString": to_json(entry)}],
        "status": "entered-in-error" if entry.entered_in_error else "final",
        "category": [
            {
                "coding": [
                    {
                        "system": _OBSERVATION_CATEGORY,
                        "code": "survey" if entry.administration is not None else "activity",
                    }
                ]
            }
        ],
        "code": code,
        "subject": _patient(goal.client_id),
        "focus": [{"reference": f"Goal/{fhir_id(goal.id)}"}],
        "effectiveDateTime": entry.at.isoformat(),
        "valueQuantity": quantity,
        "method": {"text": entry.source.value},
    }
    if entry.note:
        resource["note"] = [{"text": entry.note}]
    if questionnaire_response(entry, goal) is not None:
        resource["derivedFrom"] = [
            {"reference": f"QuestionnaireResponse/{fhir_id(f'qr-{entry.id}')}"}
        ]
    return resource


def questionnaire_response(entry: ProgressEntry, goal: Goal) -> dict[str, Any] | None:
    """The item answers of a PHQ-9 or GAD-7 administration as a ``QuestionnaireResponse``
    (LOINC item codes and answers), or ``None`` when the entry has no item answers of one."""
    administration = entry.administration
    if administration is None or administration.questionnaire not in QUESTIONNAIRE_ITEMS:
        return None
    panel, items = QUESTIONNAIRE_ITEMS[administration.questionnaire]
    if len(administration.answers) != len(items) or max(administration.answers) > 3:
        return None
    answered: list[dict[str, Any]] = [
        {
            "linkId": code,
            "answer": [
                {
                    "valueCoding": {
                        "system": LOINC_SYSTEM,
                        "code": LOINC_ANSWERS[answer][0],
                        "display": LOINC_ANSWERS[answer][1],
                    }
                }
            ],
        }
        for code, answer in zip(items, administration.answers, strict=True)
    ]
    answered.append(
        {
            "linkId": loinc_of(administration.questionnaire) or "total",
            "answer": [{"valueInteger": administration.total}],
        }
    )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": fhir_id(f"qr-{entry.id}"),
        "questionnaire": f"http://loinc.org/q/{panel}",
        "status": "completed",
        "subject": _patient(goal.client_id),
        "authored": entry.at.isoformat(),
        "item": answered,
    }


def careplan_from_goal(goal: Goal) -> dict[str, Any]:
    """The goal's steps and if-then plans as a FHIR ``CarePlan`` whose activities are linked to
    the goal (a plan's activity is told apart by its extension, see :mod:`.fhir_plans`)."""
    reference = {"reference": f"Goal/{fhir_id(goal.id)}"}
    activities = []
    for step in goal.steps:
        detail: dict[str, Any] = {
            "status": step.status.value,
            "description": step.action,
            "goal": [reference],
        }
        repeat: dict[str, Any] = {}
        if step.schedule is not None:
            repeat.update(
                frequency=step.schedule.count, period=1, periodUnit=_PERIOD_UNIT[step.schedule.per]
            )
        if step.minutes is not None:
            repeat.update(duration=step.minutes, durationUnit="min")
        if repeat:
            detail["scheduledTiming"] = {"repeat": repeat}
        activities.append({"detail": detail})
    activities += [plan_activity(plan, reference) for plan in goal.plans]
    return {
        "resourceType": "CarePlan",
        "id": fhir_id(f"careplan-{goal.id}"),
        "status": "active" if goal.status is LifecycleStatus.ACTIVE else "draft",
        "intent": "plan",
        "subject": _patient(goal.client_id),
        "goal": [reference],
        "activity": activities,
    }


def bundle_from_record(
    record: ClientRecord, *, extension_url: str = DEFAULT_EXTENSION_URL
) -> dict[str, Any]:
    """A client's whole record as a FHIR ``Bundle`` (type ``collection``)."""
    goals = {goal.id: goal for goal in record.goals}
    resources: list[dict[str, Any]] = []
    for goal in record.goals:
        resources.append(goal_to_fhir(goal, extension_url=extension_url))
        if goal.steps or goal.plans:
            resources.append(careplan_from_goal(goal))
    for entry in record.progress:
        resources.append(observation_from_entry(entry, goals[entry.goal_id]))
        response = questionnaire_response(entry, goals[entry.goal_id])
        if response is not None:
            resources.append(response)
    for use in record.plan_uses:
        resources.append(observation_from_plan_use(use, goals[use.goal_id]))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:therapy-goals:{r['resourceType']}:{r['id']}", "resource": r}
            for r in resources
        ],
    }
