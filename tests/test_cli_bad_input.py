# ruff: noqa: E501 - one row per input reads better than rows broken over lines
"""Inputs a person can type end in one line and a non-zero exit, never a traceback.

One row per input, across every command: the arguments (``{tmp}`` is a fresh folder holding the
files named below), what goes to standard input, the exit status (2: bad usage or input; 1: the
command was understood but the store or the model refused it) and the message after ``Error: ``.
Each message was read against what a person needs to act on it: what was wrong, and where. The
store holds the sample client record (goal ``goal-anxiety-1`` of ``client-0001``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from therapy_goals import LifecycleStatus, sample_record, to_json
from therapy_goals.cli import cli
from therapy_goals.storage import open_store

DEEP = "[" * 100_000 + "]" * 100_000
G = "goal-anxiety-1"
C = "client-0001"
FHIR_GOAL_WITH_A_BAD_START = {
    "resourceType": "Goal",
    "lifecycleStatus": "active",
    "description": {"text": "Walk"},
    "subject": {"reference": "Patient/1"},
    "startDate": "last spring",
}

CASES = [
    (["--store"], None, 2, "Option '--store' requires an argument."),
    (
        ["--store", "ftp://x", "list"],
        None,
        2,
        "no storage backend for 'ftp'; known schemes: jsondir://, memory://, postgres://, postgresql://, sqlite://",
    ),
    (
        ["--store", "sqlite://", "list"],
        None,
        2,
        "'sqlite://': write sqlite:///absolute/path/goals.db or sqlite:relative/goals.db",
    ),
    (
        ["--store", "", "list"],
        None,
        2,
        "--store: give a store URL, e.g. sqlite:///path/goals.db, or leave it out",
    ),
    (
        ["--store", "postgresql://nobody@127.0.0.1:1/none", "list"],
        None,
        2,
        "postgresql://nobody@127.0.0.1:1/none: cannot connect",
    ),
    (
        ["--store", "jsondir://{tmp}/a-file", "list"],
        None,
        2,
        "jsondir://{tmp}/a-file: {tmp}/a-file is a file, not a folder",
    ),
    (
        ["--store", "sqlite://{tmp}/tpyo/dir/goals.db", "list"],
        None,
        2,
        "sqlite://{tmp}/tpyo/dir/goals.db: the folder {tmp}/tpyo/dir does not exist; create it, or check the path",
    ),
    (
        ["--store", "sqlite:////proc/goals.db", "list"],
        None,
        2,
        "sqlite:////proc/goals.db: cannot create the database: No such file or directory",
    ),
    (
        ["--store", "sqlite://{tmp}/corrupt.db", "list"],
        None,
        2,
        "sqlite://{tmp}/corrupt.db: is not a therapy-goals database: file is not a database",
    ),
    (
        ["--store", "jsondir://{tmp}/badjson", "list"],
        None,
        2,
        "jsondir://{tmp}/badjson: store.json cannot be read: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
    ),
    (["nosuch"], None, 2, "No such command 'nosuch'. (see `therapy-goals --help`)"),
    (["--nosuch"], None, 2, "No such option '--nosuch'. (see `therapy-goals --help`)"),
    (
        ["check"],
        None,
        2,
        "give either one or more statements, or --file FILE (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--file", "x.json", "Walk"],
        None,
        2,
        "give either one or more statements, or --file FILE (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--file", "/no/such.json"],
        None,
        2,
        "cannot read /no/such.json: No such file or directory",
    ),
    (["check", "--file", "{tmp}"], None, 2, "cannot read {tmp}: Is a directory"),
    (["check", "--file", "-"], DEEP, 2, "standard input: is not valid JSON: nested too deeply"),
    (
        ["check", "--file", "-"],
        "{not json",
        2,
        "standard input: (document): is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2",
    ),
    (["check", "--file", "-"], "", 2, "standard input: header: needs the columns kind, goal_id"),
    (
        ["check", "--file", "-"],
        "[1, 2]",
        2,
        "standard input: 2 problem(s): [0]: a goal document must be a JSON object, got 1; [1]: a goal document must be a JSON object, got 2",
    ),
    (
        ["check", "--file", "-"],
        '{"type": "goal"}',
        2,
        'standard input: schema_version: is required; add "schema_version": 1',
    ),
    (
        ["check", "--file", "-"],
        '{"type": "banana"}',
        2,
        'standard input: schema_version: is required; add "schema_version": 1',
    ),
    (
        ["check", "--file", "-"],
        "\xff\xfe",
        2,
        "standard input: header: needs the columns kind, goal_id",
    ),
    (
        ["check", "--file", "-"],
        "kind,goal_id\nbanana,g\n",
        2,
        "standard input: row 2.kind: must be goal, progress, plan, obstacle, supporter or plan-use",
    ),
    (
        ["check", "--select", "Q9", "Walk daily"],
        None,
        2,
        "selection: select[0]: 'Q9' matches no rule; use a code (S101), a prefix (S1, S), a criterion (specific) or ALL; `therapy-goals rules` lists them",
    ),
    (
        ["check", "--ignore", "Q9", "Walk daily"],
        None,
        2,
        "selection: ignore[0]: 'Q9' matches no rule; use a code (S101), a prefix (S1, S), a criterion (specific) or ALL; `therapy-goals rules` lists them",
    ),
    (
        ["check", "--severity", "A101=loud", "Walk daily"],
        None,
        2,
        "Invalid value for --severity: 'A101=loud': write SELECTOR=LEVEL with LEVEL error, warning or info (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--severity", "A101", "Walk daily"],
        None,
        2,
        "Invalid value for --severity: 'A101': write SELECTOR=LEVEL with LEVEL error, warning or info (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--option", "A101=3", "Walk daily"],
        None,
        2,
        "Invalid value for --option: 'A101=3': write CODE.OPTION=NUMBER, e.g. A101.max_weekly_minutes=900 (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--option", "A101.max_hours=3", "Walk daily"],
        None,
        2,
        "selection: options.A101.max_hours: is not an option of A101; it has: max_weekly_minutes",
    ),
    (
        ["check", "--option", "A101.max_weekly_minutes=abc", "Walk daily"],
        None,
        2,
        "Invalid value for --option: 'A101.max_weekly_minutes=abc': write CODE.OPTION=NUMBER, e.g. A101.max_weekly_minutes=900 (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--today", "tomorrow", "Walk daily"],
        None,
        2,
        "Invalid value for '--today': 'tomorrow' does not match the format '%Y-%m-%d'. (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--today", "2026-02-30", "Walk daily"],
        None,
        2,
        "Invalid value for '--today': '2026-02-30' does not match the format '%Y-%m-%d'. (see `therapy-goals check --help`)",
    ),
    (
        ["check", "--format", "xml", "Walk daily"],
        None,
        2,
        "Invalid value for '--format': 'xml' is not one of 'text', 'json'. (see `therapy-goals check --help`)",
    ),
    (
        ["check", "I", "want", "to", "be", "happier"],
        None,
        2,
        '5 single words, each of which would be checked as a statement of its own; put one statement in quotes: therapy-goals check "I want to be happier"',
    ),
    (
        ["check", "--area", "Bad Area", "Walk daily"],
        None,
        2,
        "statement: area: must be a lower-case code like 'self-care' or 'phq9', got a text of 8 characters; use letters, digits and single hyphens",
    ),
    (
        ["check", "--why", "", "Walk daily"],
        None,
        2,
        "statement: why_it_matters: must not be blank; write it out in a few words",
    ),
    (
        ["check", "   "],
        None,
        2,
        "statement: must not be blank; write it out in a few words",
    ),
    (
        ["check", "walk \udcff every day for 2 weeks"],  # the byte 0xFF, as Python reads argv
        None,
        2,
        "statement: must not hold the byte 0xFF, which is not UTF-8 (read as the lone surrogate "
        "U+DCFF, which no store can keep); give the text as UTF-8",
    ),
    (
        ["check", "--file", "{tmp}/sample.json", "--area", "anxiety"],
        None,
        2,
        "--area and --why go with a statement; a goal file holds its own (see `therapy-goals check --help`)",
    ),
    (["rules", "Z999"], None, 2, "there is no rule 'Z999'; `therapy-goals rules` lists them"),
    (
        ["check", "--language", "fr", "Walk daily"],
        None,
        2,
        "--language: no language 'fr'; known: de, en, es",
    ),
    (
        ["rules", "--format", "yaml"],
        None,
        2,
        "Invalid value for '--format': 'yaml' is not one of 'text', 'json'. (see `therapy-goals rules --help`)",
    ),
    (
        ["rules", "S101", "S102"],
        None,
        2,
        "Got unexpected extra argument (S102) (see `therapy-goals rules --help`)",
    ),
    (
        ["templates", "--area", "nope"],
        None,
        2,
        "no templates in area 'nope'; areas with templates: anxiety, boundaries, communication, coping-skills, depression, physical-activity, relationships, self-care, self-esteem, sleep, stress, trauma",
    ),
    (
        ["templates", "show"],
        None,
        2,
        "Missing argument 'TEMPLATE_ID'. (see `therapy-goals templates show --help`)",
    ),
    (
        ["templates", "show", "nope"],
        None,
        2,
        "template: there is no template 'nope'; try anxiety.exposure-ladder, anxiety.fewer-panic-attacks, anxiety.gad7-mindfulness, anxiety.worry-time, boundaries.assertive-requests, boundaries.protected-time",
    ),
    (
        ["templates", "show", "anxiety.nope"],
        None,
        2,
        "template: there is no template 'anxiety.nope'; try anxiety.fewer-panic-attacks, anxiety.gad7-mindfulness, anxiety.worry-time, anxiety.exposure-ladder",
    ),
    (
        ["templates", "--format", "xml"],
        None,
        2,
        "Invalid value for '--format': 'xml' is not one of 'text', 'json'. (see `therapy-goals templates --help`)",
    ),
    (["new"], None, 2, "Missing option '--template'. (see `therapy-goals new --help`)"),
    (
        ["new", "--template", "anxiety.gad7-mindfulness"],
        None,
        2,
        "Missing option '--client'. (see `therapy-goals new --help`)",
    ),
    (
        ["new", "--template", "nope", "--client", "c"],
        None,
        2,
        "template: there is no template 'nope'; try anxiety.exposure-ladder, anxiety.fewer-panic-attacks, anxiety.gad7-mindfulness, anxiety.worry-time, boundaries.assertive-requests, boundaries.protected-time",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", ""],
        None,
        2,
        "template anxiety.gad7-mindfulness.client_id: must not be blank; write it out in a few words",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--param", "x"],
        None,
        2,
        "--param: 'x': write NAME=VALUE, e.g. minutes=15",
    ),
    (
        [
            "new",
            "--template",
            "anxiety.gad7-mindfulness",
            "--client",
            "c",
            "--param",
            "minutes=abc",
        ],
        None,
        2,
        "minutes: must be a whole number (5..40), got 'abc'",
    ),
    (
        [
            "new",
            "--template",
            "anxiety.gad7-mindfulness",
            "--client",
            "c",
            "--param",
            "minutes=999",
        ],
        None,
        2,
        "minutes: must be 5..40, got 999",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--param", "nope=1"],
        None,
        2,
        "nope: is not a parameter of anxiety.gad7-mindfulness; it has: minutes, sessions_per_week, baseline, target, weeks",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--param", "target=20"],
        None,
        2,
        "target: must be 0..15, got 20",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--start", "9999-12-01"],
        None,
        2,
        "start: 9999-12-01 is too late: the goal's dates would pass year 9999",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--start", "03/01/2026"],
        None,
        2,
        "Invalid value for '--start': '03/01/2026' does not match the format '%Y-%m-%d'. (see `therapy-goals new --help`)",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--why", ""],
        None,
        2,
        "why_it_matters: must not be blank; write it out in a few words",
    ),
    (
        [
            "new",
            "--template",
            "anxiety.gad7-mindfulness",
            "--client",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ],
        None,
        2,
        "template anxiety.gad7-mindfulness.client_id: must be at most 200 characters, got 500",
    ),
    (
        ["new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--format", "xml"],
        None,
        2,
        "Invalid value for '--format': 'xml' is not one of 'text', 'json'. (see `therapy-goals new --help`)",
    ),
    (
        ["list", "--client", "nobody"],
        None,
        2,
        "no goals for client 'nobody' in the store; check the client id",
    ),
    (
        ["list", "--status", "happy"],
        None,
        2,
        "Invalid value for '--status': 'happy' is not one of 'proposed', 'planned', 'accepted', 'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected'. (see `therapy-goals list --help`)",
    ),
    (
        ["list", "--limit", "0"],
        None,
        2,
        "Invalid value for '--limit': 0 is not in the range x>=1. (see `therapy-goals list --help`)",
    ),
    (
        ["list", "--limit", "-1"],
        None,
        2,
        "Invalid value for '--limit': -1 is not in the range x>=1. (see `therapy-goals list --help`)",
    ),
    (
        ["list", "--offset", "-3"],
        None,
        2,
        "Invalid value for '--offset': -3 is not in the range x>=0. (see `therapy-goals list --help`)",
    ),
    (
        ["list", "--due-before", "soon"],
        None,
        2,
        "Invalid value for '--due-before': 'soon' does not match the format '%Y-%m-%d'. (see `therapy-goals list --help`)",
    ),
    (["show"], None, 2, "Missing argument 'GOAL_ID'. (see `therapy-goals show --help`)"),
    (["show", "nope"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (["show", "g"], None, 2, "no goal 'g'; give its id, or at least its first 4 characters"),
    (
        ["show", G, "--format", "xml"],
        None,
        2,
        "Invalid value for '--format': 'xml' is not one of 'text', 'json'. (see `therapy-goals show --help`)",
    ),
    (
        ["show", G, "--today", "yesterday"],
        None,
        2,
        "Invalid value for '--today': 'yesterday' does not match the format '%Y-%m-%d'. (see `therapy-goals show --help`)",
    ),
    (["history", "nope"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (["entries", "nope"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (
        ["entries", G, "--format", "csv"],
        None,
        2,
        "Invalid value for '--format': 'csv' is not one of 'text', 'json'. (see `therapy-goals entries --help`)",
    ),
    (
        ["status", G],
        None,
        2,
        "Missing argument 'STATUS'. Choose from: proposed, planned, accepted, active, on-hold, completed, cancelled, entered-in-error, rejected (see `therapy-goals status --help`)",
    ),
    (
        ["status", G, "happy"],
        None,
        2,
        "Invalid value for 'STATUS': 'happy' is not one of 'proposed', 'planned', 'accepted', 'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected'. (see `therapy-goals status --help`)",
    ),
    (
        ["status", G, "proposed"],
        None,
        1,
        "status: cannot change from 'active' to 'proposed'; allowed from 'active': cancelled, completed, entered-in-error, on-hold",
    ),
    (["status", "nope", "active"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (["edit", G], None, 2, "say what to change, e.g. --due 2026-06-30 or --target 7"),
    (
        ["edit", G, "--due", "2020-01-01"],
        None,
        1,
        "due: 2020-01-01 is before start 2026-03-02; move the due date later or the start earlier",
    ),
    (
        ["edit", G, "--due", "someday"],
        None,
        2,
        "Invalid value for '--due': 'someday' does not match the format '%Y-%m-%d'. (see `therapy-goals edit --help`)",
    ),
    (
        ["edit", G, "--statement", ""],
        None,
        1,
        "statement: must not be blank; write it out in a few words",
    ),
    (
        ["edit", G, "--area", "Not A Slug"],
        None,
        1,
        "area: must be a lower-case code like 'self-care' or 'phq9', got a text of 10 characters; use letters, digits and single hyphens",
    ),
    (
        ["edit", G, "--confidence", "11"],
        None,
        2,
        "Invalid value for '--confidence': 11 is not in the range 0<=x<=10. (see `therapy-goals edit --help`)",
    ),
    (
        ["edit", G, "--importance", "-1"],
        None,
        2,
        "Invalid value for '--importance': -1 is not in the range 0<=x<=10. (see `therapy-goals edit --help`)",
    ),
    (
        ["edit", G, "--target", "15"],
        None,
        1,
        "target: equals the baseline (15) but the direction is 'decrease'; set a target you want to move to, or use direction 'maintain'",
    ),
    (["edit", G, "--target", "nan"], None, 1, "target: must be a finite number, got nan"),
    (
        ["edit", G, "--target", "abc"],
        None,
        2,
        "Invalid value for '--target': 'abc' is not a valid float. (see `therapy-goals edit --help`)",
    ),
    (
        ["edit", G, "--revision", "0", "--area", "sleep"],
        None,
        2,
        "Invalid value for '--revision': 0 is not in the range x>=1. (see `therapy-goals edit --help`)",
    ),
    (
        ["edit", G, "--revision", "99", "--area", "sleep"],
        None,
        1,
        "goal 'goal-anxiety-1' is at revision 1, not 99: it was changed since this copy was read; read it again and re-apply the change; run `therapy-goals show goal-anxiety-1` to see the changes, then edit again",
    ),
    (["archive", "nope"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (
        ["delete", G],
        None,
        2,
        "delete erases goal goal-anxiety-1 and everything about it for good; add --yes",
    ),
    (["delete", "nope", "--yes"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (["log", G], None, 2, "Missing argument 'VALUE'. (see `therapy-goals log --help`)"),
    (
        ["log", G, "abc"],
        None,
        2,
        "Invalid value for 'VALUE': 'abc' is not a valid float. (see `therapy-goals log --help`)",
    ),
    (["log", G, "nan"], None, 1, "value: must be a finite number, got nan"),
    (["log", G, "inf"], None, 1, "value: must be a finite number, got inf"),
    (["log", G, "30"], None, 1, "value: 30 is outside the allowed range (0-21) for GAD-7 total"),
    (["log", G, "-1"], None, 1, "value: -1 is outside the allowed range (0-21) for GAD-7 total"),
    (
        ["log", G, "10", "--at", "yesterday"],
        None,
        2,
        "--at 'yesterday': write an ISO time such as 2026-03-02T18:30+00:00",
    ),
    (
        ["log", G, "10", "--at", "2099-01-01T10:00"],
        None,
        1,
        "at: 2099-01-01T10:00:00+00:00 is in the future",
    ),
    (
        ["log", G, "10", "--at", "1990-01-01T10:00"],
        None,
        1,
        "at: 1990-01-01 is before the goal's start 2026-03-02; only a baseline may predate the start",
    ),
    (
        ["log", G, "10", "--source", "gossip"],
        None,
        2,
        "Invalid value for '--source': 'gossip' is not one of 'self-report', 'mood-log', 'journal', 'questionnaire', 'therapist'. (see `therapy-goals log --help`)",
    ),
    (
        ["log", G, "10", "--note", ""],
        None,
        1,
        "note: must not be blank; write it out in a few words",
    ),
    (["log", "nope", "10"], None, 2, "no goal whose id starts with 'nope' in the store"),
    (
        ["log-step", G, "nope"],
        None,
        2,
        "goal goal-anxiety-1 has no step 'nope'; its steps: step-mindfulness, step-worry-time",
    ),
    (
        ["log-step", G, "step-mindfulness", "--day", "3000-01-01"],
        None,
        1,
        "day: 3000-01-01 is in the future",
    ),
    (
        ["log-step", G, "step-mindfulness", "--day", "1990-01-01"],
        None,
        1,
        "day: 1990-01-01 is before the goal's start 2026-03-02",
    ),
    (
        ["log-step", G, "step-mindfulness", "--day", "2026-13-01"],
        None,
        2,
        "Invalid value for '--day': '2026-13-01' does not match the format '%Y-%m-%d'. (see `therapy-goals log-step --help`)",
    ),
    (
        ["mark-error", G, "nope", "--reason", "x"],
        None,
        2,
        "goal goal-anxiety-1 has no entry, step record, plan use or review "
        "'nope'; `therapy-goals entries goal-anxiety-1` lists them",
    ),
    (
        ["mark-error", G, "gad7-week-0"],
        None,
        2,
        "Missing option '--reason'. (see `therapy-goals mark-error --help`)",
    ),
    (
        ["mark-error", G, "gad7-week-0", "--reason", ""],
        None,
        1,
        "reason: must not be blank; write it out in a few words",
    ),
    (["score"], None, 2, "Missing argument 'CODE'. (see `therapy-goals score --help`)"),
    (["score", "nope", "1"], None, 2, "no questionnaire 'nope'; known: gad7, phq9"),
    (["score", "phq9", "1", "2"], None, 2, "answers: PHQ-9 has 9 items, got 2 answers"),
    (
        ["score", "phq9", "1", "2", "3", "0", "1", "2", "3", "a", "1"],
        None,
        2,
        "Invalid value for '[ANSWERS]...': 'a' is not a valid integer. (see `therapy-goals score --help`)",
    ),
    (
        ["score", "gad7", "1", "1", "1", "1", "1", "1", "1", "--goal", "nope"],
        None,
        2,
        "no goal whose id starts with 'nope' in the store",
    ),
    (
        ["score", "phq9", "1", "1", "1", "1", "1", "1", "1", "1", "1", "--goal", G],
        None,
        1,
        "administration.questionnaire: 'phq9' cannot be attached to goal 'goal-anxiety-1' (measured by 'gad7'); attach it to a goal whose measure uses it",
    ),
    (
        [
            "score",
            "gad7",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "--goal",
            G,
            "--at",
            "2099-01-01T00:00",
        ],
        None,
        1,
        "at: 2099-01-01T00:00:00+00:00 is in the future",
    ),
    (
        ["score", "gad7", "1", "1", "1", "1", "1", "1", "1", "--at", "when"],
        None,
        2,
        "--at goes with --goal: it says when the answers saved to a goal were given",
    ),
    (
        ["review", G],
        None,
        2,
        "Missing option '--achievement'. Choose from: in-progress, improving, worsening, no-change, achieved, sustaining, not-achieved, no-progress, not-attainable (see `therapy-goals review --help`)",
    ),
    (
        ["review", G, "--achievement", "great", "--decision", "continue"],
        None,
        2,
        "Invalid value for '--achievement': 'great' is not one of 'in-progress', 'improving', 'worsening', 'no-change', 'achieved', 'sustaining', 'not-achieved', 'no-progress', 'not-attainable'. (see `therapy-goals review --help`)",
    ),
    (
        ["review", G, "--achievement", "improving", "--decision", "maybe"],
        None,
        2,
        "Invalid value for '--decision': 'maybe' is not one of 'continue', 'revise', 'complete', 'pause', 'discontinue'. (see `therapy-goals review --help`)",
    ),
    (
        ["review", G, "--achievement", "improving", "--decision", "revise"],
        None,
        2,
        "--decision revise needs --revised-file FILE: the revised goal as JSON (`therapy-goals show goal-anxiety-1 --format json > goal.json`, then edit it)",
    ),
    (
        ["review", G, "--achievement", "improving", "--decision", "continue", "--attainment", "3"],
        None,
        2,
        "Invalid value for '--attainment': 3 is not in the range -2<=x<=2. (see `therapy-goals review --help`)",
    ),
    (
        [
            "review",
            G,
            "--achievement",
            "improving",
            "--decision",
            "continue",
            "--revised-file",
            "{tmp}/sample.json",
        ],
        None,
        2,
        "--revised-file goes with --decision revise, not 'continue'",
    ),
    (
        [
            "review",
            G,
            "--achievement",
            "improving",
            "--decision",
            "revise",
            "--revised-file",
            "{tmp}/badjson/store.json",
        ],
        None,
        2,
        "{tmp}/badjson/store.json: is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2",
    ),
    (
        [
            "review",
            G,
            "--achievement",
            "improving",
            "--decision",
            "revise",
            "--revised-file",
            "/no/such",
        ],
        None,
        2,
        "Invalid value for '--revised-file': '/no/such': No such file or directory (see `therapy-goals review --help`)",
    ),
    (
        [
            "review",
            G,
            "--achievement",
            "improving",
            "--decision",
            "continue",
            "--at",
            "2099-01-01T00:00",
        ],
        None,
        1,
        "at: 2099-01-01T00:00:00+00:00 is in the future",
    ),
    (
        [
            "review",
            G,
            "--achievement",
            "improving",
            "--decision",
            "continue",
            "--next-review",
            "soon",
        ],
        None,
        2,
        "Invalid value for '--next-review': 'soon' does not match the format '%Y-%m-%d'. (see `therapy-goals review --help`)",
    ),
    (
        ["review", "nope", "--achievement", "improving", "--decision", "continue"],
        None,
        2,
        "no goal whose id starts with 'nope' in the store",
    ),
    (
        ["due-reviews", "--today", "x"],
        None,
        2,
        "Invalid value for '--today': 'x' does not match the format '%Y-%m-%d'. (see `therapy-goals due-reviews --help`)",
    ),
    (
        ["due-reviews", "--client", "nobody"],
        None,
        2,
        "no goals for client 'nobody' in the store; check the client id",
    ),
    (
        ["due-reviews", "--format", "xml"],
        None,
        2,
        "Invalid value for '--format': 'xml' is not one of 'text', 'json'. (see `therapy-goals due-reviews --help`)",
    ),
    (["report"], None, 2, "Missing option '--client'. (see `therapy-goals report --help`)"),
    (
        ["report", "--client", "nobody"],
        None,
        2,
        "no goals for client 'nobody' in the store; check the client id",
    ),
    (
        ["report", "--client", C, "-o", "{tmp}/sample.json"],
        None,
        2,
        "{tmp}/sample.json already exists; choose another name or remove it",
    ),
    (
        ["report", "--client", C, "-o", "/no/such/dir/r.md"],
        None,
        2,
        "cannot create /no/such/dir/r.md: No such file or directory",
    ),
    (
        ["report", "--client", C, "--chart-dir", "{tmp}/a-file"],
        None,
        2,
        "Invalid value for '--chart-dir': Directory '{tmp}/a-file' is a file. (see `therapy-goals report --help`)",
    ),
    (
        ["report", "--client", C, "--today", "x"],
        None,
        2,
        "Invalid value for '--today': 'x' does not match the format '%Y-%m-%d'. (see `therapy-goals report --help`)",
    ),
    (
        ["export", "--client", "nobody"],
        None,
        2,
        "no goals for client 'nobody' in the store; check the client id",
    ),
    (
        ["export", "--client", C, "--format", "pdf"],
        None,
        2,
        "unknown format 'pdf'; choose from full, csv, fhir, ics, json",
    ),
    (
        ["export", "--client", C, "-o", "{tmp}/sample.json"],
        None,
        2,
        "{tmp}/sample.json already exists; choose another name or remove it",
    ),
    (
        ["export", "--client", C, "-o", "/proc/x.json"],
        None,
        2,
        "cannot create /proc/x.json: No such file or directory",
    ),
    (
        ["import", "/no/such.json"],
        None,
        2,
        "Invalid value for 'FILE': File '/no/such.json' does not exist. (see `therapy-goals import --help`)",
    ),
    (
        ["import", "{tmp}/moved-back.json"],
        None,
        1,
        "{tmp}/moved-back.json: status: cannot change from 'active' to 'proposed'; change the status on its own, along an allowed move (see change_status); nothing was imported",
    ),
    (
        ["import", "{tmp}/deep.json"],
        None,
        2,
        "{tmp}/deep.json: is not valid JSON: nested too deeply",
    ),
    (
        ["import", "{tmp}/badjson/store.json"],
        None,
        2,
        "{tmp}/badjson/store.json: is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2",
    ),
    (
        ["import", "{tmp}"],
        None,
        2,
        "Invalid value for 'FILE': File '{tmp}' is a directory. (see `therapy-goals import --help`)",
    ),
    (["import", "{tmp}/garbage.bin"], None, 2, "{tmp}/garbage.bin: is not UTF-8 text (byte 128)"),
    (
        ["import", "{tmp}/bad.csv"],
        None,
        2,
        "{tmp}/bad.csv: row 2.kind: must be goal, progress, plan, obstacle, supporter or plan-use",
    ),
    (
        ["import", "{tmp}/fhir-bad-start.json"],
        None,
        2,
        "{tmp}/fhir-bad-start.json: entry[0].resource.startDate: must be a FHIR date (YYYY-MM-DD), got a text of 11 characters",
    ),
    (
        ["purge-client", "nobody"],
        None,
        2,
        "purge-client erases everything about 'nobody' for good; add --yes",
    ),
    (["purge-client", "", "--yes"], None, 2, "client_id: must name a client; nothing was erased"),
    (
        ["purge-client", "nobody", "--yes"],
        None,
        2,
        "no goals for client 'nobody' in the store; check the client id",
    ),
    (
        ["example", "--format", "pdf"],
        None,
        2,
        "Invalid value for --format: unknown format 'pdf'; choose from csv, fhir, ics, json (see `therapy-goals example --help`)",
    ),
    (
        ["example", "-o", "{tmp}/sample.json"],
        None,
        2,
        "{tmp}/sample.json already exists; choose another name or remove it",
    ),
    (
        ["example", "--start", "x"],
        None,
        2,
        "Invalid value for '--start': 'x' does not match the format '%Y-%m-%d'. (see `therapy-goals example --help`)",
    ),
    (
        ["plugin", "new", "My Plugin"],
        None,
        2,
        "plug-in name 'My Plugin': use lower-case letters, digits and single hyphens, starting with a letter, e.g. sleep-helpers",
    ),
    (
        ["plugin", "new"],
        None,
        2,
        "Missing argument 'NAME'. (see `therapy-goals plugin new --help`)",
    ),
    (
        ["plugin", "new", "calm", "--dir", "{tmp}"],
        None,
        2,
        "{tmp} already exists; choose another --dir or remove it",
    ),
    (
        ["plugins", "--format", "xml"],
        None,
        2,
        "Invalid value for '--format': 'xml' is not one of 'text', 'json'. (see `therapy-goals plugins --help`)",
    ),
    (
        ["demo", "-o", "{tmp}/a-file"],
        None,
        2,
        "Invalid value for '-o' / '--output' / '--out': Directory '{tmp}/a-file' is a file. (see `therapy-goals demo --help`)",
    ),
    (
        ["demo", "--today", "x"],
        None,
        2,
        "Invalid value for '--today': 'x' does not match the format '%Y-%m-%d'. (see `therapy-goals demo --help`)",
    ),
    (["demo", "--client", ""], None, 2, "--client: must name the demo client, e.g. demo-client"),
    (
        ["demo", "--store", "ftp://x"],
        None,
        2,
        "no storage backend for 'ftp'; known schemes: jsondir://, memory://, postgres://, postgresql://, sqlite://",
    ),
    (
        ["where", "extra"],
        None,
        2,
        "Got unexpected extra argument (extra) (see `therapy-goals where --help`)",
    ),
]


def _folder(tmp: Path) -> None:
    """The files the table's inputs name."""
    (tmp / "a-file").write_text("not a folder")
    (tmp / "deep.json").write_text(DEEP)
    (tmp / "corrupt.db").write_bytes(b"not a database at all" * 100)
    (tmp / "badjson").mkdir()
    (tmp / "badjson" / "store.json").write_text("{broken")
    (tmp / "sample.json").write_text(to_json(sample_record(start=date(2026, 3, 2))))
    (tmp / "garbage.bin").write_bytes(bytes(range(256)))
    (tmp / "bad.csv").write_text("kind,goal_id\nbanana,g\n")
    (tmp / "fhir-bad-start.json").write_text(json.dumps(FHIR_GOAL_WITH_A_BAD_START))
    record = sample_record(start=date(2026, 3, 2))
    moved_back = attrs.evolve(record.goals[0], status=LifecycleStatus.PROPOSED)
    (tmp / "moved-back.json").write_text(to_json(attrs.evolve(record, goals=(moved_back,))))


def test_the_table_has_at_least_a_hundred_inputs_across_every_command() -> None:
    assert len(CASES) >= 100
    commands = {next(a for a in args if not a.startswith("-") and "://" not in a)
                for args, *_ in CASES if any(not a.startswith("-") for a in args)}  # fmt: skip
    assert set(cli.commands) - commands == set()


@pytest.mark.parametrize(("args", "stdin", "code", "message"), CASES)
def test_bad_input_ends_in_one_line(
    tmp_path: Path, args: list[str], stdin: str | None, code: int, message: str
) -> None:
    _folder(tmp_path)
    store = f"sqlite://{tmp_path / 'goals.db'}"
    with open_store(store) as opened:
        opened.import_record(sample_record(start=date(2026, 3, 2)))
    before = (tmp_path / "goals.db").read_bytes()
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = CliRunner().invoke(cli, argv, input=stdin, env={"THERAPY_GOALS_STORE": store})
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert message.replace("{tmp}", str(tmp_path)) in result.stderr
    assert not (tmp_path / "tpyo").exists()
    assert (tmp_path / "goals.db").read_bytes() == before  # nothing refused was half-written


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"XDG_DATA_HOME": "/proc/x"},
            "cannot create the data folder /proc/x/therapy-goals: No such file or directory; set "
            "THERAPY_GOALS_STORE or --store to a store you can write",
        ),
        (
            {"XDG_DATA_HOME": "{tmp}/a-file"},
            "cannot create the data folder {tmp}/a-file/therapy-goals: Not a directory",
        ),
        ({"THERAPY_GOALS_STORE": "ftp://x"}, "no storage backend for 'ftp'"),
        (
            {"THERAPY_GOALS_DISABLE_PLUGINS": "therapy_goals.progress.questionnaires"},
            "the demo needs the gad7, phq9 questionnaire(s), which are not loaded",
        ),
        (
            {"THERAPY_GOALS_STORE": "sqlite://{tmp}/corrupt.db"},
            "sqlite://{tmp}/corrupt.db: is not a therapy-goals database",
        ),
    ],
)
def test_a_bad_environment_ends_in_one_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    _folder(tmp_path)
    environment: dict[str, str | None] = {"THERAPY_GOALS_STORE": None}
    environment.update({k: v.replace("{tmp}", str(tmp_path)) for k, v in env.items()})
    command = ["demo", "-o", str(tmp_path / "out")] if "DISABLE" in str(env) else ["list"]
    result = CliRunner().invoke(cli, command, env=environment)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert f"Error: {message.replace('{tmp}', str(tmp_path))}" in result.stderr
