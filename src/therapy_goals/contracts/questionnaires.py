"""What a questionnaire plug-in contributes: a self-report scale, its scoring and its thresholds.

A :class:`Questionnaire` holds everything the library knows about a scale, in one place: its
items and their range, severity bands, clinical cut-off, reliable change value, the names it is
written under in goal statements, its LOINC code, and any items that need follow-up. The SMART
rules, the statement reader, FHIR exchange, summaries and reports all read it from here (through
the plug-in manager), so a plug-in's questionnaire is understood everywhere a built-in one is.

>>> from therapy_goals.progress.questionnaires import PHQ9
>>> PHQ9.score([1, 2, 1, 0, 2, 1, 1, 0, 1]).band
'mild'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from therapy_goals.errors import Problem, ValidationError, describe_value
from therapy_goals.model.checks import (
    each,
    finite_number,
    instance_of,
    non_blank,
    optional,
    positive_int,
    slug,
)

__all__ = [
    "Band",
    "ChangeAssessment",
    "Questionnaire",
    "QuestionnaireResult",
    "reliable_change_index",
]


@attrs.frozen(kw_only=True)
class Band:
    """A severity band: totals from ``low`` to ``high`` (both included) get ``label``."""

    low: int
    high: int
    label: str = attrs.field(validator=non_blank(max_length=50))


@attrs.frozen(kw_only=True)
class QuestionnaireResult:
    """A scored questionnaire: total, band, caseness and any items flagged for follow-up."""

    questionnaire: str
    total: int
    band: str
    caseness: bool
    flags: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ChangeAssessment:
    """What a change between two totals means, by the questionnaire's own thresholds."""

    before: float
    after: float
    change: float
    rci: float
    """Jacobson-Truax reliable change index; beyond -1.96 or +1.96 is reliable change."""
    reliable_improvement: bool
    reliable_deterioration: bool
    recovery: bool
    reliable_recovery: bool


def _frozen_flags(value: Mapping[int, str]) -> Mapping[int, str]:
    return MappingProxyType(dict(value))


def _bands_cover_the_range(
    instance: Questionnaire, attribute: attrs.Attribute[Any], value: tuple[Band, ...]
) -> None:
    """Bands must run from the lowest total to the highest, in order, without gap or overlap."""
    problems = []
    expected_low = instance.total_min
    for index, band in enumerate(value):
        if band.low != expected_low:
            problems.append(
                Problem(
                    f"bands[{index}].low",
                    f"is {band.low}, but the band must start at "
                    f"{expected_low} (no gap or overlap with the one before)",
                )
            )
        if band.high < band.low:
            problems.append(Problem(f"bands[{index}].high", f"{band.high} is below its low"))
        expected_low = band.high + 1
    if not value:
        problems.append(Problem("bands", "needs at least one band"))
    elif value[-1].high != instance.total_max:
        problems.append(
            Problem(
                f"bands[{len(value) - 1}].high", f"must be the highest total, {instance.total_max}"
            )
        )
    if problems:
        raise ValidationError(problems)


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValidationError.at(attribute.name, f"must be more than 0, got {value:g}")


def _within_totals(instance: Questionnaire, attribute: attrs.Attribute[Any], value: int) -> None:
    if not instance.total_min <= value <= instance.total_max:
        raise ValidationError.at(
            attribute.name,
            f"{value} is outside the totals {instance.total_min}-{instance.total_max}",
        )


@attrs.frozen(kw_only=True)
class Questionnaire:
    """A self-report scale whose items are summed; lower totals are better (as for PHQ-9, GAD-7).

    Everything the library knows about the scale is here: scoring (``items`` answered
    ``item_min``-``item_max``), severity ``bands`` covering every total, the clinical ``cutoff``
    (caseness is a total at or above it), the ``reliable_change`` value, the ``area`` it measures,
    its ``loinc`` code for a total score, how many days its questions look back
    (``recall_days``), and the items that need follow-up.
    """

    code: str = attrs.field(validator=slug())
    name: str = attrs.field(validator=non_blank(max_length=100))
    items: int = attrs.field(validator=positive_int())
    item_min: int = attrs.field(validator=instance_of(int))
    item_max: int = attrs.field(validator=instance_of(int))
    bands: tuple[Band, ...] = attrs.field(
        validator=(each(instance_of(Band)), _bands_cover_the_range)
    )
    cutoff: int = attrs.field(validator=(instance_of(int), _within_totals))
    reliable_change: float = attrs.field(validator=(finite_number(), _positive))
    attribution: str = attrs.field(validator=non_blank(max_length=500))
    area: str | None = attrs.field(default=None, validator=optional(slug()))
    """The area of difficulty it measures (``depression``), for goals stated with it."""
    loinc: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=20)))
    """The LOINC code of its total score, for FHIR exchange (``44261-6`` for the PHQ-9)."""
    loinc_name: str | None = attrs.field(
        default=None, validator=optional(non_blank(max_length=200))
    )
    """LOINC's name for that code (default: "<name> total score")."""
    recall_days: int = attrs.field(default=14, validator=positive_int())
    """How far back its questions look: a change in the total needs at least this long."""
    item_flags: Mapping[int, str] = attrs.field(factory=dict, converter=_frozen_flags, hash=False)
    """Item number (from 1) -> why any answer above the minimum needs follow-up."""

    @property
    def total_min(self) -> int:
        return self.items * self.item_min

    @property
    def total_max(self) -> int:
        return self.items * self.item_max

    def band_of(self, total: float) -> str:
        """The band label for a total; a ValidationError outside the questionnaire's range.

        A fractional total (an average, say) falls in the band whose range it has entered.
        """
        if self.total_min <= total <= self.total_max:
            entered = [band for band in self.bands if band.low <= total]
            if entered:
                return entered[-1].label
        raise ValidationError.at(
            "total", f"{total:g} is outside the {self.name} range {self.total_min}-{self.total_max}"
        )

    def score(self, answers: Sequence[int]) -> QuestionnaireResult:
        """Score item answers, in item order. Every problem is reported, each at ``answers[i]``."""
        if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
            raise ValidationError.at("answers", f"must be a list of {self.items} numbers")
        problems = []
        if len(answers) != self.items:
            problems.append(
                Problem(
                    "answers", f"{self.name} has {self.items} items, got {len(answers)} answers"
                )
            )
        for index, answer in enumerate(answers):
            ok = isinstance(answer, int) and not isinstance(answer, bool)
            if not ok or not self.item_min <= answer <= self.item_max:
                problems.append(
                    Problem(
                        f"answers[{index}]",
                        f"must be {self.item_min}-{self.item_max}, got {describe_value(answer)}",
                    )
                )
        if problems:
            raise ValidationError(problems)
        total = sum(answers)
        flags = tuple(
            f"item {item}: {reason}"
            for item, reason in sorted(self.item_flags.items())
            if answers[item - 1] > self.item_min
        )
        return QuestionnaireResult(
            questionnaire=self.code,
            total=total,
            band=self.band_of(total),
            caseness=total >= self.cutoff,
            flags=flags,
        )

    def assess_change(self, before: float, after: float) -> ChangeAssessment:
        """Reliable change (index and improvement or deterioration) and recovery between totals.

        The reliable change index uses the standard error of the difference implied by the
        questionnaire's reliable change value (which is 1.96 times it), so ``|rci| >= 1.96``
        exactly when the change reaches that value.
        """
        for name, value in (("before", before), ("after", after)):
            if not math.isfinite(value) or not self.total_min <= value <= self.total_max:
                raise ValidationError.at(
                    name, f"must be a {self.name} total, {self.total_min}-{self.total_max}"
                )
        change = after - before
        # The published reliable change value is 1.96 x S_diff, so S_diff = value / 1.96.
        rci = round(change * 1.96 / self.reliable_change, 4)
        improved = -change >= self.reliable_change
        recovered = before >= self.cutoff and after < self.cutoff
        return ChangeAssessment(
            before=before,
            after=after,
            change=change,
            rci=rci,
            reliable_improvement=improved,
            reliable_deterioration=change >= self.reliable_change,
            recovery=recovered,
            reliable_recovery=recovered and improved,
        )


def reliable_change_index(before: float, after: float, *, sd: float, reliability: float) -> float:
    """The Jacobson-Truax reliable change index: (after - before) / S_diff.

    ``S_diff = sqrt(2) * sd * sqrt(1 - reliability)``, with ``sd`` the standard deviation of a
    reference sample and ``reliability`` the measure's test-retest reliability. ``|RCI| > 1.96``
    is a change unlikely (p < .05) to be measurement error.

    >>> round(reliable_change_index(20, 12, sd=5.0, reliability=0.84), 2)
    -2.83
    """
    if sd <= 0 or not 0 <= reliability < 1:
        raise ValidationError.at("sd", "needs sd > 0 and 0 <= reliability < 1")
    s_diff = math.sqrt(2) * sd * math.sqrt(1 - reliability)
    return (after - before) / s_diff
