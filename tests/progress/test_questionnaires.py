"""PHQ-9 and GAD-7: bands, caseness, flags, reliable change and recovery, with worked values."""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import PluginError, ValidationError, get_plugin_manager, hookimpl
from therapy_goals.progress import GAD7, PHQ9, Band, Questionnaire, reliable_change_index


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, band: str) -> None:
    assert PHQ9.band_of(total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total: int, band: str) -> None:
    assert GAD7.band_of(total) == band


def test_scoring_gives_total_band_caseness_and_flags() -> None:
    result = PHQ9.score([2, 2, 1, 1, 1, 1, 1, 1, 0])
    assert (result.total, result.band, result.caseness, result.flags) == (10, "moderate", True, ())
    flagged = PHQ9.score([0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert flagged.total == 1
    assert flagged.band == "minimal"
    assert flagged.flags == (
        "item 9: thoughts of being better off dead or of self-harm; follow up today",
    )
    assert GAD7.score([1, 1, 1, 1, 1, 1, 1]).caseness is False  # 7 < 8
    assert GAD7.score([2, 1, 1, 1, 1, 1, 1]).caseness is True  # 8


@pytest.mark.parametrize(
    ("answers", "paths"),
    [
        ([0] * 8, ["answers"]),
        ([0] * 10, ["answers"]),
        ([0, 0, 0, 4, 0, 0, 0, 0, 0], ["answers[3]"]),
        ([0, -1, 0, 0, 0, 0, 0, 0, "2"], ["answers[1]", "answers[8]"]),
        ([True] + [0] * 8, ["answers[0]"]),
    ],
)
def test_bad_answers_are_named(answers: list[object], paths: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        PHQ9.score(answers)  # type: ignore[arg-type]
    assert list(info.value.paths) == paths


@pytest.mark.parametrize(
    ("questionnaire", "before", "after", "improved", "worse", "recovered", "reliably"),
    [
        (PHQ9, 18, 12, True, False, False, False),  # -6: reliable, still a case
        (PHQ9, 14, 9, False, False, True, False),  # recovery without reliable change
        (PHQ9, 16, 9, True, False, True, True),  # reliable recovery
        (PHQ9, 8, 14, False, True, False, False),  # reliable deterioration
        (GAD7, 12, 8, True, False, False, False),  # -4 but 8 is still a case
        (GAD7, 12, 7, True, False, True, True),
        (GAD7, 7, 5, False, False, False, False),  # never a case
    ],
)
def test_reliable_change_and_recovery(
    questionnaire: Questionnaire,
    before: int,
    after: int,
    improved: bool,
    worse: bool,
    recovered: bool,
    reliably: bool,
) -> None:
    change = questionnaire.assess_change(before, after)
    assert (change.reliable_improvement, change.reliable_deterioration) == (improved, worse)
    assert (change.recovery, change.reliable_recovery) == (recovered, reliably)


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_any_valid_answers_score_within_range(answers: list[int]) -> None:
    result = PHQ9.score(answers)
    assert result.total == sum(answers)
    assert result.caseness == (result.total >= 10)
    assert bool(result.flags) == (answers[8] > 0)


@given(st.integers(0, 27), st.integers(0, 27))
def test_change_is_antisymmetric(before: int, after: int) -> None:
    forward, backward = PHQ9.assess_change(before, after), PHQ9.assess_change(after, before)
    assert forward.reliable_improvement == backward.reliable_deterioration
    assert forward.change == -backward.change


def test_the_reliable_change_index_of_jacobson_and_truax() -> None:
    # S_diff = sqrt(2) * 5 * sqrt(0.16) = 2.828...; (12 - 20) / 2.828 = -2.83
    assert round(reliable_change_index(20, 12, sd=5, reliability=0.84), 2) == -2.83
    assert reliable_change_index(10, 10, sd=4, reliability=0.9) == 0
    with pytest.raises(ValidationError):
        reliable_change_index(1, 2, sd=0, reliability=0.9)


def test_attribution_is_kept() -> None:
    for questionnaire in (PHQ9, GAD7):
        assert "Spitzer" in questionnaire.attribution
        assert "Kroenke" in questionnaire.attribution
        assert "No permission required" in questionnaire.attribution


def test_questionnaires_come_through_the_hook_and_clash_clearly() -> None:
    manager = get_plugin_manager(load_entrypoints=False, environ={})
    assert set(manager.questionnaires()) == {"phq9", "gad7"}

    class Again:
        @hookimpl
        def register_questionnaires(self, register):  # type: ignore[no-untyped-def]
            register(PHQ9)

    clash = get_plugin_manager(plugins=[Again()], load_entrypoints=False, environ={})
    with pytest.raises(
        PluginError,
        match=r"'phq9' is left out: 'therapy_goals\.progress\.questionnaires' registered it first",
    ):
        clash.questionnaires()


def test_fractional_totals_fall_in_the_band_they_have_entered() -> None:
    assert GAD7.band_of(14.6) == "moderate"
    assert GAD7.band_of(15) == "severe"
    with pytest.raises(ValidationError, match="outside the GAD-7 range 0-21"):
        GAD7.band_of(21.5)


@pytest.mark.parametrize(
    ("before", "after", "rci", "improved"),
    [
        # By hand: the PHQ-9's reliable change value, 6 points, is 1.96 standard errors of the
        # difference, so a change of c points has RCI = c * 1.96 / 6.
        (16, 10, -1.96, True),  # exactly the reliable change value
        (16, 11, -1.6333, False),  # one point short
        (20, 8, -3.92, True),  # twice the value
        (10, 13, 0.98, False),  # a rise of half the value
    ],
)
def test_the_reliable_change_index_of_worked_examples(
    before: int, after: int, rci: float, improved: bool
) -> None:
    change = PHQ9.assess_change(before, after)
    assert change.rci == pytest.approx(rci, abs=1e-4)
    assert change.reliable_improvement is improved


def test_the_readers_rows_for_the_built_in_scales_match_their_definitions() -> None:
    from therapy_goals.smart import vocabulary

    for questionnaire in (PHQ9, GAD7):
        assert vocabulary.SCALES[questionnaire.code] == (
            questionnaire.name,
            questionnaire.total_min,
            questionnaire.total_max,
            questionnaire.area,
        )


def test_rules_know_a_plugin_questionnaire_from_its_definition() -> None:
    from therapy_goals import Checker, Direction, Goal, Measure, get_plugin_manager, hookimpl

    # The Insomnia Severity Index: 7 items scored 0-4, totals 0-28 (Morin, 1993); made up here
    # with a narrower range to prove the rule reads the plug-in's definition, not a table.
    narrow = attrs.evolve(
        GAD7,
        code="isi",
        name="ISI (test)",
        items=5,
        bands=(Band(low=0, high=7, label="none"), Band(low=8, high=15, label="some")),
        cutoff=8,
        area="sleep",
        loinc=None,
        loinc_name=None,
    )

    class Plugin:
        @hookimpl
        def register_questionnaires(self, register):  # type: ignore[no-untyped-def]
            register(narrow)

    manager = get_plugin_manager(plugins=[Plugin()], load_entrypoints=False, environ={})
    goal = Goal(
        client_id="c1",
        statement="Bring my ISI score from 20 to under 8 within 8 weeks",
        start=date(2026, 3, 2),
        due=date(2026, 4, 27),
        measure=Measure(
            name="ISI total",
            questionnaire="isi",
            direction=Direction.DECREASE,
            baseline=20,
            target=7,
        ),
    )
    messages = [f.message for f in Checker(plugins=manager).check(goal).findings]
    assert "A ISI (test) score of 20 is outside its range (0-15)." in messages


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ((), "bands: needs at least one band"),
        ((Band(low=0, high=9, label="low"), Band(low=11, high=21, label="high")), "bands[1].low"),
        ((Band(low=0, high=12, label="low"), Band(low=10, high=21, label="high")), "bands[1].low"),
        ((Band(low=0, high=20, label="all"),), "bands[0].high: must be the highest total, 21"),
    ],
)
def test_bands_must_cover_every_total_without_gap_or_overlap(
    bands: tuple[Band, ...], problem: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(problem)):
        attrs.evolve(GAD7, bands=bands)


def test_a_negative_reliable_change_value_is_refused() -> None:
    with pytest.raises(ValidationError, match="reliable_change: must be more than 0"):
        attrs.evolve(GAD7, reliable_change=-4)
