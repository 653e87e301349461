"""Reading HL7 FHIR R4 (and R4B, and R5 where it only renames) into the model.

A ``Goal`` resource is read from its standard elements; what FHIR has no element for (steps,
confidence, tags, ...) comes from our extension when the resource carries one, but an element the
resource has always wins over the extension, so an edit made in another system is imported. Every
element is mapped, kept (in notes) or listed in ``unmapped``: nothing is dropped silently. A
``Bundle`` brings its Goals, their Observations (as progress entries, or uses of if-then plans)
and CarePlan activities (as steps, or if-then plans; see :mod:`.fhir_plans`). docs/exchange.md
has the element-by-element table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, TypeGuard, TypeVar

import attrs

from therapy_goals.errors import Problem, ValidationError, describe_value
from therapy_goals.exchange.fhir import (
    ACHIEVEMENT_SYSTEM,
    ENTRY_EXTENSION_URL,
    EXTENSION_URLS,
    IDENTIFIER_SYSTEM,
    LOINC_ANSWERS,
    PRIORITY_SYSTEM,
    QUESTIONNAIRE_ITEMS,
    UCUM_SYSTEM,
    goal_to_fhir,
    loinc_of,
    observation_from_entry,
    questionnaire_of_loinc,
)
from therapy_goals.exchange.fhir_ids import fhir_id
from therapy_goals.exchange.fhir_plans import (
    OBSTACLE_URL,
    SUPPORTER_URL,
    is_plan_use,
    lists_of_goal,
    plan_from_detail,
    plan_use_from_observation,
)
from therapy_goals.model import (
    AchievementStatus,
    Administration,
    ClientRecord,
    Coding,
    Correction,
    Direction,
    ExpressedBy,
    Goal,
    IfThenPlan,
    LifecycleStatus,
    Measure,
    Period,
    PlanUse,
    Priority,
    ProgressEntry,
    ProgressSource,
    Schedule,
    Step,
    StepStatus,
)
from therapy_goals.model.checks import language_tag
from therapy_goals.serialization import from_json

__all__ = ["FhirImport", "FhirRecord", "goal_from_fhir", "record_from_fhir"]

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


@attrs.frozen
class FhirImport:
    """A goal read from a FHIR ``Goal``: the goal, the elements it has no place for
    (``unmapped``), and what the import decided for it (``notices``, e.g. which date it started
    the goal on when the resource has no ``startDate``)."""

    goal: Goal
    unmapped: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()


@attrs.frozen
class FhirRecord:
    """A client record read from a FHIR ``Bundle`` (or one resource), with every warning."""

    record: ClientRecord
    warnings: tuple[str, ...] = ()


_READ = {
    "resourceType",
    "id",
    "meta",
    "text",
    "language",
    "identifier",
    "extension",
    "lifecycleStatus",
    "status",  # R5 keeps lifecycleStatus; DSTU2/STU3 used status: read as a fallback
    "achievementStatus",
    "priority",
    "description",
    "subject",
    "startDate",
    "target",
    "expressedBy",
    "source",  # R5's name for expressedBy
    "note",
    "statusReason",
    "category",
    "statusDate",
}
"""Elements read (or deliberately ignored: ``meta``, ``text``) by :func:`goal_from_fhir`."""

_DETAIL_KINDS = (
    "detailQuantity",
    "detailRange",
    "detailCodeableConcept",
    "detailString",
    "detailBoolean",
    "detailInteger",
    "detailRatio",
)
_COMPARATOR = {
    "<": Direction.DECREASE,
    "<=": Direction.DECREASE,
    ">": Direction.INCREASE,
    ">=": Direction.INCREASE,
}


def _is_text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _str(value: Any) -> str | None:
    """``value`` if it is text, else ``None``: safe to look up in a set or a mapping (a list
    where a code belongs would otherwise raise TypeError)."""
    return value if isinstance(value, str) else None


def _enum(kind: type[E], value: Any) -> E | None:
    """The member of ``kind`` whose code ``value`` is, or ``None`` (for anything else too)."""
    if isinstance(value, str) and value in {member.value for member in kind}:
        return kind(value)
    return None


def _number(value: Any) -> float | None:
    """A finite JSON number, else ``None`` (booleans are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def _list(value: Any, path: str, problems: list[Problem]) -> list[Any]:
    """A FHIR array element as a list; anything else is a problem at ``path``."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(path, f"must be an array, got {describe_value(value)}"))
        return []
    return value


def _codings(concept: Any) -> list[Coding]:
    """The well-formed codings of a CodeableConcept (others are skipped)."""
    if not isinstance(concept, dict) or not isinstance(concept.get("coding"), list):
        return []
    found = []
    for coding in concept["coding"]:
        if (
            isinstance(coding, dict)
            and _is_text(coding.get("system"))
            and _is_text(coding.get("code"))
        ):
            display = coding.get("display")
            found.append(
                Coding(
                    system=coding["system"][:300],
                    code=coding["code"][:200],
                    display=display[:500] if _is_text(display) else None,
                )
            )
    return found


def _code_in(concept: Any, system: str) -> str | None:
    return next((c.code for c in _codings(concept) if c.system == system), None)


_FHIR_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T.*)?")


def _date(value: Any, path: str, problems: list[Problem]) -> date | None:
    """A FHIR ``date`` or ``dateTime`` as a date (a year, or a year and month, is its first day)."""
    if value is None:
        return None
    found = _FHIR_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is not None:
        year, month, day = found.groups()
        try:
            return date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            pass
    problems.append(Problem(path, f"must be a FHIR date (YYYY-MM-DD), got {describe_value(value)}"))
    return None


def _moment(value: Any) -> datetime | None:
    """A FHIR ``dateTime``/``instant`` as an aware datetime (a date alone: midnight UTC)."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) <= 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _embedded(
    resource: Mapping[str, Any], extension_urls: Iterable[str], kind: type[T]
) -> T | None:
    """The record our own export embedded, if the resource carries our extension."""
    urls = set(extension_urls)
    extensions = resource.get("extension")
    for extension in extensions if isinstance(extensions, list) else []:
        if isinstance(extension, dict) and _str(extension.get("url")) in urls:
            text = extension.get("valueString")
            if isinstance(text, str):
                try:
                    return from_json(text, kind)
                except ValidationError as error:
                    raise error.within("extension") from None
    return None


def goal_from_fhir(
    resource: Any,
    *,
    client_id: str | None = None,
    start: date | None = None,
    today: date | None = None,
    extension_urls: Iterable[str] = EXTENSION_URLS,
) -> FhirImport:
    """Read a FHIR R4 ``Goal`` (see the module docstring).

    ``client_id`` replaces the subject's id. The goal starts on ``startDate``; without one, on
    ``start`` if given, else ``statusDate``, else the earliest target due date, else ``today``
    (default: the import day), and ``notices`` says which. Invalid resources raise
    :class:`ValidationError` naming each element.
    """
    if not isinstance(resource, dict) or resource.get("resourceType") != "Goal":
        raise ValidationError.at("resourceType", "must be 'Goal'")
    urls = frozenset(extension_urls)
    reading = _GoalReading(resource, _embedded(resource, urls, Goal), urls)
    base = reading.base
    status = reading.status()
    statement = reading.statement()
    owner = reading.owner(client_id)
    targets = _list(resource.get("target"), "target", reading.problems)
    measure, due, target_unmapped = _read_targets(targets, reading.problems)
    reading.unmapped += target_unmapped
    begins, due = reading.dates(start, today, due)
    notes, why = reading.notes()
    reading.other_elements()
    if reading.problems:
        raise ValidationError(reading.problems)
    achievement_code = _code_in(resource.get("achievementStatus"), ACHIEVEMENT_SYSTEM)
    priority_code = _code_in(resource.get("priority"), PRIORITY_SYSTEM)
    fields: dict[str, Any] = {
        "id": reading.goal_id(),
        "client_id": str(owner),
        "statement": str(statement),
        "start": begins,
        "due": due,
        "status": status,
        "achievement": AchievementStatus(achievement_code)
        if achievement_code in {a.value for a in AchievementStatus}
        else None,
        "priority": Priority(priority_code)
        if priority_code in {p.value for p in Priority}
        else None,
        "measure": _merged_measure(measure, base.measure if base is not None else None),
        "notes": "\n\n".join(notes) or None,
        "why_it_matters": why if why is not None else (base.why_it_matters if base else None),
    }
    language = resource.get("language")
    if language is not None:
        primary, _, rest = language.partition("-") if _is_text(language) else ("", "", "")
        tag = f"{primary.lower()}-{rest}" if rest else primary.lower()  # "EN-us" is "en-us"
        if language_tag().problem(tag) is None:  # the model's own check of the field
            fields["language"] = tag
        else:  # FHIR's own rule for the element; a tag we cannot keep is named, not dropped
            reading.unmapped.append(f"language: {language!r} is not a language tag")
    elif base is not None:
        fields["language"] = None  # the element was removed: the resource wins
    # Our extensions on the Goal itself: what the resource lists wins over the embedded goal.
    fields["obstacles"], fields["supporters"] = lists_of_goal(resource)
    expressed = _expressed_by(resource.get("expressedBy", resource.get("source")))
    if expressed is not None:
        fields["expressed_by"] = expressed
    if base is not None:
        fields.update(_unchanged_from(base, resource))
    try:
        goal = attrs.evolve(base, **fields) if base is not None else Goal(**fields)
    except ValidationError as error:
        raise ValidationError(p.within("Goal") for p in error.problems) from None
    return FhirImport(goal=goal, unmapped=tuple(reading.unmapped), notices=tuple(reading.notices))


@attrs.define
class _GoalReading:
    """One ``Goal`` resource being read: what each element gave, and what went wrong."""

    resource: dict[str, Any]
    base: Goal | None
    """The goal our extension embedded, whose values stand where the resource says nothing."""
    extension_urls: frozenset[str]
    problems: list[Problem] = attrs.Factory(list)
    unmapped: list[str] = attrs.Factory(list)
    notices: list[str] = attrs.Factory(list)

    def status(self) -> LifecycleStatus:
        code = self.resource.get("lifecycleStatus", self.resource.get("status"))
        status = _enum(LifecycleStatus, code)
        if status is not None:
            return status
        self.problems.append(
            Problem("lifecycleStatus", f"must be a FHIR goal status, got {describe_value(code)}")
        )
        return LifecycleStatus.PROPOSED

    def statement(self) -> str | None:
        """``description.text``; a coded description without text gives its display."""
        description = self.resource.get("description")
        text = description.get("text") if isinstance(description, dict) else None
        coded = _codings(description)
        if not _is_text(text) and coded:
            text = coded[0].display or coded[0].code
        if coded:
            shown = ", ".join(f"{c.system}|{c.code}" for c in coded)
            self.unmapped.append(f"description.coding: {shown}")
        if not _is_text(text):
            self.problems.append(Problem("description.text", "is required: the goal in words"))
            return None
        return text

    def owner(self, client_id: str | None) -> str | None:
        subject = self.resource.get("subject")
        reference = subject.get("reference") if isinstance(subject, dict) else None
        owner = client_id or (reference.rsplit("/", 1)[-1] if _is_text(reference) else None)
        if not owner and self.base is not None:
            owner = self.base.client_id
        if not owner:
            self.problems.append(Problem("subject.reference", "is required (or pass client_id)"))
        return owner

    def dates(
        self, start: date | None, today: date | None, due: date | None
    ) -> tuple[date | None, date | None]:
        """The start (with the fallbacks of :func:`goal_from_fhir`) and a due date after it."""
        begins = _date(self.resource.get("startDate"), "startDate", self.problems)
        status_date = _date(self.resource.get("statusDate"), "statusDate", self.problems)
        if begins is None and "startDate" not in self.resource:
            begins, notice = _start_without_start_date(start, status_date, due, self.base, today)
            self.notices.append(notice)
        elif status_date is not None:
            self.unmapped.append(f"statusDate: {status_date.isoformat()}")
        if due is not None and begins is not None and due < begins:
            self.unmapped.append(f"target.dueDate {due.isoformat()} (before the start)")
            due = None
        return begins, due

    def notes(self) -> tuple[list[str], str | None]:
        """The notes, with a text ``statusReason`` kept among them, and the reason it matters."""
        notes, why = _read_notes(_list(self.resource.get("note"), "note", self.problems))
        reason = self.resource.get("statusReason")
        if _is_text(reason):
            notes.append(f"Status reason: {reason}")
        elif isinstance(reason, dict | list):  # R5: CodeableConcept(s)
            self.unmapped.append("statusReason")
        return notes, why

    def other_elements(self) -> None:
        """List each element the model has no place for, with what it says; check the shape of
        the arrays read elsewhere."""
        for array in ("identifier", "extension"):
            _list(self.resource.get(array), array, self.problems)
        extensions = self.resource.get("extension")
        for extension in extensions if isinstance(extensions, list) else []:
            url = extension.get("url") if isinstance(extension, dict) else None
            if url in (OBSTACLE_URL, SUPPORTER_URL):
                continue
            if self.base is None or _str(url) not in self.extension_urls:
                self.unmapped.append(f"extension: {url}")
        listed = _list(self.resource.get("category"), "category", self.problems)
        others = [c.code for concept in listed for c in _codings(concept)]
        others = [code for code in others if code != "behavioral"]
        if others:
            self.unmapped.append("category: " + ", ".join(others))
        for element in sorted(set(self.resource) - _READ):
            self.unmapped.append(element + _describe_references(self.resource[element]))

    def goal_id(self) -> str:
        """Our identifier, else the embedded goal's id, else the resource id."""
        ours = [
            i.get("value")
            for i in _list(self.resource.get("identifier"), "identifier", [])
            if isinstance(i, dict) and i.get("system") == IDENTIFIER_SYSTEM
        ]
        found = next((value for value in ours if _is_text(value)), None)
        if found is None and self.base is not None:
            found = self.base.id
        if found is None:
            resource_id = self.resource.get("id")
            found = resource_id if _is_text(resource_id) else "imported-goal"
        return found


_FIELDS_OF_ELEMENT: Mapping[str, tuple[str, ...]] = {
    "lifecycleStatus": ("status",),
    "description": ("statement",),
    "subject": ("client_id",),
    "startDate": ("start",),
    "target": ("measure", "due"),
    "priority": ("priority",),
    "achievementStatus": ("achievement",),
    "note": ("notes", "why_it_matters"),
    "expressedBy": ("expressed_by",),
    "language": ("language",),
}
"""Which fields of a goal each standard element of our export carries."""


def _unchanged_from(base: Goal, resource: Mapping[str, Any]) -> dict[str, Any]:
    """The embedded goal's values for each element the resource has as our export wrote it.

    The elements win: one that another system changed is read from the resource, but one left as
    exported keeps the exact value the export came from (FHIR cannot say everything a measure
    holds: a unit code with no target, a baseline). ``statusReason``, which our export never
    writes, is an edit whenever present.
    """
    exported = goal_to_fhir(base)
    kept: dict[str, Any] = {}
    for element, names in _FIELDS_OF_ELEMENT.items():
        if resource.get(element) == exported.get(element):
            kept.update({name: getattr(base, name) for name in names})
    if "statusReason" in resource and "notes" in kept:
        del kept["notes"]
    return kept


def _start_without_start_date(
    start: date | None,
    status_date: date | None,
    due: date | None,
    base: Goal | None,
    today: date | None,
) -> tuple[date, str]:
    """The start of a goal whose resource has no ``startDate``, and a sentence saying why."""
    if start is not None:
        return start, f"no startDate: started on {start.isoformat()}, as given"
    if base is not None:
        return base.start, f"no startDate: kept the start {base.start.isoformat()} of our export"
    if status_date is not None:
        return status_date, f"no startDate: started on the statusDate {status_date.isoformat()}"
    if due is not None:
        return due, f"no startDate: started on the earliest target due date {due.isoformat()}"
    day = today or date.today()
    return day, f"no startDate: started on the import day {day.isoformat()}"


def _describe_references(value: Any) -> str:
    """``": obesity condition, Observation/example"`` for an element holding references."""
    items = value if isinstance(value, list) else [value]
    shown = []
    for item in items:
        if not isinstance(item, dict):
            continue
        label = item.get("display") or item.get("reference") or item.get("text")
        codes = " ".join(f"{c.system}|{c.code}" for c in _codings(item))
        if _is_text(label) and codes:
            shown.append(f"{label[:100]} ({codes})")
        elif _is_text(label) or codes:
            shown.append(label[:100] if _is_text(label) else codes)
    return (": " + ", ".join(shown)) if shown else ""


def _expressed_by(reference: Any) -> ExpressedBy | None:
    """Who set the goal, from the kind of resource ``expressedBy`` (R5 ``source``) refers to."""
    if not isinstance(reference, dict):
        return None
    target = reference.get("reference")
    if _is_text(target):
        kind = str(target).split("/", 1)[0]
        if kind == "Patient":
            return ExpressedBy.CLIENT
        if kind in ("Practitioner", "PractitionerRole"):
            return ExpressedBy.THERAPIST
    display = reference.get("display")
    if display == "client and therapist":
        return ExpressedBy.BOTH
    if display == "therapist":
        return ExpressedBy.THERAPIST
    return None


def _merged_measure(read: Measure | None, embedded: Measure | None) -> Measure | None:
    """The measure the resource states, with what only our extension knew (baseline, bounds)."""
    if read is None:
        return embedded
    if embedded is None:
        return read
    kept: dict[str, Any] = {
        "baseline": embedded.baseline,
        "minimum": embedded.minimum,
        "maximum": embedded.maximum,
    }
    if read.direction is Direction.REACH and embedded.direction is not Direction.REACH:
        kept["direction"] = embedded.direction  # "reach" is what a target without comparator says
    if read.unit is None:
        kept["unit"] = embedded.unit
    try:
        return attrs.evolve(read, **kept)
    except ValidationError:
        return read


def _read_targets(
    targets: list[Any], problems: list[Problem]
) -> tuple[Measure | None, date | None, list[str]]:
    """The measure of the targets (those that name the first target's measure, or none, are
    joined: our export writes one target per kind of detail), the earliest due date, and what
    is left over (a target of another measure)."""
    unmapped: list[str] = []
    dues = []
    first: int | None = None  # the index of the first target with a measure or a detail
    joined: dict[str, Any] = {}  # its measure, and the details of every target of that measure
    for index, target in enumerate(targets):
        if not isinstance(target, dict):
            problems.append(Problem(f"target[{index}]", "must be an object"))
            continue
        due = _date(target.get("dueDate"), f"target[{index}].dueDate", problems)
        if due is not None:
            dues.append(due)
        if "dueDuration" in target:
            unmapped.append(f"target[{index}].dueDuration")
        extra = set(target) - {"measure", "dueDate", "dueDuration", *_DETAIL_KINDS}
        unmapped += [f"target[{index}].{key}" for key in sorted(extra)]
        kinds = [kind for kind in _DETAIL_KINDS if kind in target]
        if "measure" not in target and not kinds:
            continue
        if first is None:
            first = index
            joined["measure"] = target.get("measure")
        elif target.get("measure", joined["measure"]) != joined["measure"]:
            unmapped.append(f"target[{index}] (a second measure: only the first is kept)")
            continue
        for kind in kinds:
            if kind in joined:
                unmapped.append(f"target[{index}].{kind} (a second one: only the first is kept)")
            else:
                joined[kind] = target[kind]
    measure = None
    if first is not None:
        measure, notes = _read_measure(joined, f"target[{first}]", problems)
        unmapped += notes
    return measure, (min(dues) if dues else None), unmapped


def _read_measure(
    target: dict[str, Any], path: str, problems: list[Problem]
) -> tuple[Measure | None, list[str]]:
    """One target as a :class:`Measure`: every ``detail[x]`` kind has a place (module table)."""
    unmapped: list[str] = []
    concept = target.get("measure")
    codes = _codings(concept)
    text = concept.get("text") if isinstance(concept, dict) else None
    name = text if _is_text(text) else next((c.display for c in codes if c.display), None)
    if name is None and codes:
        name = f"{codes[0].system.rsplit('/', 1)[-1]} {codes[0].code}"
    loinc = [c.code for c in codes if c.system == "http://loinc.org"]
    fields: dict[str, Any] = {
        "name": str(name or "goal target")[:200],
        "direction": Direction.REACH,
        "codes": tuple(codes),
        "questionnaire": next(filter(None, map(questionnaire_of_loinc, loinc)), None),
    }
    for kind in _DETAIL_KINDS:
        if kind in target:
            read = _DETAIL_READERS[kind](target[kind], f"{path}.{kind}", problems, unmapped)
            fields.update({k: v for k, v in read.items() if v is not None or k not in fields})
    try:
        measure = Measure(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        problems.extend(p.within(path) for p in error.problems)
        return None, unmapped
    return measure, unmapped


_DetailReader = Callable[[Any, str, list[Problem], list[str]], dict[str, Any]]


def _detail_quantity(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(Problem(path, "must be a Quantity object"))
        return {}
    direction = _COMPARATOR.get(str(value.get("comparator")), Direction.REACH)
    return {
        **_quantity_fields(value),
        "target": _number(value.get("value")),
        "direction": direction,
    }


def _detail_range(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    ends = [value.get(end) if isinstance(value, dict) else None for end in ("low", "high")]
    fields: dict[str, Any] = {}
    for end in ends:
        if isinstance(end, dict):
            fields.update({k: v for k, v in _quantity_fields(end).items() if v is not None})
    low, high = (_number(end.get("value")) if isinstance(end, dict) else None for end in ends)
    return {**fields, "target_low": low, "target_high": high}


def _detail_concept(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    coded = _codings(value)
    unmapped += [f"{path}.coding[{index}]" for index in range(1, len(coded))]
    words = value.get("text") if isinstance(value, dict) else None
    return {
        "target_code": coded[0] if coded else None,
        "target_text": words[:500] if _is_text(words) else None,
    }


def _detail_string(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    return {"target_text": value[:500] if _is_text(value) else None}


def _detail_boolean(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    if not isinstance(value, bool):
        problems.append(Problem(path, f"must be true or false, got {describe_value(value)}"))
        return {}
    words = "yes" if value else "no"
    unmapped.append(f"{path} (kept as the words {words!r})")
    return {"target_text": words}


def _detail_integer(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    return {"target": _number(value)}


def _detail_ratio(
    value: Any, path: str, problems: list[Problem], unmapped: list[str]
) -> dict[str, Any]:
    top = value.get("numerator") if isinstance(value, dict) else None
    bottom = value.get("denominator") if isinstance(value, dict) else None
    over = _number(top.get("value")) if isinstance(top, dict) else None
    under = _number(bottom.get("value")) if isinstance(bottom, dict) else None
    if over is None or not under:
        problems.append(Problem(path, "needs a numerator and a denominator that is not 0"))
        return {}
    units = [
        str(q.get("unit") or q.get("code") or "") for q in (top, bottom) if isinstance(q, dict)
    ]
    unmapped.append(f"{path} (kept as the value {over:g}/{under:g})")
    return {"target": over / under, "unit": "/".join(units)[:50] if any(units) else None}


_DETAIL_READERS: Mapping[str, _DetailReader] = {
    "detailQuantity": _detail_quantity,
    "detailRange": _detail_range,
    "detailCodeableConcept": _detail_concept,
    "detailString": _detail_string,
    "detailBoolean": _detail_boolean,
    "detailInteger": _detail_integer,
    "detailRatio": _detail_ratio,
}
"""How each ``detail[x]`` kind of a FHIR target becomes fields of a :class:`Measure`."""


def _quantity_fields(quantity: Mapping[str, Any]) -> dict[str, Any]:
    unit, code = quantity.get("unit"), quantity.get("code")
    ucum = code[:50] if quantity.get("system") == UCUM_SYSTEM and _is_text(code) else None
    return {"unit": unit[:50] if _is_text(unit) else ucum, "unit_code": ucum}


def _read_notes(notes: list[Any]) -> tuple[list[str], str | None]:
    """Free-text notes, and the reason our own export keeps as a note."""
    texts, why = [], None
    for note in notes:
        text = note.get("text") if isinstance(note, dict) else None
        if isinstance(text, str) and text.startswith("Why it matters: "):
            why = text.removeprefix("Why it matters: ")
        elif _is_text(text):
            texts.append(text)
    return texts, why


# --- bundles --------------------------------------------------------------------------------------


def record_from_fhir(
    document: Any,
    *,
    client_id: str | None = None,
    start: date | None = None,
    today: date | None = None,
    extension_urls: Iterable[str] = EXTENSION_URLS,
) -> FhirRecord:
    """A client record from a FHIR ``Bundle`` (or a single ``Goal``): its Goals, the
    Observations about them as progress entries, CarePlan activities as steps.

    An Observation belongs to the goal its ``focus`` refers to; without one, to the one goal whose
    measure has the Observation's code (LOINC). One that fits no goal, and every resource of a
    type the model has no place for, is a warning.
    """
    resources = _resources_of(document)
    warnings: list[str] = []
    goals: dict[str, Goal] = {}
    aliases: dict[str, str] = {}
    for index, (full_url, resource) in enumerate(resources):
        if not isinstance(resource, dict) or resource.get("resourceType") != "Goal":
            continue
        try:
            imported = goal_from_fhir(
                resource,
                client_id=client_id,
                start=start,
                today=today,
                extension_urls=extension_urls,
            )
        except ValidationError as error:
            raise error.within(f"entry[{index}].resource") from None
        goal = imported.goal
        goals[goal.id] = goal
        for alias in (f"Goal/{resource.get('id')}", f"Goal/{fhir_id(goal.id)}", full_url):
            if alias:
                aliases[alias] = goal.id
        warnings += [f"goal {goal.id}: {n}" for n in imported.notices]
        warnings += [f"goal {goal.id}: not imported: {u}" for u in imported.unmapped]
    progress: list[ProgressEntry] = []
    derived: dict[str, set[str]] = {}
    responses: list[tuple[int, dict[str, Any]]] = []
    used: list[tuple[int, dict[str, Any]]] = []
    for index, (_, resource) in enumerate(resources):
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind == "Observation" and is_plan_use(resource):
            used.append((index, resource))  # after the CarePlans that bring the plans
        elif kind == "Observation":
            entry, warning = _entry_from_observation(resource, goals, aliases)
            if entry is not None:
                progress.append(entry)
                sources = resource.get("derivedFrom")
                for source in sources if isinstance(sources, list) else []:
                    if isinstance(source, dict) and isinstance(source.get("reference"), str):
                        derived.setdefault(source["reference"], set()).add(entry.id)
            if warning:
                warnings.append(f"entry[{index}] Observation {resource.get('id')}: {warning}")
        elif kind == "CarePlan":
            warnings += _steps_from_careplan(resource, goals, aliases, f"entry[{index}]")
        elif kind == "QuestionnaireResponse":
            responses.append((index, resource))  # after the Observations derived from them
        elif kind not in ("Goal", None):
            warnings.append(f"entry[{index}]: a {kind} is not imported")
    for index, resource in responses:
        warning = _administration_from_response(resource, goals, progress, derived)
        if warning:
            warnings.append(f"entry[{index}] QuestionnaireResponse {resource.get('id')}: {warning}")
    uses = _plan_uses(used, goals, aliases, warnings)
    first = next(iter(goals.values()), None)
    owner = client_id or (first.client_id if first is not None else "unknown")
    record = ClientRecord(
        client_id=owner,
        goals=tuple(attrs.evolve(goal, client_id=owner) for goal in goals.values()),
        progress=tuple(progress),
        plan_uses=tuple(uses),
    )
    return FhirRecord(record, tuple(warnings))


def _resources_of(document: Any) -> list[tuple[str | None, Any]]:
    """The (fullUrl, resource) of each entry of a Bundle, or of the one Goal given."""
    if not isinstance(document, dict):
        raise ValidationError.at("resourceType", "must be 'Bundle' or 'Goal'")
    if document.get("resourceType") == "Goal":
        return [(None, document)]
    if document.get("resourceType") != "Bundle":
        raise ValidationError.at("resourceType", "must be 'Bundle' or 'Goal'")
    entries = document.get("entry") or []
    if not isinstance(entries, list):
        raise ValidationError.at("entry", f"must be an array, got {describe_value(entries)}")
    return [
        (
            entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None,
            entry.get("resource"),
        )
        for entry in entries
        if isinstance(entry, dict)
    ]


def _goal_of(
    resource: Mapping[str, Any], goals: Mapping[str, Goal], aliases: Mapping[str, str]
) -> str | None:
    """The goal an Observation is about: its ``focus``, else the one goal measured by its code."""
    focus = resource.get("focus")
    for item in focus if isinstance(focus, list) else []:
        reference = _str(item.get("reference")) if isinstance(item, dict) else None
        if reference is not None and reference in aliases:
            return aliases[reference]
    codes = {(c.system, c.code) for c in _codings(resource.get("code"))}
    matching = [goal.id for goal in goals.values() if codes & _measure_codes(goal)]
    return matching[0] if len(matching) == 1 else None


def _measure_codes(goal: Goal) -> set[tuple[str, str]]:
    """The (system, code) pairs that name a goal's measure, its questionnaire's LOINC included."""
    measure = goal.measure
    if measure is None:
        return set()
    codes = {(c.system, c.code) for c in measure.codes}
    loinc = loinc_of(measure.questionnaire)
    if loinc is not None:
        codes.add(("http://loinc.org", loinc))
    return codes


def _entry_from_observation(
    resource: Mapping[str, Any], goals: Mapping[str, Goal], aliases: Mapping[str, str]
) -> tuple[ProgressEntry | None, str | None]:
    goal_id = _goal_of(resource, goals, aliases)
    if goal_id is None:
        return (
            None,
            "not imported: it refers to no goal in the bundle (focus) and its code matches none",
        )
    status = resource.get("status")
    if status not in ("final", "amended", "corrected", "preliminary", "entered-in-error"):
        return None, f"not imported: its status is {describe_value(status)}"
    value = _observed_value(resource)
    if value is None:
        return (
            None,
            "not imported: it has no number (valueQuantity, valueInteger or a numeric valueString)",
        )
    at = (
        _moment(resource.get("effectiveDateTime"))
        or _moment(resource.get("effectiveInstant"))
        or _moment(
            (resource.get("effectivePeriod") or {}).get("start")
            if isinstance(resource.get("effectivePeriod"), dict)
            else None
        )
        or _moment(resource.get("issued"))
    )
    if at is None:
        return None, "not imported: it says not when (effective[x] or issued)"
    measure = goals[goal_id].measure
    method = resource.get("method")
    method_text = method.get("text") if isinstance(method, dict) else None
    scored = measure is not None and measure.questionnaire is not None
    source = _enum(ProgressSource, method_text) or (
        ProgressSource.QUESTIONNAIRE if scored else ProgressSource.SELF_REPORT
    )
    notes, _ = _read_notes(_list(resource.get("note"), "note", []))
    base = _embedded(resource, (ENTRY_EXTENSION_URL,), ProgressEntry)
    if base is not None and base.goal_id == goal_id:
        # Our own export: kept whole unless another system changed one of its elements.
        unchanged = observation_from_entry(base, goals[goal_id])
        if all(resource.get(key) == value for key, value in unchanged.items()):
            return base, None
    correction = None
    if status == "entered-in-error":
        meta = resource.get("meta")
        marked = _moment(meta.get("lastUpdated")) if isinstance(meta, dict) else None
        correction = Correction(
            reason="entered-in-error in the record it came from", at=marked or at
        )
    try:
        entry = ProgressEntry(
            id=str(resource.get("id") or f"{goal_id}-{at.isoformat()}"),
            goal_id=goal_id,
            value=value,
            at=at,
            source=source,
            note="\n\n".join(notes) or None,
            entered_in_error=correction,
        )
    except ValidationError as error:
        return None, f"not imported: {error}"
    return entry, None


def _administration_from_response(
    resource: Mapping[str, Any],
    goals: Mapping[str, Goal],
    progress: list[ProgressEntry],
    derived: Mapping[str, set[str]],
) -> str | None:
    """Attach a PHQ-9 or GAD-7 response's item answers to the progress entry derived from it, or
    add one to the goal measured by that questionnaire; a sentence when neither can be done."""
    listed = resource.get("item")
    answers: dict[str, int] = {}
    for item in listed if isinstance(listed, list) else []:
        if not isinstance(item, dict):
            continue
        score = _item_score(item.get("answer"))
        if score is not None:  # linkId "/44250-9" (US Core) or "44250-9"
            answers[str(item.get("linkId") or "").lstrip("/")] = score
    found = [
        (code, [answers.get(item) for item in item_codes])
        for code, (_, item_codes) in QUESTIONNAIRE_ITEMS.items()
    ]
    complete = [(code, scores) for code, scores in found if all(s is not None for s in scores)]
    if not complete:
        return "not imported: it is not a complete PHQ-9 or GAD-7 (LOINC item codes and answers)"
    questionnaire, scores = complete[0]
    values = tuple(int(s) for s in scores if s is not None)
    administration = Administration(questionnaire=questionnaire, answers=values, total=sum(values))
    from_it = derived.get(f"QuestionnaireResponse/{resource.get('id')}", set())
    for index, entry in enumerate(progress):
        if entry.id not in from_it:
            continue
        if entry.administration is not None and entry.administration.answers:
            return None  # our own export: the entry's extension already had the answers
        if entry.value == administration.total:
            progress[index] = attrs.evolve(
                entry, administration=administration, source=ProgressSource.QUESTIONNAIRE
            )
            return None
    measured = [
        g.id
        for g in goals.values()
        if g.measure is not None and g.measure.questionnaire == questionnaire
    ]
    authored = _moment(resource.get("authored"))
    if len(measured) != 1 or authored is None:
        return "not imported: no progress entry derives from it, and no one goal is measured by it"
    progress.append(
        ProgressEntry(
            id=str(resource.get("id") or f"{measured[0]}-{authored.isoformat()}"),
            goal_id=measured[0],
            value=administration.total,
            at=authored,
            source=ProgressSource.QUESTIONNAIRE,
            administration=administration,
        )
    )
    return None


def _item_score(answers: Any) -> int | None:
    """An item's score: a LOINC answer code (0-3), or an integer or decimal answer."""
    for answer in answers if isinstance(answers, list) else []:
        if not isinstance(answer, dict):
            continue
        coding = answer.get("valueCoding")
        if isinstance(coding, dict):
            codes = [code for code, _ in LOINC_ANSWERS]
            if coding.get("code") in codes:
                return codes.index(coding["code"])
        for key in ("valueInteger", "valueDecimal"):
            number = _number(answer.get(key))
            if number is not None and number == int(number) and number >= 0:
                return int(number)
    return None


def _observed_value(resource: Mapping[str, Any]) -> float | None:
    quantity = resource.get("valueQuantity")
    if isinstance(quantity, dict):
        return _number(quantity.get("value"))
    if "valueInteger" in resource:
        return _number(resource["valueInteger"])
    text = resource.get("valueString")
    if isinstance(text, str):
        try:
            number = float(text.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


_PERIOD_OF_UNIT = {"d": Period.DAY, "wk": Period.WEEK, "mo": Period.MONTH}
_MINUTES_OF_UNIT = {"min": 1, "h": 60}


def _steps_from_careplan(
    resource: Mapping[str, Any],
    goals: dict[str, Goal],
    aliases: Mapping[str, str],
    where: str,
) -> list[str]:
    """Add the CarePlan's activities to the goals they serve as steps; warnings for the rest."""
    warnings: list[str] = []
    plan_goals = _goals_referred(resource.get("goal"), aliases)
    listed = resource.get("activity")
    activities: list[Any] = listed if isinstance(listed, list) else []
    for number, activity in enumerate(activities):
        detail = activity.get("detail") if isinstance(activity, dict) else None
        if not isinstance(detail, dict):
            warnings.append(f"{where} CarePlan activity[{number}]: not imported (no detail)")
            continue
        served = _goals_referred(detail.get("goal"), aliases)
        served = served or (plan_goals if len(plan_goals) == 1 else [])
        try:
            plan = plan_from_detail(detail)
        except ValidationError as error:
            warnings.append(f"{where} CarePlan activity[{number}]: not imported ({error})")
            continue
        if plan is not None:
            if not served:
                warnings.append(
                    f"{where} CarePlan activity[{number}]: if-then plan not imported (it serves "
                    "no goal of the bundle)"
                )
            for goal_id in served:
                warnings += _add_plan(goals, goal_id, plan, f"{where} CarePlan activity[{number}]")
            continue
        action = detail.get("description")
        if not _is_text(action):
            code = detail.get("code")
            action = code.get("text") if isinstance(code, dict) else None
        if not served or not _is_text(action):
            warnings.append(
                f"{where} CarePlan activity[{number}]: not imported (it serves no goal of the "
                "bundle, or has no description)"
            )
            continue
        step = _step(
            detail,
            str(action)[:300],
            f"careplan-{fhir_id(str(resource.get('id') or 'plan'))}-{number + 1}",
        )
        for goal_id in served:
            goal = goals[goal_id]
            if any(existing.action == step.action for existing in goal.steps):
                continue  # our own export: the goal's extension already holds its steps
            goals[goal_id] = attrs.evolve(goal, steps=(*goal.steps, step))
    return warnings


def _add_plan(goals: dict[str, Goal], goal_id: str, plan: IfThenPlan, where: str) -> list[str]:
    """Add an imported if-then plan to a goal, unless it has it (our own export embeds it)."""
    goal = goals[goal_id]
    if any(p.text == plan.text for p in goal.plans):
        return []
    warnings = []
    if plan.step_id is not None and plan.step_id not in {step.id for step in goal.steps}:
        warnings.append(f"{where}: the plan's step {plan.step_id!r} is not a step of the goal")
        plan = attrs.evolve(plan, step_id=None)
    if any(p.id == plan.id for p in goal.plans):  # another plan under the same id: a new one
        plan = attrs.evolve(plan, id=f"{plan.id}-{len(goal.plans) + 1}")
    goals[goal_id] = attrs.evolve(goal, plans=(*goal.plans, plan))
    return warnings


def _plan_uses(
    observations: list[tuple[int, dict[str, Any]]],
    goals: Mapping[str, Goal],
    aliases: Mapping[str, str],
    warnings: list[str],
) -> list[PlanUse]:
    """The uses of plans the bundle's Observations record; a warning for each one that fits
    no plan of its goal."""
    uses = []
    for index, resource in observations:
        use, warning = _plan_use(resource, goals, aliases)
        if use is not None:
            uses.append(use)
        if warning:
            warnings.append(f"entry[{index}] Observation {resource.get('id')}: {warning}")
    return uses


def _plan_use(
    resource: Mapping[str, Any], goals: Mapping[str, Goal], aliases: Mapping[str, str]
) -> tuple[PlanUse | None, str | None]:
    """The use of a plan an Observation records, or why it was not imported."""
    goal_id = _goal_of(resource, goals, aliases)
    if goal_id is None:
        return None, "use of a plan not imported: it refers to no goal in the bundle (focus)"
    try:
        use = plan_use_from_observation(resource, goals[goal_id])
    except ValidationError as error:
        return None, f"use of a plan not imported: {error}"
    if use.plan_id not in {plan.id for plan in goals[goal_id].plans}:
        return None, f"use of a plan not imported: goal {goal_id} has no plan {use.plan_id!r}"
    return use, None


def _goals_referred(references: Any, aliases: Mapping[str, str]) -> list[str]:
    """The ids of the bundle's goals that a list of references names."""
    found = []
    for reference in references if isinstance(references, list) else []:
        target = _str(reference.get("reference")) if isinstance(reference, dict) else None
        if target is not None and target in aliases:
            found.append(aliases[target])
    return found


def _step(detail: Mapping[str, Any], action: str, step_id: str) -> Step:
    status = detail.get("status")
    timing = detail.get("scheduledTiming")
    repeat = timing.get("repeat") if isinstance(timing, dict) else None
    schedule = minutes = None
    if isinstance(repeat, dict):
        frequency, period = repeat.get("frequency"), repeat.get("period", 1)
        per = _PERIOD_OF_UNIT.get(str(repeat.get("periodUnit")))
        if isinstance(frequency, int) and frequency > 0 and per is not None and period == 1:
            schedule = Schedule(count=frequency, per=per)
        duration = _number(repeat.get("duration"))
        factor = _MINUTES_OF_UNIT.get(str(repeat.get("durationUnit")))
        if duration and factor and duration * factor >= 1:
            minutes = round(duration * factor)
    return Step(
        id=step_id,
        action=action,
        status=_enum(StepStatus, status) or StepStatus.NOT_STARTED,
        schedule=schedule,
        minutes=minutes,
    )
