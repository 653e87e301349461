"""A goal records its language (issue 20): drafted from text it keeps the language it was read
in, a checker reads a stored goal's statement in it, and it travels through JSON, FHIR
(``Resource.language``) and CSV."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest

from therapy_goals import ClientRecord, Goal, ValidationError, check, from_json, to_json
from therapy_goals.exchange.fhir import goal_to_fhir
from therapy_goals.exchange.fhir_import import goal_from_fhir
from therapy_goals.exchange.spreadsheet import record_from_csv, record_to_csv

TODAY = date(2026, 3, 2)


def goal(statement: str, **fields: object) -> Goal:
    return Goal(client_id="c1", statement=statement, start=TODAY, id="g1", **fields)  # type: ignore[arg-type]


def test_a_goal_drafted_from_text_records_the_language_it_was_read_in() -> None:
    assert check("Caminar 3 veces por semana", today=TODAY).goal.language == "es"
    assert check("Dreimal pro Woche joggen", today=TODAY).goal.language == "de"
    assert check("Walk 3 times a week", today=TODAY).goal.language == "en"
    assert check("Walk 3 times a week", language="de", today=TODAY).goal.language == "de"


def test_a_stored_goal_is_read_in_its_own_language() -> None:
    # "Joggen" alone says nothing of its language: read by its words it is English.
    untagged = check(goal("Joggen, 3x pro Woche"), today=TODAY)
    german = check(goal("Joggen, 3x pro Woche", language="de"), today=TODAY)
    assert [f.code for f in german.findings if f.code == "T101"] == ["T101"]
    [no_horizon] = [f for f in german.findings if f.code == "T101"]
    assert no_horizon.message == "„3x pro woche“ sagt, wie oft, aber nicht, bis wann."
    assert untagged.goal.language is None
    # A regional tag is read by its language; a language named in the call still wins.
    austrian = check(goal("Joggen, 3x pro Woche", language="de-AT"), today=TODAY)
    assert [f.message for f in austrian.findings] == [f.message for f in german.findings]
    named = check(goal("Joggen, 3x pro Woche", language="de"), language="en", today=TODAY)
    assert not any("Woche“" in f.message for f in named.findings)
    # A language no plug-in reads: the statement's words choose.
    french = check(goal("Caminar 3 veces por semana", language="fr"), today=TODAY)
    assert french.findings == check(goal("Caminar 3 veces por semana"), today=TODAY).findings


@pytest.mark.parametrize("tag", ["Spanish", "ES", "e", "es_ES", "es-", ""])
def test_a_language_that_is_no_tag_is_refused_with_the_field_named(tag: str) -> None:
    with pytest.raises(ValidationError, match=r"^language: must be a language tag"):
        goal("Walk", language=tag)


def test_the_json_form_writes_a_language_only_when_there_is_one() -> None:
    plain = json.loads(to_json(goal("Walk")))
    assert "language" not in plain  # documents of earlier versions are written as before
    tagged = goal("Caminar", language="es")
    assert json.loads(to_json(tagged))["language"] == "es"
    assert from_json(to_json(tagged), Goal) == tagged
    with pytest.raises(ValidationError, match="language"):
        from_json(to_json(tagged).replace('"es"', '"Español"'), Goal)


def test_fhir_carries_it_as_the_resources_language() -> None:
    tagged = goal("Caminar 3 veces por semana", language="es")
    resource = goal_to_fhir(tagged)
    assert resource["language"] == "es"
    assert "language" not in goal_to_fhir(goal("Walk"))
    assert goal_from_fhir(resource).goal == tagged
    foreign = {
        "resourceType": "Goal",
        "language": "de-CH",
        "lifecycleStatus": "active",
        "description": {"text": "Dreimal pro Woche spazieren gehen"},
        "subject": {"reference": "Patient/p1"},
        "startDate": "2026-03-02",
    }
    assert goal_from_fhir(foreign).goal.language == "de-CH"
    shouting = goal_from_fhir({**foreign, "language": "DE-ch"})
    assert shouting.goal.language == "de-ch"
    odd = goal_from_fhir({**foreign, "language": "Deutsch (Schweiz)"})
    assert odd.goal.language is None
    assert odd.unmapped == ("language: 'Deutsch (Schweiz)' is not a language tag",)
    # Another system removed the element: the resource wins over our extension.
    removed = {key: value for key, value in resource.items() if key != "language"}
    assert goal_from_fhir(removed).goal.language is None


def test_csv_has_a_language_column() -> None:
    tagged = goal("Caminar", language="es")
    record = ClientRecord(
        client_id="c1", goals=(tagged, attrs.evolve(tagged, id="g2", language=None))
    )
    text = record_to_csv(record)
    assert text.splitlines()[0].split(",")[5] == "language"
    # CSV keeps a goal's main fields, not all (its moments, steps): the language is one of them.
    assert [g.language for g in record_from_csv(text).goals] == ["es", None]
