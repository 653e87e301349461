"""CSV and iCalendar exports, and the export and import commands, round trip through a store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given

from tests.conftest import END_TO_END
from therapy_goals import ClientRecord, Goal, ValidationError, sample_record
from therapy_goals.cli import cli
from therapy_goals.exchange.calendar import record_to_ics
from therapy_goals.exchange.spreadsheet import record_from_csv, record_to_csv
from therapy_goals.testing import strategies as tgst


@END_TO_END
@given(tgst.client_records(max_goals=2))
def test_csv_keeps_goals_and_progress(record: ClientRecord) -> None:
    if not record.goals:
        return
    back = record_from_csv(record_to_csv(record))
    assert [g.id for g in back.goals] == [g.id for g in record.goals]
    assert [g.statement for g in back.goals] == [g.statement for g in record.goals]
    assert [(g.start, g.due, g.status) for g in back.goals] == [
        (g.start, g.due, g.status) for g in record.goals
    ]
    assert [(e.id, e.at, e.value, e.baseline) for e in back.progress] == [
        (e.id, e.at, e.value, e.baseline) for e in record.progress
    ]
    assert [e.entered_in_error for e in back.progress] == [
        e.entered_in_error for e in record.progress
    ]
    assert [g.measure and g.measure.bounds for g in back.goals] == [
        g.measure and g.measure.bounds for g in record.goals
    ]

    def target(goal: Goal) -> object:
        m = goal.measure
        return m and (m.target, m.target_low, m.target_high, m.target_text)

    assert [target(g) for g in back.goals] == [target(g) for g in record.goals]
    # Plans keep their words and ids (the step a plan carries out needs the JSON or FHIR form).
    assert [[(p.id, p.situation, p.response) for p in g.plans] for g in back.goals] == [
        [(p.id, p.situation, p.response) for p in g.plans] for g in record.goals
    ]
    assert [(g.obstacles, g.supporters) for g in back.goals] == [
        (g.obstacles, g.supporters) for g in record.goals
    ]
    assert back.plan_uses == record.plan_uses


def test_bad_csv_names_the_row_and_column() -> None:
    text = record_to_csv(sample_record(start=date(2026, 3, 2))).replace(",decrease,", ",down,")
    named = r"^row 2\.direction: must be a direction code, got 'down'$"
    with pytest.raises(ValidationError, match=named):
        record_from_csv(text)
    with pytest.raises(ValidationError, match="header: needs the columns kind"):
        record_from_csv("a,b\n1,2\n")


def test_a_bad_cell_is_described_without_quoting_its_free_text() -> None:
    record = sample_record(start=date(2026, 3, 2))
    private = "felt awful after the call with my father"
    text = record_to_csv(record).replace(",13,questionnaire,", f",{private},questionnaire,", 1)
    assert private in text
    with pytest.raises(ValidationError) as caught:
        record_from_csv(text)
    assert "value: must be a number, got a text of 40 characters" in str(caught.value)
    assert private not in str(caught.value)


def test_the_calendar_has_step_schedules_and_reviews() -> None:
    calendar = icalendar.Calendar.from_ical(record_to_ics(sample_record(start=date(2026, 3, 2))))
    events = list(calendar.walk("VEVENT"))
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == sorted(
        [
            "Guided mindfulness practice with an app",
            "Write worries down during a set 15-minute worry time",
            "Goal review",
        ]
    )
    weekly = next(e for e in events if str(e["SUMMARY"]).startswith("Guided"))
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"]
    review = next(e for e in events if str(e["SUMMARY"]) == "Goal review")
    assert review.decoded("DTSTART") == date(2026, 4, 27)


def test_export_formats_and_import_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()

    def run(store: Path, *args: str) -> str:
        env = {"THERAPY_GOALS_STORE": f"sqlite://{store}", "THERAPY_GOALS_DISABLE_PLUGINS": ""}
        result = runner.invoke(cli, list(args), env=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    first, second = tmp_path / "first.db", tmp_path / "second.db"
    record_file = tmp_path / "record.json"
    run(first, "example", "--start", "2026-03-02", "-o", str(record_file))
    assert "imported 1 goal(s), 3 progress entries, 1 review(s), 12 step completion(s)" in run(
        first, "import", str(record_file)
    )
    Bundle.model_validate(
        json.loads(run(first, "export", "--client", "client-0001", "--format", "fhir"))
    )
    csv_file = tmp_path / "record.csv"
    run(first, "export", "--client", "client-0001", "--format", "csv", "-o", str(csv_file))
    assert "imported 1 goal(s), 3 progress entries" in run(second, "import", str(csv_file))
    assert "goal-anxiety-1" in run(second, "list")
    exported = tmp_path / "export.json"
    run(first, "export", "--client", "client-0001", "-o", str(exported))
    assert "imported 1 goal(s)" in run(tmp_path / "third.db", "import", str(exported))


def test_a_bad_import_changes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {
        "THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 's.db'}",
        "THERAPY_GOALS_DISABLE_PLUGINS": "",
    }
    path = tmp_path / "twice.json"
    runner.invoke(cli, ["example", "-o", str(path)], env=env)
    assert runner.invoke(cli, ["import", str(path)], env=env).exit_code == 0
    again = runner.invoke(cli, ["import", str(path)], env=env)
    assert again.exit_code == 1  # understood, but refused: the goal is there already
    assert "nothing was imported" in again.stderr
    listed = runner.invoke(cli, ["list", "--format", "json"], env=env).stdout
    assert len(json.loads(listed)) == 1
    unknown = runner.invoke(cli, ["export", "--client", "x", "--format", "pdf"], env=env)
    assert unknown.exit_code == 2
    assert "choose from full, csv, fhir, ics, json" in unknown.stderr


# --- CSV injection (issue 17; OWASP "CSV Injection") ---------------------------------------------


def _goal_row(csv_text: str) -> dict[str, str]:
    import csv
    import io

    return next(row for row in csv.DictReader(io.StringIO(csv_text)) if row["kind"] == "goal")


@pytest.mark.parametrize(
    ("statement", "written"),
    [
        ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
        ("+1 walk a day", "'+1 walk a day"),
        ("-Walk daily", "'-Walk daily"),
        ("@SUM(A1:A2) walks", "'@SUM(A1:A2) walks"),
        ("\tWalk", "'\tWalk"),
        ("\rWalk", "'\rWalk"),
        ("'quoted' walk", "''quoted' walk"),
        ("Walk = run", "Walk = run"),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_read_back(
    statement: str, written: str
) -> None:
    """OWASP's advice: a cell starting with =, +, -, @, tab or CR gets a leading single quote, so
    a spreadsheet shows it as text; a leading quote is doubled so that reading it back is exact."""
    import attrs

    record = sample_record(start=date(2026, 3, 2))
    goal = attrs.evolve(record.goals[0], statement=statement)
    record = attrs.evolve(record, goals=(goal,), progress=())
    text = record_to_csv(record)
    assert _goal_row(text)["statement"] == written
    assert record_from_csv(text).goals[0].statement == statement


def test_negative_numbers_stay_numbers_in_csv() -> None:
    import attrs

    record = sample_record(start=date(2026, 3, 2))
    entry = attrs.evolve(record.progress[0], value=-2.5)
    text = record_to_csv(attrs.evolve(record, progress=(entry,)))
    assert ",-2.5," in text
    assert record_from_csv(text).progress[0].value == -2.5


def test_a_csv_cell_longer_than_the_csv_modules_limit_is_a_library_error() -> None:
    """Issue 18: csv.Error ("field larger than field limit (131072)") escaped as a traceback."""
    from therapy_goals.exchange.spreadsheet import COLUMNS

    cells = dict.fromkeys(COLUMNS, "")
    cells.update(kind="goal", goal_id="g1", client_id="c", statement="x" * 200_000)
    text = ",".join(COLUMNS) + "\n" + ",".join(cells[c] for c in COLUMNS) + "\n"
    with pytest.raises(
        ValidationError, match=r"^row 2: is not CSV the library can read: field larger"
    ):
        record_from_csv(text)
