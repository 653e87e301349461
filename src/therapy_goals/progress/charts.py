"""A chart per measured goal, that a therapist reads at a glance.

What a chart shows is decided by :func:`plan_chart`, a pure function that needs no plotting
library (and is tested directly): the title is the goal's statement, the file name names the goal,
a questionnaire's score bands are shaded behind the values with the clinical cut-off drawn, and
its score axis starts at the questionnaire's minimum. :func:`chart_goal` draws the plan with
matplotlib (``pip install therapy-goals[plot]``), as PNG and SVG files only their owner can read.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.files import private_folder
from therapy_goals.model import Goal, ProgressEntry, short_id

__all__ = ["ChartBand", "ChartPlan", "chart_goal", "plan_chart"]

CHART_SIZE = (8.0, 4.5)
CHART_DPI = 100
"""Charts are 800 x 450 pixels."""
MARKED_POINTS = 120
"""Up to this many points each get a marker; a longer series is drawn as a line alone."""

TITLE_LENGTH = 70
"""A title longer than this is cut at a word and ends in "..."."""

SLUG_LENGTH = 40

_BAND_COLOURS = ("#c6f6d5", "#fefcbf", "#feebc8", "#fed7d7", "#fbb6ce", "#e9d8fd")
"""Light fills from green (least severe) to red, one per band in order; more bands reuse them."""


@attrs.frozen
class ChartBand:
    """A shaded stretch of the score axis: a questionnaire band, drawn from ``low`` to ``high``."""

    low: float
    high: float
    label: str
    colour: str


@attrs.frozen(kw_only=True)
class ChartPlan:
    """Everything a chart of one goal shows, before anything is drawn."""

    stem: str
    """The file name without suffix: the goal's short id and a slug of its statement."""
    title: str
    y_label: str
    series: str
    """The legend name of the values (the measure's name)."""
    points: tuple[tuple[datetime, float], ...]
    y_range: tuple[float, float] | None
    """Fixed ends of the value axis (a questionnaire's minimum and maximum total), or None to
    fit the values."""
    bands: tuple[ChartBand, ...] = ()
    lines: tuple[tuple[float, str, str], ...] = ()
    """Horizontal lines: (value, label, colour): baseline, target, clinical cut-off."""
    due: Any = None


def _slug(text: str, length: int = SLUG_LENGTH) -> str:
    """``Practise mindfulness for 10 minutes`` -> ``practise-mindfulness-for-10-minutes``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > length:
            break
        slug = longer
    return slug or "goal"


def _stem(goal: Goal) -> str:
    shown = short_id(goal.id)
    safe = _slug(shown, length=100)
    if safe != shown:  # an id with characters a file name should not hold: keep names apart
        safe = f"{safe}-{hashlib.sha256(goal.id.encode()).hexdigest()[:6]}"
    return f"{safe}-{_slug(goal.statement)}"


def _title(statement: str) -> str:
    if len(statement) <= TITLE_LENGTH:
        return statement
    cut = statement[: TITLE_LENGTH - 3].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}..."


def plan_chart(
    goal: Goal, entries: Sequence[ProgressEntry], questionnaire: Questionnaire | None = None
) -> ChartPlan | None:
    """What the chart of ``goal`` shows, from its entries (those entered in error left out) and
    the questionnaire its measure is scored on; ``None`` when there is nothing to draw."""
    counted = sorted((e for e in entries if e.counts), key=lambda e: e.at)
    measure = goal.measure
    if measure is None or not counted:
        return None
    lines: list[tuple[float, str, str]] = []
    if measure.baseline is not None:
        lines.append((measure.baseline, f"baseline {measure.baseline:g}", "#718096"))
    if measure.target is not None:
        lines.append((measure.target, f"target {measure.target:g}", "#2f855a"))
    bands: list[ChartBand] = []
    y_range: tuple[float, float] | None = None
    if questionnaire is not None:
        low, high = questionnaire.total_min, questionnaire.total_max
        y_range = (low, high)
        for index, band in enumerate(questionnaire.bands):
            bands.append(
                ChartBand(
                    low=max(low, band.low - 0.5),
                    high=min(high, band.high + 0.5),
                    label=band.label,
                    colour=_BAND_COLOURS[index % len(_BAND_COLOURS)],
                )
            )
        cutoff = questionnaire.cutoff
        lines.append((cutoff, f"clinical cut-off {cutoff}", "#c53030"))
    elif measure.minimum is not None and measure.maximum is not None:
        y_range = (measure.minimum, measure.maximum)
    return ChartPlan(
        stem=_stem(goal),
        title=_title(goal.statement),
        y_label=questionnaire.name if questionnaire else (measure.unit or measure.name),
        series=measure.name,
        points=tuple((e.at, e.value) for e in counted),
        y_range=y_range,
        bands=tuple(bands),
        lines=tuple(lines),
        due=goal.due,
    )


def chart_goal(
    goal: Goal,
    entries: Sequence[ProgressEntry],
    folder: Path,
    *,
    questionnaire: Questionnaire | None = None,
) -> tuple[Path, Path] | None:
    """Draw :func:`plan_chart`'s chart of ``goal`` into ``folder``; its PNG and SVG paths.

    ``None`` when matplotlib is missing or there is nothing to draw. The SVG keeps its text as
    text, so a screen reader (or a test) can read the title and labels.
    """
    plan = plan_chart(goal, entries, questionnaire)
    if plan is None:
        return None
    try:
        import matplotlib  # noqa: PLC0415 - optional, extra [plot]

        matplotlib.use("Agg")
        from matplotlib import pyplot  # noqa: PLC0415 - optional, extra [plot]
    except ImportError:
        return None
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": plan.stem}):
        figure, axes = pyplot.subplots(figsize=CHART_SIZE, dpi=CHART_DPI)
        try:
            _draw(axes, plan)
            # Fixed margins, not tight_layout: that draws the whole figure once more to measure
            # it. The right margin leaves room for the band labels when there are bands.
            figure.autofmt_xdate()
            figure.subplots_adjust(left=0.08, right=0.84 if plan.bands else 0.97, top=0.92)
            private_folder(folder)
            stem = folder / plan.stem
            png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
            for path in (png, svg):  # a chart of someone's scores is as private as the scores
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
                os.chmod(path, 0o600)
            figure.savefig(png, dpi=CHART_DPI)
            figure.savefig(svg)
        finally:
            pyplot.close(figure)
    return png, svg


def _draw(axes: Any, plan: ChartPlan) -> None:
    for band in plan.bands:
        axes.axhspan(band.low, band.high, color=band.colour, alpha=0.6, linewidth=0, zorder=0)
        axes.text(
            1.01,
            (band.low + band.high) / 2,
            band.label,
            transform=axes.get_yaxis_transform(),
            va="center",
            fontsize="small",
            color="#4a5568",
        )
    times: list[Any] = [at for at, _ in plan.points]
    # A marker for each point while they can be told apart; beyond that a line says as much
    # and drawing hundreds of markers (twice: PNG and SVG) made a report of 50 goals slow.
    marker = "o" if len(plan.points) <= MARKED_POINTS else None
    axes.plot(
        times,
        [value for _, value in plan.points],
        marker=marker,
        color="#2b6cb0",
        label=plan.series,
    )
    for value, label, colour in plan.lines:
        style = "-" if label.startswith("clinical") else "--"
        axes.axhline(value, color=colour, linestyle=style, linewidth=1.2, label=label)
    if plan.due is not None:
        axes.axvline(plan.due, color="#805ad5", linestyle=":", label="due")
    if plan.y_range is not None:
        axes.set_ylim(*plan.y_range)
    axes.set_title(plan.title, fontsize="medium")
    axes.set_ylabel(plan.y_label)
    axes.legend(loc="upper right", fontsize="small")
