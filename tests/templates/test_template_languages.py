"""Templates in Spanish and German (issue 20): the same template in another language, with the
same parameters, whose goals record their language and are SMART when read in it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from therapy_goals import Criterion, ValidationError, Verdict, check, get_plugin_manager
from therapy_goals.contracts.templates import ParameterType, Template
from therapy_goals.templates.datafile import DeclarativeBuild

TODAY = date(2026, 3, 2)
CATALOG = get_plugin_manager(load_entrypoints=False, environ={}).templates()
TRANSLATED = [t for t in CATALOG.in_area() if t.language != "en"]
SMT = (Criterion.SPECIFIC, Criterion.MEASURABLE, Criterion.TIME_BOUND)


def original(template: Template) -> Template:
    return CATALOG.get(template.id.removesuffix(f".{template.language}"))


def test_the_areas_with_the_most_templates_have_spanish_and_german_ones() -> None:
    """Every template of anxiety, depression, boundaries and sleep: the ten data files and the
    graded exposure ladder, built in code."""
    originals = [
        t
        for area in ("anxiety", "depression", "boundaries", "sleep")
        for t in CATALOG.in_area(area, language="en")
    ]
    assert len(originals) == 11
    assert sum(not isinstance(t.build, DeclarativeBuild) for t in originals) == 1
    for template in originals:
        for language in ("es", "de"):
            assert CATALOG.get(template.id, language=language).language == language
    assert CATALOG.languages() == ["de", "en", "es"]
    assert len(TRANSLATED) == 22


@pytest.mark.parametrize("template", TRANSLATED, ids=lambda t: t.id)
def test_a_translation_has_its_originals_parameters(template: Template) -> None:
    source = original(template)
    assert source.language == "en"
    assert (template.area, template.version) == (source.area, source.version)
    assert [(p.name, p.type, p.min, p.max) for p in template.parameters] == [
        (p.name, p.type, p.min, p.max) for p in source.parameters
    ]
    for mine, theirs in zip(template.parameters, source.parameters, strict=True):
        if mine.type is not ParameterType.TEXT:  # a text default is written in the language
            assert mine.default == theirs.default
        assert mine.help != theirs.help  # translated, not copied
    assert [(c.left, c.op, c.right) for c in template.constraints] == [
        (c.left, c.op, c.right) for c in source.constraints
    ]
    assert template.title != source.title


@pytest.mark.parametrize("template", TRANSLATED, ids=lambda t: t.id)
def test_its_goal_records_its_language_and_is_smart_in_it(template: Template) -> None:
    made = template.instantiate(client_id="c1", start=TODAY)
    assert made.goal.language == template.language
    for objective in made.objectives:  # the ladder's rungs: each read S, M and T in the language
        assert objective.language == template.language
        rung = check(objective.statement, language=template.language, today=objective.start)
        assert [rung.verdicts[c] for c in SMT] == [Verdict.MET] * 3, objective.statement
        assert rung.goal.due == objective.due
    english = original(template).instantiate(client_id="c1", start=TODAY).goal
    assert english.language == "en"
    # The same plan in another language: the same dates, numbers and schedules.
    assert made.goal.due == english.due
    assert made.goal.measure is not None
    assert english.measure is not None
    assert (made.goal.measure.baseline, made.goal.measure.target) == (
        english.measure.baseline,
        english.measure.target,
    )
    assert [(s.schedule, s.minutes) for s in made.goal.steps] == [
        (s.schedule, s.minutes) for s in english.steps
    ]
    report = check(made.goal, today=TODAY)
    assert [report.verdicts[c] for c in SMT] == [Verdict.MET] * 3, report.findings
    for finding in report.findings:  # tips, in the goal's language
        assert not finding.message.startswith(("The ", "This ")), finding.message
    # Its words alone say what, how often and until when, read in its language.
    statement = check(made.goal.statement, language=template.language, today=TODAY)
    assert [statement.verdicts[c] for c in SMT] == [Verdict.MET] * 3, statement.findings
    assert statement.goal.due == made.goal.due


@pytest.mark.parametrize("template", TRANSLATED, ids=lambda t: t.id)
@settings(max_examples=25)
@given(data=st.data())
def test_every_value_of_its_parameters_makes_a_goal_read_as_s_m_and_t(
    template: Template, data: st.DataObject
) -> None:
    values = {
        p.name: data.draw(st.integers(int(p.min), int(p.max)), label=p.name)
        for p in template.parameters
        if p.type is ParameterType.INT and p.min is not None and p.max is not None
    }
    try:
        made = template.instantiate(client_id="c1", start=TODAY, values=values)
    except ValidationError:
        return  # a constraint refused the values (target not below baseline)
    report = check(made.goal.statement, language=template.language, today=TODAY)
    assert [report.verdicts[c] for c in SMT] == [Verdict.MET] * 3, made.goal.statement
    assert report.goal.due == made.goal.due


def test_the_catalog_finds_a_templates_version_in_a_language() -> None:
    german = CATALOG.get("sleep.regular-bedtime", language="de")
    assert german.id == "sleep.regular-bedtime.de"
    assert CATALOG.get("sleep.regular-bedtime.de", language="es").id == "sleep.regular-bedtime.es"
    assert CATALOG.get("sleep.regular-bedtime.es", language="en").id == "sleep.regular-bedtime"
    with pytest.raises(ValidationError) as caught:
        CATALOG.get("stress.microbreaks", language="de")
    assert (
        str(caught.value)
        == "language: stress.microbreaks has no version in 'de'; it is written in en"
    )
    assert {t.language for t in CATALOG.in_area("sleep")} == {"en", "es", "de"}
    assert [t.id for t in CATALOG.in_area("sleep", language="es")] == ["sleep.regular-bedtime.es"]


def test_a_template_file_with_a_language_that_is_no_tag_is_refused() -> None:
    from therapy_goals.templates.datafile import TemplateFileError, parse_template

    text = """
id = "x.y"
title = "t"
area = "x"
description = "d"
language = "Deutsch"
[goal]
statement = "Jeden Abend lesen"
horizon_weeks = 4
"""
    with pytest.raises(TemplateFileError, match=r"language: must be a language tag"):
        parse_template(text, "bad.toml")


def test_the_command_lists_the_templates_of_a_language() -> None:
    from click.testing import CliRunner

    from therapy_goals.cli import cli

    runner = CliRunner()
    spanish = runner.invoke(cli, ["templates", "--language", "es"])
    assert spanish.exit_code == 0, spanish.output
    listed = [line.split()[0] for line in spanish.output.splitlines() if line.startswith("  ")]
    assert listed == sorted(t.id for t in TRANSLATED if t.language == "es")
    unknown = runner.invoke(cli, ["templates", "--area", "stress", "--language", "de"])
    assert unknown.exit_code == 2
    assert unknown.stderr.splitlines()[-1] == (
        "Error: --language: no templates of area 'stress' in 'de'; "
        "templates are written in de, en, es"
    )
