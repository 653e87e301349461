"""If-then plans, obstacles, supporters and plan uses in FHIR R4, both ways.

FHIR has no element for any of them, so each gets the nearest home with an extension of ours
(URNs: no web address is claimed), readable without our library:

- an **obstacle** or a **supporter** of a goal: a ``Goal.extension`` with ``valueString``
  (:data:`OBSTACLE_URL`, :data:`SUPPORTER_URL`), one per item;
- an **if-then plan**: an activity of the goal's ``CarePlan``, whose ``detail.description`` is the
  plan as a sentence ("If ..., then I will ...") and whose :data:`PLAN_URL` extension holds its
  parts (``situation``, ``response``, ``id``, and ``step`` when it carries out a step); its
  ``detail.code.text`` is ``if-then plan``;
- a **use of a plan**: an ``Observation`` with the code :data:`PLAN_USED_CODE`, ``focus`` on the
  goal, ``effectiveDateTime`` when, ``valueBoolean`` whether it helped (absent when not said),
  and the whole record in the :data:`PLAN_USE_URL` extension.

On import, as for every element, what the resource says wins over the goal our export embeds:
a Goal without obstacle extensions has no obstacles, even if the embedded goal had some.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from therapy_goals.errors import ValidationError
from therapy_goals.exchange.fhir_ids import fhir_id
from therapy_goals.model import Correction, Goal, IfThenPlan, PlanUse
from therapy_goals.serialization import from_json, to_json

__all__ = [
    "OBSTACLE_URL",
    "PLAN_URL",
    "PLAN_USED_CODE",
    "PLAN_USE_URL",
    "SUPPORTER_URL",
    "goal_extensions",
    "is_plan_use",
    "lists_of_goal",
    "observation_from_plan_use",
    "plan_activity",
    "plan_from_detail",
    "plan_use_from_observation",
]

OBSTACLE_URL = "urn:therapy-goals:fhir:extension:obstacle"
"""A ``Goal`` extension: something that may get in the way of the goal (``valueString``)."""
SUPPORTER_URL = "urn:therapy-goals:fhir:extension:supporter"
"""A ``Goal`` extension: someone who supports the client in it (``valueString``)."""
PLAN_URL = "urn:therapy-goals:fhir:extension:if-then-plan"
"""A ``CarePlan.activity.detail`` extension: the if-then plan's parts, as sub-extensions."""
PLAN_USE_URL = "urn:therapy-goals:fhir:extension:plan-use-document"
"""An ``Observation`` extension: the whole plan-use record (its note and correction too)."""
PLAN_USED_CODE: Mapping[str, str] = {
    "system": "urn:therapy-goals:fhir:code",
    "code": "if-then-plan-used",
    "display": "If-then plan used",
}
"""The code of an ``Observation`` that records a use of an if-then plan."""
PLAN_TEXT = "if-then plan"


def goal_extensions(goal: Goal) -> list[dict[str, str]]:
    """The ``Goal.extension`` items for the goal's obstacles and supporters."""
    return [{"url": OBSTACLE_URL, "valueString": text} for text in goal.obstacles] + [
        {"url": SUPPORTER_URL, "valueString": text} for text in goal.supporters
    ]


def lists_of_goal(resource: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The obstacles and supporters a ``Goal`` resource names in our extensions, in order
    (an item repeated is kept once: the model lists each once)."""
    found: dict[str, list[str]] = {OBSTACLE_URL: [], SUPPORTER_URL: []}
    extensions = resource.get("extension")
    for extension in extensions if isinstance(extensions, list) else []:
        if not isinstance(extension, dict):
            continue
        url, value = extension.get("url"), extension.get("valueString")
        if isinstance(url, str) and url in found and isinstance(value, str) and value.strip():
            items = found[url]
            if value not in items:
                items.append(value)
    return tuple(found[OBSTACLE_URL]), tuple(found[SUPPORTER_URL])


def plan_activity(plan: IfThenPlan, goal_reference: Mapping[str, str]) -> dict[str, Any]:
    """An if-then plan as a ``CarePlan.activity`` linked to its goal."""
    parts = [
        {"url": "situation", "valueString": plan.situation},
        {"url": "response", "valueString": plan.response},
        {"url": "id", "valueString": plan.id},
    ]
    if plan.step_id is not None:
        parts.append({"url": "step", "valueString": plan.step_id})
    return {
        "detail": {
            "extension": [{"url": PLAN_URL, "extension": parts}],
            "code": {"text": PLAN_TEXT},
            "status": "not-started",
            "description": plan.text,
            "goal": [dict(goal_reference)],
        }
    }


def plan_from_detail(detail: Mapping[str, Any]) -> IfThenPlan | None:
    """The if-then plan a ``CarePlan.activity.detail`` holds in our extension, or ``None`` when it
    holds none (it is then a step). ValidationError when the extension is there but unusable."""
    extensions = detail.get("extension")
    for extension in extensions if isinstance(extensions, list) else []:
        if isinstance(extension, dict) and extension.get("url") == PLAN_URL:
            parts = extension.get("extension")
            text = {
                part["url"]: part["valueString"]
                for part in (parts if isinstance(parts, list) else [])
                if isinstance(part, dict)
                and isinstance(part.get("url"), str)
                and isinstance(part.get("valueString"), str)
            }
            situation, response = text.get("situation"), text.get("response")
            if situation is None or response is None:
                missing = [name for name in ("situation", "response") if name not in text]
                raise ValidationError.at(
                    "detail.extension", f"an if-then plan needs {' and '.join(missing)}"
                )
            plan = IfThenPlan(situation=situation, response=response, step_id=text.get("step"))
            return attrs.evolve(plan, id=text["id"]) if "id" in text else plan
    return None


def observation_from_plan_use(use: PlanUse, goal: Goal) -> dict[str, Any]:
    """A use of an if-then plan as a FHIR ``Observation`` whose ``focus`` is the goal."""
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": fhir_id(use.id),
        "extension": [{"url": PLAN_USE_URL, "valueString": to_json(use)}],
        "status": "entered-in-error" if use.entered_in_error else "final",
        "code": {"coding": [dict(PLAN_USED_CODE)], "text": PLAN_TEXT + " used"},
        "focus": [{"reference": f"Goal/{fhir_id(goal.id)}"}],
        "effectiveDateTime": use.at.isoformat(),
    }
    plan = next((p for p in goal.plans if p.id == use.plan_id), None)
    if plan is not None:
        resource["code"]["text"] = f"used: {plan.text}"
    if use.helped is not None:
        resource["valueBoolean"] = use.helped
    if use.note:
        resource["note"] = [{"text": use.note}]
    return resource


def is_plan_use(resource: Mapping[str, Any]) -> bool:
    """Whether an ``Observation`` records a use of a plan (its code is :data:`PLAN_USED_CODE`)."""
    code = resource.get("code")
    codings = code.get("coding") if isinstance(code, dict) else None
    return any(
        isinstance(c, dict)
        and c.get("system") == PLAN_USED_CODE["system"]
        and c.get("code") == PLAN_USED_CODE["code"]
        for c in (codings if isinstance(codings, list) else [])
    )


def plan_use_from_observation(resource: Mapping[str, Any], goal: Goal) -> PlanUse:
    """The plan use an ``Observation`` records about ``goal``: the embedded record, with what
    the Observation says (when, whether it helped, its status) winning."""
    embedded = None
    extensions = resource.get("extension")
    for extension in extensions if isinstance(extensions, list) else []:
        if isinstance(extension, dict) and extension.get("url") == PLAN_USE_URL:
            value = extension.get("valueString")
            if isinstance(value, str):
                embedded = from_json(value, PlanUse)
    if embedded is None:
        raise ValidationError.at(
            "extension", f"a plan use needs the {PLAN_USE_URL} extension naming its plan"
        )
    helped = resource.get("valueBoolean")
    correction = None
    if resource.get("status") == "entered-in-error":  # marked here, or by another system
        correction = embedded.entered_in_error or Correction(
            reason="entered-in-error in the record it came from", at=embedded.at
        )
    return PlanUse(
        goal_id=goal.id,
        plan_id=embedded.plan_id,
        at=embedded.at,
        helped=helped if isinstance(helped, bool) else None,
        note=embedded.note,
        id=embedded.id,
        entered_in_error=correction,
    )
