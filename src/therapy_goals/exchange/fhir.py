"""HL7 FHIR R4 exchange: goals as ``Goal`` resources, progress as ``Observation``, steps as a
``CarePlan``, and a client's record as a ``Bundle``.

The export uses the standard elements for everything FHIR models (lifecycle and achievement
status, category ``behavioral``, priority, description, subject, start date, target with measure,
detail and due date, expressedBy, notes) and keeps the rest of the goal in one extension, so that
our own export reads back exactly. Foreign goals are read from the standard elements; whatever
cannot be mapped is listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from therapy_goals.errors import Problem, ValidationError, describe_value
from therapy_goals.model import (
    AchievementStatus,
    ClientRecord,
    Direction,
    ExpressedBy,
    Goal,
    LifecycleStatus,
    Measure,
    Period,
    Priority,
    ProgressEntry,
)
from therapy_goals.progress.questionnaires import BUILTIN_QUESTIONNAIRES
from therapy_goals.serialization import from_json, to_json

__all__ = [
    "LOINC",
    "FhirImport",
    "bundle_from_record",
    "careplan_from_goal",
    "goal_from_fhir",
    "goal_to_fhir",
    "observation_from_entry",
]

EXTENSION_URL = "https://therapy-goals.dev/fhir/StructureDefinition/goal-document"
IDENTIFIER_SYSTEM = "urn:therapy-goals:goal"
LOINC_SYSTEM = "http://loinc.org"
LOINC: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        q.code: (q.loinc, q.loinc_name or f"{q.name} total score")
        for q in BUILTIN_QUESTIONNAIRES
        if q.loinc
    }
)
"""Questionnaire code -> the LOINC code and name of its total score, from the definitions."""
_BY_LOINC = {code: questionnaire for questionnaire, (code, _) in LOINC.items()}
_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
_CATEGORY = "http://terminology.hl7.org/CodeSystem/goal-category"
_PRIORITY = "http://terminology.hl7.org/CodeSystem/goal-priority"
_PERIOD_UNIT = {Period.DAY: "d", Period.WEEK: "wk", Period.MONTH: "mo"}
_COMPARATOR = {Direction.DECREASE: "<=", Direction.INCREASE: ">="}


def fhir_id(value: str) -> str:
    """A FHIR resource id (``[A-Za-z0-9.-]{1,64}``) for any of our ids."""
    cleaned = re.sub(r"[^A-Za-z0-9.-]", "-", value)[:64]
    return cleaned or "id"


def _patient(client_id: str) -> dict[str, str]:
    return {"reference": f"Patient/{fhir_id(client_id)}"}


def _measure_concept(measure: Measure) -> dict[str, Any]:
    if measure.questionnaire is not None and measure.questionnaire in LOINC:
        code, display = LOINC[measure.questionnaire]
        return {
            "coding": [{"system": LOINC_SYSTEM, "code": code, "display": display}],
            "text": measure.name,
        }
    return {"text": measure.name}


def goal_to_fhir(goal: Goal) -> dict[str, Any]:
    """The goal as a FHIR R4 ``Goal`` resource (a JSON-ready dict)."""
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": fhir_id(goal.id),
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": goal.id}],
        "extension": [{"url": EXTENSION_URL, "valueString": to_json(goal)}],
        "lifecycleStatus": goal.status.value,
        "category": [
            {"coding": [{"system": _CATEGORY, "code": "behavioral", "display": "Behavioral"}]}
        ],
        "description": {"text": goal.statement},
        "subject": _patient(goal.client_id),
        "startDate": goal.start.isoformat(),
    }
    if goal.achievement is not None:
        resource["achievementStatus"] = {
            "coding": [{"system": _ACHIEVEMENT, "code": goal.achievement.value}]
        }
    if goal.priority is not None:
        resource["priority"] = {"coding": [{"system": _PRIORITY, "code": goal.priority.value}]}
    target: dict[str, Any] = {}
    if goal.measure is not None:
        target["measure"] = _measure_concept(goal.measure)
        if goal.measure.target is not None:
            quantity: dict[str, Any] = {"value": goal.measure.target}
            if goal.measure.unit:
                quantity["unit"] = goal.measure.unit
            comparator = _COMPARATOR.get(goal.measure.direction)
            if comparator:
                quantity["comparator"] = comparator
            target["detailQuantity"] = quantity
    if goal.due is not None:
        target["dueDate"] = goal.due.isoformat()
    if target:
        resource["target"] = [target]
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
    quantity: dict[str, Any] = {"value": entry.value}
    if goal.measure and goal.measure.unit:
        quantity["unit"] = goal.measure.unit
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": fhir_id(entry.id),
        "status": "entered-in-error" if entry.entered_in_error else "final",
        "code": code,
        "subject": _patient(goal.client_id),
        "focus": [{"reference": f"Goal/{fhir_id(goal.id)}"}],
        "effectiveDateTime": entry.at.isoformat(),
        "valueQuantity": quantity,
        "method": {"text": entry.source.value},
    }
    if entry.note:
        resource["note"] = [{"text": entry.note}]
    return resource


def careplan_from_goal(goal: Goal) -> dict[str, Any]:
    """The goal's steps as a FHIR ``CarePlan`` whose activities are linked to the goal."""
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
    return {
        "resourceType": "CarePlan",
        "id": fhir_id(f"careplan-{goal.id}"),
        "status": "active" if goal.status is LifecycleStatus.ACTIVE else "draft",
        "intent": "plan",
        "subject": _patient(goal.client_id),
        "goal": [reference],
        "activity": activities,
    }


def bundle_from_record(record: ClientRecord) -> dict[str, Any]:
    """A client's whole record as a FHIR ``Bundle`` (type ``collection``)."""
    goals = {goal.id: goal for goal in record.goals}
    resources: list[dict[str, Any]] = []
    for goal in record.goals:
        resources.append(goal_to_fhir(goal))
        if goal.steps:
            resources.append(careplan_from_goal(goal))
    resources += [observation_from_entry(e, goals[e.goal_id]) for e in record.progress]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:therapy-goals:{r['resourceType']}:{r['id']}", "resource": r}
            for r in resources
        ],
    }


# --- import ---------------------------------------------------------------------------------


@attrs.frozen
class FhirImport:
    """A goal read from a FHIR resource, and the elements that could not be mapped."""

    goal: Goal
    unmapped: tuple[str, ...]


_HANDLED = {
    "resourceType",
    "id",
    "identifier",
    "extension",
    "lifecycleStatus",
    "achievementStatus",
    "category",
    "priority",
    "description",
    "subject",
    "startDate",
    "target",
    "expressedBy",
    "note",
    "meta",
    "text",
}


def _code(concept: Any, system: str) -> str | None:
    if not isinstance(concept, dict):
        return None
    for coding in concept.get("coding") or []:
        if isinstance(coding, dict) and coding.get("system") == system:
            code = coding.get("code")
            return code if isinstance(code, str) else None
    return None


def _date(value: Any, path: str, problems: list[Problem]) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    problems.append(Problem(path, f"must be a FHIR date (YYYY-MM-DD), got {describe_value(value)}"))
    return None


def goal_from_fhir(
    resource: Any, *, client_id: str | None = None, start: date | None = None
) -> FhirImport:
    """Read a FHIR R4 ``Goal``. Our own export reads back exactly; for a foreign goal the
    standard elements are mapped and the rest listed in ``unmapped``.

    ``client_id`` replaces the subject's id; ``start`` is used when the resource has no
    ``startDate`` (our goals need one). Invalid resources raise :class:`ValidationError`.
    """
    if not isinstance(resource, dict) or resource.get("resourceType") != "Goal":
        raise ValidationError.at("resourceType", "must be 'Goal'")
    for extension in resource.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == EXTENSION_URL:
            goal = from_json(str(extension.get("valueString", "")), Goal)
            return FhirImport(goal=goal, unmapped=())
    problems: list[Problem] = []
    unmapped = [key for key in resource if key not in _HANDLED]
    status_code = resource.get("lifecycleStatus")
    status = LifecycleStatus.PROPOSED
    if status_code in {s.value for s in LifecycleStatus}:
        status = LifecycleStatus(status_code)
    else:
        problems.append(
            Problem(
                "lifecycleStatus", f"must be a FHIR goal status, got {describe_value(status_code)}"
            )
        )
    description = resource.get("description")
    statement = description.get("text") if isinstance(description, dict) else None
    if not isinstance(statement, str) or not statement.strip():
        problems.append(Problem("description.text", "is required: the goal in words"))
    subject = resource.get("subject")
    reference = subject.get("reference") if isinstance(subject, dict) else None
    owner = client_id or (reference.split("/", 1)[-1] if isinstance(reference, str) else None)
    if not owner:
        problems.append(Problem("subject.reference", "is required (or pass client_id)"))
    begins = _date(resource.get("startDate"), "startDate", problems) or start
    if begins is None and "startDate" not in resource:
        problems.append(Problem("startDate", "is missing; pass start= to import this goal"))
    achievement_code = _code(resource.get("achievementStatus"), _ACHIEVEMENT)
    priority_code = _code(resource.get("priority"), _PRIORITY)
    measure, due = _read_target(resource.get("target") or [], problems, unmapped)
    notes, why = _read_notes(resource.get("note") or [])
    if problems:
        raise ValidationError(problems)
    identifier = next(
        (
            i.get("value")
            for i in resource.get("identifier") or []
            if isinstance(i, dict) and i.get("system") == IDENTIFIER_SYSTEM
        ),
        None,
    )
    if due is not None and begins is not None and due < begins:
        unmapped.append("target[0].dueDate (before startDate)")
        due = None
    try:
        goal = Goal(
            id=identifier or str(resource.get("id") or "imported-goal"),
            client_id=str(owner),
            statement=str(statement),
            start=begins,  # type: ignore[arg-type]
            due=due,
            status=status,
            achievement=AchievementStatus(achievement_code)
            if achievement_code in {a.value for a in AchievementStatus}
            else None,
            priority=Priority(priority_code)
            if priority_code in {p.value for p in Priority}
            else None,
            measure=measure,
            notes="\n\n".join(notes) or None,
            why_it_matters=why,
        )
    except ValidationError as error:
        raise ValidationError(p.within("Goal") for p in error.problems) from None
    return FhirImport(goal=goal, unmapped=tuple(unmapped))


def _read_target(
    targets: Any, problems: list[Problem], unmapped: list[str]
) -> tuple[Measure | None, date | None]:
    """The measure and due date of the first target; later targets are listed as unmapped."""
    if not isinstance(targets, list) or not targets or not isinstance(targets[0], dict):
        return None, None
    first = targets[0]
    due = _date(first.get("dueDate"), "target[0].dueDate", problems)
    unmapped += [f"target[{index}]" for index in range(1, len(targets))]
    unmapped += [
        f"target[0].{k}" for k in first if k not in {"measure", "detailQuantity", "dueDate"}
    ]
    concept = first.get("measure")
    if not isinstance(concept, dict):
        return None, due
    loinc = _code(concept, LOINC_SYSTEM) or ""
    displays = [c.get("display") for c in concept.get("coding") or [] if isinstance(c, dict)]
    name = concept.get("text") or next((d for d in displays if d), None) or f"LOINC {loinc}"
    found = first.get("detailQuantity")
    quantity: dict[str, Any] = found if isinstance(found, dict) else {}
    value, unit = quantity.get("value"), quantity.get("unit")
    direction = {
        "<": Direction.DECREASE,
        "<=": Direction.DECREASE,
        ">": Direction.INCREASE,
        ">=": Direction.INCREASE,
    }.get(str(quantity.get("comparator")), Direction.REACH)
    measure = Measure(
        name=str(name)[:200],
        direction=direction,
        unit=unit if isinstance(unit, str) and unit.strip() else None,
        questionnaire=_BY_LOINC.get(loinc),
        target=value if isinstance(value, int | float) and not isinstance(value, bool) else None,
    )
    return measure, due


def _read_notes(notes: Any) -> tuple[list[str], str | None]:
    """Free-text notes, and the reason our own export keeps as a note."""
    texts, why = [], None
    for note in notes if isinstance(notes, list) else []:
        text = note.get("text") if isinstance(note, dict) else None
        if isinstance(text, str) and text.startswith("Why it matters: "):
            why = text.removeprefix("Why it matters: ")
        elif isinstance(text, str) and text.strip():
            texts.append(text)
    return texts, why
