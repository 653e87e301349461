"""Goals and progress as one CSV file for spreadsheets, and back.

Each row is a goal (``kind`` = ``goal``) or a progress entry (``kind`` = ``progress``) with the
columns below, or one of a goal's if-then plans (``plan``: ``plan_id``, ``situation``,
``response``), obstacles (``obstacle``: ``text``), supporters (``supporter``: ``text``) or uses of
a plan (``plan-use``: ``entry_id``, ``plan_id``, ``at``, ``helped``, ``note`` and the correction
columns), each naming its goal in ``goal_id``; empty cells are missing values. Files written
before plans, without those columns, read as before. Reading reports every bad cell by row and
column.
A progress entry keeps whether it is a baseline and, if it was marked entered-in-error, the
correction; questionnaire item answers, a measure's codes (LOINC, SNOMED CT, a UCUM unit code, a
coded target), steps, and the step a plan carries out need the JSON or FHIR form.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (OWASP, "CSV Injection"): a statement a client typed could then run code on the
therapist's computer. Such cells are written with a leading single quote, which spreadsheets show
as text; a cell that starts with a quote gets a second one, so reading strips exactly one and
gives back what was written. Numbers the library writes (``-2.5``) are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from therapy_goals.errors import Problem, ValidationError, describe_value
from therapy_goals.model import (
    ClientRecord,
    Correction,
    Direction,
    Goal,
    IfThenPlan,
    LifecycleStatus,
    Measure,
    PlanUse,
    ProgressEntry,
    ProgressSource,
)

__all__ = ["COLUMNS", "neutralise", "record_from_csv", "record_to_csv", "restore"]

T = TypeVar("T")

COLUMNS = (
    "kind",
    "goal_id",
    "client_id",
    "statement",
    "area",
    "language",
    "status",
    "start",
    "due",
    "measure",
    "direction",
    "unit",
    "questionnaire",
    "baseline",
    "target",
    "minimum",
    "maximum",
    "target_low",
    "target_high",
    "target_text",
    "entry_id",
    "at",
    "value",
    "source",
    "note",
    "is_baseline",
    "entered_in_error",
    "corrected_at",
    "corrected_by",
    "plan_id",
    "situation",
    "response",
    "helped",
    "text",
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a leading quote before a formula start."""
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """What :func:`neutralise` was given: one leading quote removed."""
    return cell[1:] if cell.startswith("'") else cell


def _number(value: float | None) -> str:
    """A number as text that reads back exactly."""
    return "" if value is None else repr(value)


def record_to_csv(record: ClientRecord) -> str:
    """The record's goals and progress entries as CSV text with a header row."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)  # CRLF rows, as RFC 4180 has them
    writer.writeheader()
    for goal in record.goals:
        m = goal.measure
        writer.writerow(
            _neutralised(
                {
                    "kind": "goal",
                    "goal_id": goal.id,
                    "client_id": goal.client_id,
                    "statement": goal.statement,
                    "area": goal.area or "",
                    "language": goal.language or "",
                    "status": goal.status.value,
                    "start": goal.start.isoformat(),
                    "due": goal.due.isoformat() if goal.due else "",
                    "measure": m.name if m else "",
                    "direction": m.direction.value if m else "",
                    "unit": (m.unit or "") if m else "",
                    "questionnaire": (m.questionnaire or "") if m else "",
                    "baseline": _number(m.baseline) if m else "",
                    "target": _number(m.target) if m else "",
                    "minimum": _number(m.minimum) if m else "",
                    "maximum": _number(m.maximum) if m else "",
                    "target_low": _number(m.target_low) if m else "",
                    "target_high": _number(m.target_high) if m else "",
                    "target_text": (m.target_text or "") if m else "",
                    "note": goal.notes or "",
                }
            )
        )
    for goal in record.goals:
        for plan in goal.plans:
            writer.writerow(
                _neutralised(
                    {
                        "kind": "plan",
                        "goal_id": goal.id,
                        "plan_id": plan.id,
                        "situation": plan.situation,
                        "response": plan.response,
                    }
                )
            )
        for kind, items in (("obstacle", goal.obstacles), ("supporter", goal.supporters)):
            for text in items:
                writer.writerow(_neutralised({"kind": kind, "goal_id": goal.id, "text": text}))
    for entry in record.progress:
        writer.writerow(
            _neutralised(
                {
                    "kind": "progress",
                    "goal_id": entry.goal_id,
                    "entry_id": entry.id,
                    "at": entry.at.isoformat(),
                    "value": _number(entry.value),
                    "source": entry.source.value,
                    "note": entry.note or "",
                    "is_baseline": "true" if entry.baseline else "",
                    **_correction_cells(entry.entered_in_error),
                }
            )
        )
    for use in record.plan_uses:
        writer.writerow(_neutralised({"kind": "plan-use", **_use_cells(use)}))
    return out.getvalue()


def _use_cells(use: PlanUse) -> dict[str, str]:
    return {
        "goal_id": use.goal_id,
        "entry_id": use.id,
        "plan_id": use.plan_id,
        "at": use.at.isoformat(),
        "helped": "" if use.helped is None else str(use.helped).lower(),
        "note": use.note or "",
        **_correction_cells(use.entered_in_error),
    }


def _correction_cells(wrong: Correction | None) -> dict[str, str]:
    """The cells of a record's correction (empty when it was not marked entered-in-error): what
    :func:`_correction` reads back."""
    return {
        "entered_in_error": wrong.reason if wrong else "",
        "corrected_at": wrong.at.isoformat() if wrong else "",
        "corrected_by": (wrong.by or "") if wrong else "",
    }


def _neutralised(row: Mapping[str, str]) -> dict[str, str]:
    return {column: neutralise(cell) for column, cell in row.items()}


def _cell(row: dict[str, Any], column: str) -> str | None:
    """A cell's text as it was before it was written (see :func:`restore`); ``None`` if empty."""
    value = row.get(column)
    return restore(value) if value else None


def _text(row: dict[str, Any], column: str) -> str:
    """A required cell's text; an empty cell is a problem named by its column."""
    value = _cell(row, column)
    if value is None:
        raise ValidationError.at(column, "is empty; fill it in")
    return value


def _read(row: dict[str, Any], column: str, read: Callable[[str], T], expected: str) -> T | None:
    """An optional cell read by ``read``; a bad cell names its column without quoting free text."""
    value = _cell(row, column)
    if value is None:
        return None
    try:
        return read(value)
    except (ValueError, TypeError):
        raise ValidationError.at(
            column, f"must be {expected}, got {describe_value(value)}"
        ) from None


def _required(row: dict[str, Any], column: str, read: Callable[[str], T], expected: str) -> T:
    value = _read(row, column, read, expected)
    if value is None:
        raise ValidationError.at(column, "is empty; fill it in")
    return value


_NUMBER = "a number"
_DATE = "a date as YYYY-MM-DD"
_MOMENT = "an ISO 8601 time with an offset"


def _goal(row: dict[str, Any]) -> Goal:
    measure = None
    if _cell(row, "measure"):
        measure = Measure(
            name=_text(row, "measure"),
            direction=_read(row, "direction", Direction, "a direction code") or Direction.REACH,
            unit=_cell(row, "unit"),
            questionnaire=_cell(row, "questionnaire"),
            baseline=_read(row, "baseline", float, _NUMBER),
            target=_read(row, "target", float, _NUMBER),
            minimum=_read(row, "minimum", float, _NUMBER),
            maximum=_read(row, "maximum", float, _NUMBER),
            target_low=_read(row, "target_low", float, _NUMBER),
            target_high=_read(row, "target_high", float, _NUMBER),
            target_text=_cell(row, "target_text"),
        )
    return Goal(
        id=_text(row, "goal_id"),
        client_id=_text(row, "client_id"),
        statement=_text(row, "statement"),
        area=_cell(row, "area"),
        language=_cell(row, "language"),
        status=_read(row, "status", LifecycleStatus, "a status code") or LifecycleStatus.PROPOSED,
        start=_required(row, "start", date.fromisoformat, _DATE),
        due=_read(row, "due", date.fromisoformat, _DATE),
        measure=measure,
        notes=_cell(row, "note"),
    )


def _correction(row: dict[str, Any]) -> Correction | None:
    reason = _cell(row, "entered_in_error")
    if reason is None and _cell(row, "corrected_at") is None:
        return None
    return Correction(
        reason=_text(row, "entered_in_error"),
        at=_required(row, "corrected_at", datetime.fromisoformat, _MOMENT),
        by=_cell(row, "corrected_by"),
    )


def _helped(cell: str) -> bool:
    if cell not in ("true", "false"):
        raise ValueError(cell)
    return cell == "true"


def _plan_use(row: dict[str, Any]) -> PlanUse:
    return PlanUse(
        id=_text(row, "entry_id"),
        goal_id=_text(row, "goal_id"),
        plan_id=_text(row, "plan_id"),
        at=_required(row, "at", datetime.fromisoformat, _MOMENT),
        helped=_read(row, "helped", _helped, "true, false or empty"),
        note=_cell(row, "note"),
        entered_in_error=_correction(row),
    )


def _entry(row: dict[str, Any]) -> ProgressEntry:
    correction = _correction(row)
    return ProgressEntry(
        id=_text(row, "entry_id"),
        goal_id=_text(row, "goal_id"),
        at=_required(row, "at", datetime.fromisoformat, _MOMENT),
        value=_required(row, "value", float, _NUMBER),
        source=_read(row, "source", ProgressSource, "a source code") or ProgressSource.SELF_REPORT,
        note=_cell(row, "note"),
        baseline=_cell(row, "is_baseline") == "true",
        entered_in_error=correction,
    )


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row with its number as a spreadsheet shows it (the header is row 1); what the csv
    module cannot parse (a cell over its 131,072-character limit, a NUL) is a ValidationError."""
    number = 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ValidationError.at(
                f"row {number}", f"is not CSV the library can read: {error}"
            ) from None
        yield number, row


def record_from_csv(text: str) -> ClientRecord:
    """A client record from CSV written by :func:`record_to_csv` (or by hand in that shape)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("kind", "goal_id") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError.at("header", f"needs the columns {', '.join(missing)}")
    goals, entries, uses, problems = [], [], [], []
    parts: list[tuple[int, str, dict[str, Any]]] = []
    unread: set[str | None] = set()
    for number, row in _rows(reader):
        kind = _cell(row, "kind")
        try:
            if kind == "goal":
                goals.append(_goal(row))
            elif kind in _GOAL_PARTS and _cell(row, "goal_id") in unread:
                continue  # its goal's row could not be read: that row's problem says why
            elif kind == "progress":
                entries.append(_entry(row))
            elif kind == "plan-use":
                uses.append(_plan_use(row))
            elif kind in _GOAL_PARTS:
                parts.append((number, str(kind), row))
            else:
                problems.append(
                    Problem(
                        f"row {number}.kind",
                        "must be goal, progress, plan, obstacle, supporter or plan-use",
                    )
                )
        except ValidationError as error:
            problems.extend(p.within(f"row {number}") for p in error.problems)
            if kind == "goal":
                unread.add(_cell(row, "goal_id"))
    goals = _with_parts(goals, parts, problems)
    if problems:
        raise ValidationError(problems)
    clients = {goal.client_id for goal in goals}
    if len(clients) != 1:
        raise ValidationError.at("client_id", f"must name one client, found {len(clients)}")
    return ClientRecord(
        client_id=clients.pop(),
        goals=tuple(goals),
        progress=tuple(entries),
        plan_uses=tuple(uses),
    )


_GOAL_PARTS = ("plan", "obstacle", "supporter")


def _with_parts(
    goals: list[Goal], parts: list[tuple[int, str, dict[str, Any]]], problems: list[Problem]
) -> list[Goal]:
    """The goals with the plans, obstacles and supporters their rows list, in row order; a row
    for a goal the file has no row for, or that makes the goal invalid, is a problem."""
    added: dict[str, dict[str, list[Any]]] = {
        goal.id: {"plans": [], "obstacles": [], "supporters": []} for goal in goals
    }
    rows_of: dict[str, list[int]] = {goal.id: [] for goal in goals}
    for number, kind, row in parts:
        try:
            goal_id = _text(row, "goal_id")
            if goal_id not in added:
                raise ValidationError.at("goal_id", "names no goal row of this file")
            if kind == "plan":
                item: Any = IfThenPlan(
                    id=_text(row, "plan_id"),
                    situation=_text(row, "situation"),
                    response=_text(row, "response"),
                )
            else:
                item = _text(row, "text")
            added[goal_id][f"{kind}s"].append(item)
            rows_of[goal_id].append(number)
        except ValidationError as error:
            problems.extend(p.within(f"row {number}") for p in error.problems)
    result = []
    for goal in goals:
        lists = added[goal.id]
        if not rows_of[goal.id]:
            result.append(goal)
            continue
        try:
            result.append(
                attrs.evolve(
                    goal,
                    plans=tuple(lists["plans"]),
                    obstacles=tuple(lists["obstacles"]),
                    supporters=tuple(lists["supporters"]),
                )
            )
        except ValidationError as error:
            rows = ", ".join(str(n) for n in rows_of[goal.id])
            problems.extend(p.within(f"rows {rows}") for p in error.problems)
            result.append(goal)
    return result
