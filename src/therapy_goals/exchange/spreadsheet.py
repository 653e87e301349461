"""Goals and progress as one CSV file for spreadsheets, and back.

Each row is a goal (``kind`` = ``goal``) or a progress entry (``kind`` = ``progress``) with the
columns below; empty cells are missing values. Reading reports every bad cell by row and column.
A progress entry keeps whether it is a baseline and, if it was marked entered-in-error, the
correction; questionnaire item answers need the JSON or FHIR form.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from therapy_goals.errors import Problem, ValidationError
from therapy_goals.model import (
    ClientRecord,
    Correction,
    Direction,
    Goal,
    LifecycleStatus,
    Measure,
    ProgressEntry,
    ProgressSource,
)

__all__ = ["COLUMNS", "record_from_csv", "record_to_csv"]

COLUMNS = (
    "kind",
    "goal_id",
    "client_id",
    "statement",
    "area",
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
    "entry_id",
    "at",
    "value",
    "source",
    "note",
    "is_baseline",
    "entered_in_error",
    "corrected_at",
    "corrected_by",
)


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
            {
                "kind": "goal",
                "goal_id": goal.id,
                "client_id": goal.client_id,
                "statement": goal.statement,
                "area": goal.area or "",
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
                "note": goal.notes or "",
            }
        )
    for entry in record.progress:
        wrong = entry.entered_in_error
        writer.writerow(
            {
                "kind": "progress",
                "goal_id": entry.goal_id,
                "entry_id": entry.id,
                "at": entry.at.isoformat(),
                "value": _number(entry.value),
                "source": entry.source.value,
                "note": entry.note or "",
                "is_baseline": "true" if entry.baseline else "",
                "entered_in_error": wrong.reason if wrong else "",
                "corrected_at": wrong.at.isoformat() if wrong else "",
                "corrected_by": (wrong.by or "") if wrong else "",
            }
        )
    return out.getvalue()


def _cell(row: dict[str, Any], column: str) -> str | None:
    """A cell's text, exactly as written; ``None`` for an empty cell."""
    value = row.get(column)
    return value if value else None


def _goal(row: dict[str, Any]) -> Goal:
    measure = None
    if _cell(row, "measure"):
        measure = Measure(
            name=str(_cell(row, "measure")),
            direction=Direction(_cell(row, "direction") or "reach"),
            unit=_cell(row, "unit"),
            questionnaire=_cell(row, "questionnaire"),
            baseline=float(row["baseline"]) if _cell(row, "baseline") else None,
            target=float(row["target"]) if _cell(row, "target") else None,
            minimum=float(row["minimum"]) if _cell(row, "minimum") else None,
            maximum=float(row["maximum"]) if _cell(row, "maximum") else None,
        )
    due = _cell(row, "due")
    return Goal(
        id=str(_cell(row, "goal_id")),
        client_id=str(_cell(row, "client_id")),
        statement=str(_cell(row, "statement")),
        area=_cell(row, "area"),
        status=LifecycleStatus(_cell(row, "status") or "proposed"),
        start=date.fromisoformat(str(_cell(row, "start"))),
        due=date.fromisoformat(due) if due else None,
        measure=measure,
        notes=_cell(row, "note"),
    )


def _entry(row: dict[str, Any]) -> ProgressEntry:
    reason, corrected_at = _cell(row, "entered_in_error"), _cell(row, "corrected_at")
    correction = None
    if reason is not None or corrected_at is not None:
        correction = Correction(
            reason=str(reason),
            at=datetime.fromisoformat(str(corrected_at)),
            by=_cell(row, "corrected_by"),
        )
    return ProgressEntry(
        id=str(_cell(row, "entry_id")),
        goal_id=str(_cell(row, "goal_id")),
        at=datetime.fromisoformat(str(_cell(row, "at"))),
        value=float(str(_cell(row, "value"))),
        source=ProgressSource(_cell(row, "source") or "self-report"),
        note=_cell(row, "note"),
        baseline=_cell(row, "is_baseline") == "true",
        entered_in_error=correction,
    )


def record_from_csv(text: str) -> ClientRecord:
    """A client record from CSV written by :func:`record_to_csv` (or by hand in that shape)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("kind", "goal_id") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError.at("header", f"needs the columns {', '.join(missing)}")
    goals, entries, problems = [], [], []
    for number, row in enumerate(reader, start=2):
        kind = _cell(row, "kind")
        try:
            if kind == "goal":
                goals.append(_goal(row))
            elif kind == "progress":
                entries.append(_entry(row))
            else:
                problems.append(Problem(f"row {number}.kind", "must be goal or progress"))
        except ValidationError as error:
            problems.extend(p.within(f"row {number}") for p in error.problems)
        except (ValueError, TypeError) as error:
            problems.append(Problem(f"row {number}", f"cannot be read: {error}"))
    if problems:
        raise ValidationError(problems)
    clients = {goal.client_id for goal in goals}
    if len(clients) != 1:
        raise ValidationError.at("client_id", f"must name one client, found {len(clients)}")
    return ClientRecord(client_id=clients.pop(), goals=tuple(goals), progress=tuple(entries))
