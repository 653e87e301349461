"""The store commands, on the default store and on one named with --store."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"THERAPY_GOALS_DISABLE_PLUGINS": ""})
    return result.exit_code, result.stdout, result.stderr


def new_goal(*extra: str) -> str:
    code, out, err = run(
        *extra,
        "new",
        "--template",
        "physical-activity.walking",
        "--client",
        "c-1",
        "--start",
        "2026-03-02",
        "--format",
        "json",
    )
    assert code == 0, err
    return str(json.loads(out)[0]["id"])


def test_new_saves_and_list_show_history_find_it() -> None:
    goal_id = new_goal()
    code, out, _ = run("list", "--client", "c-1")
    assert code == 0
    assert out.splitlines() == [
        "ID        CLIENT  STATUS    DUE         GOAL",
        f"{goal_id[:8]}  c-1     proposed  2026-04-27  Walk for 20 minutes 3 times a week for the "
        "next 8 weeks",
    ]
    code, out, _ = run("show", goal_id, "--format", "json")
    assert json.loads(out)["id"] == goal_id
    code, out, _ = run("show", goal_id[:6], "--today", "2026-04-20")
    assert out.splitlines()[:6] == [
        f"goal {goal_id[:8]} (revision 1) of client c-1",
        "  Walk for 20 minutes 3 times a week for the next 8 weeks",
        "  status:      proposed",
        "  area:        physical-activity",
        "  dates:       started 2026-03-02, due 2026-04-27 (in 7 day(s))",
        "  measure:     walks per week: from 0 to 3, higher is better",
    ]
    code, out, _ = run("history", goal_id)
    assert out.startswith("revision 1  ")
    assert "added by template physical-activity.walking" in out


def test_no_save_only_prints() -> None:
    code, _, _ = run(
        "new", "--template", "physical-activity.walking", "--client", "c-2", "--no-save"
    )
    assert code == 0
    assert run("list", "--format", "json")[1].strip() == "[]"


def test_store_option_chooses_the_store(tmp_path: Path) -> None:
    url = f"jsondir://{tmp_path / 'folder'}"
    goal_id = new_goal("--store", url)
    assert (tmp_path / "folder" / "store.json").exists()
    assert goal_id[:8] in run("--store", url, "list")[1]
    assert run("list")[1:] == ("", "no goals yet\n")


def test_export_writes_everything_about_a_client_to_a_private_file(tmp_path: Path) -> None:
    goal_id = new_goal()
    target = tmp_path / "export.json"
    code, _, err = run("export", "--client", "c-1", "-o", str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    exported = json.loads(target.read_text())
    assert [g["id"] for g in exported["goals"]] == [goal_id]
    assert exported["history"][0]["change"] == "added"


def test_purge_client_needs_yes_then_erases() -> None:
    new_goal()
    code, _, err = run("purge-client", "c-1")
    assert code == 2
    assert "add --yes" in err
    assert run("list", "--client", "c-1")[1] != ""
    code, out, _ = run("purge-client", "c-1", "--yes")
    assert code == 0
    assert "erased 1 goal(s)" in out
    assert run("list", "--client", "c-1")[1] == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("show", "nope"), "no goal whose id starts with 'nope'"),
        (("history", "nop"), "no goal 'nop'; give its id, or at least its first 4"),
        (("--store", "ftp://x", "list"), "no storage backend for 'ftp'"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...], fragment: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert fragment in err


def test_a_corrupt_store_file_is_reported_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    path.write_bytes(b"not a database at all" * 50)
    before = path.read_bytes()
    code, _, err = run("--store", f"sqlite://{path}", "list")
    assert code == 2
    assert "is not a therapy-goals database" in err
    assert path.read_bytes() == before


@given(
    st.lists(st.dictionaries(st.text(max_size=3), st.integers() | st.text(max_size=3)), max_size=4)
)
def test_json_array_pieces_join_to_what_json_dumps_writes(items: list[dict[str, object]]) -> None:
    from therapy_goals.cli.storing import json_array

    assert "".join(json_array(iter(items))) == json.dumps(items, indent=2, ensure_ascii=False)


def test_list_as_json_streams_a_readable_array() -> None:
    first, second = new_goal(), new_goal()
    code, out, _ = run("list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert sorted(goal["id"] for goal in listed) == sorted([first, second])
    assert listed[0]["type"] == "goal"


@pytest.mark.parametrize("scheme", ["sqlite", "jsondir"])
def test_the_list_table_streams_in_reading_order_and_pages(tmp_path: Path, scheme: str) -> None:
    # The store sorts (goals_by_due) and the command holds only the objectives; the table is
    # the same as ever. Expected lines written by hand; widths are those of the rows shown.
    from datetime import UTC, date, datetime

    from therapy_goals import Goal
    from therapy_goals.storage import open_store

    made = datetime(2026, 3, 1, 9, tzinfo=UTC)

    def goal(goal_id: str, client: str, due: date | None, parent: str | None = None) -> Goal:
        return Goal(
            id=goal_id,
            client_id=client,
            statement=f"Goal {goal_id}",
            start=date(2026, 3, 2),
            due=due,
            parent_id=parent,
            created=made,
            updated=made,
        )

    url = {"sqlite": f"sqlite://{tmp_path}/g.db", "jsondir": f"jsondir://{tmp_path}/g"}[scheme]
    with open_store(url) as store:
        store.add(goal("sleep-goal", "c-1", date(2026, 4, 1)))
        store.add(goal("phone-away", "c-1", date(2026, 3, 20), parent="sleep-goal"))
        store.add(goal("walk-more", "client-long-name", date(2026, 3, 10)))
        store.add(goal("no-date", "c-1", None))
    code, out, _ = run("--store", url, "list")
    assert code == 0
    assert out.splitlines() == [
        "ID          CLIENT            STATUS    DUE         GOAL",
        "walk-more   client-long-name  proposed  2026-03-10  Goal walk-more",
        "sleep-goal  c-1               proposed  2026-04-01  Goal sleep-goal",
        "phone-away  c-1               proposed  2026-03-20    - Goal phone-away",
        "no-date     c-1               proposed  -           Goal no-date",
    ]
    code, out, _ = run("--store", url, "list", "--offset", "1", "--limit", "2")
    assert out.splitlines() == [
        "ID          CLIENT  STATUS    DUE         GOAL",
        "sleep-goal  c-1     proposed  2026-04-01  Goal sleep-goal",
        "phone-away  c-1     proposed  2026-03-20    - Goal phone-away",
    ]
    code, out, err = run("--store", url, "list", "--offset", "9")
    assert (out, err) == ("", "no goals match\n")
