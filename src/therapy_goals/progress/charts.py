"""A chart per measured goal, that a therapist reads at a glance.

What a chart shows is decided by :func:`plan_chart`, a pure function that needs no plotting
library (and is tested directly): the title is the goal's statement, the file name names the goal,
a questionnaire's score bands are shaded behind the values with the clinical cut-off drawn, and
its score axis starts at the questionnaire's minimum. :func:`draw_chart` draws a plan with
matplotlib (``pip install therapy-goals[plot]``), as PNG and SVG files only their owner can read;
:func:`chart_goal` plans and draws one goal.

Drawing is the slow part of a report: matplotlib lays out and renders every label once per
file, about a quarter of a second per goal (PNG and SVG) on a small machine. Fewer, shorter date
labels took a quarter off that; reusing one figure for every goal measured no faster (issue 19).
:func:`draw_charts` and :class:`ChartDrawing` share many plans between this process and helper
processes; each plan is pure data, so a chart drawn by a helper is byte for byte the chart drawn
here.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.errors import ValidationError
from therapy_goals.files import private_folder
from therapy_goals.model import Goal, ProgressEntry, short_id

__all__ = [
    "ChartBand",
    "ChartDrawing",
    "ChartPlan",
    "available_cpus",
    "chart_goal",
    "draw_chart",
    "draw_charts",
    "plan_chart",
]

CHART_SIZE = (8.0, 4.5)
CHART_DPI = 100
"""Charts are 800 x 450 pixels."""
MAX_DATE_TICKS = 7
MARKED_POINTS = 120
"""Up to this many points each get a marker; a longer series is drawn as a line alone."""

TITLE_LENGTH = 70
"""A title longer than this is cut at a word and ends in "..."."""

SLUG_LENGTH = 40

FEWEST_SHARED = 8
"""Fewer plans than this are drawn here alone: a helper takes 1.5 to 2 s to start (a new
interpreter that imports matplotlib), as long as drawing six to eight charts here, and the first
plan handed to it waits for that."""

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
    return None if plan is None else draw_chart(plan, folder)


def draw_chart(plan: ChartPlan, folder: Path) -> tuple[Path, Path] | None:
    """Draw ``plan`` into ``folder`` as ``<stem>.png`` and ``<stem>.svg``; their paths.

    ``None`` when matplotlib is missing. The folder is made with mode 0700 if missing, the files
    with mode 0600; an existing chart of the same goal is replaced.
    """
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
            figure.subplots_adjust(left=0.08, right=0.84 if plan.bands else 0.97, top=0.92)
            private_folder(folder)
            stem = folder / plan.stem
            png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
            for path in (png, svg):  # a chart of someone's scores is as private as the scores
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
                os.chmod(path, 0o600)
            # zlib's fastest level: a third of the PNG's encoding time for a file a quarter
            # larger (about 80 KB); the pixels are the same.
            figure.savefig(png, dpi=CHART_DPI, pil_kwargs={"compress_level": 1})
            # No creation time in the SVG: the same plan always gives the same bytes.
            figure.savefig(svg, metadata={"Date": None, "Title": plan.title})
        finally:
            pyplot.close(figure)
    return png, svg


def available_cpus() -> int:
    """How many processors this process may run on (its affinity where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def draw_charts(
    plans: Sequence[ChartPlan], folder: Path, *, workers: int | None = 1
) -> list[tuple[Path, Path]]:
    """Draw every plan with :func:`draw_chart`; the PNG and SVG paths in the plans' order.

    ``workers`` processes share the drawing (see :class:`ChartDrawing`): the default, 1, draws
    here alone and starts nothing; ``None`` is one per available processor. An empty list when
    there is nothing to draw or matplotlib is missing.

    >>> draw_charts([], Path("charts"), workers=None)
    []
    """
    with ChartDrawing(folder, workers=workers, expected=len(plans)) as drawing:
        for plan in plans:
            drawing.add(plan)
        return drawing.finish()


def _can_draw() -> bool:
    try:
        import matplotlib  # noqa: F401, PLC0415 - optional, extra [plot]
    except ImportError:
        return False
    return True


def _warm_up() -> None:
    """Import matplotlib in a helper while the caller is still planning (a second or more)."""
    import matplotlib  # noqa: PLC0415 - optional, extra [plot]

    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: F401, PLC0415 - optional, extra [plot]


class ChartDrawing:
    """Charts drawn by this process and helper processes, while the caller goes on planning.

    ``workers`` processes share the drawing: this one and ``workers - 1`` helpers, or one per
    available processor when ``None``; 1 draws here alone and starts nothing. Helpers start as
    soon as the drawing is made (when ``expected``, the number of plans if known, is at least
    :data:`FEWEST_SHARED`: starting one takes as long as drawing several charts) and import
    matplotlib before their first plan. Each helper is handed plans from the front, two at a
    time at most, as they are added and as it finishes them; :meth:`finish` draws here from the
    last plan back, handing out more as helpers free up, until the two meet. So each plan is
    drawn once, by whichever process is free, nothing handed out is ever taken back (cancelling
    a queued call races the pool's own bookkeeping when a helper dies), and a helper that dies
    leaves its plans to this process.

    Helpers are started with ``spawn``, never ``fork`` (which would copy the caller's threads,
    locks and open stores), so as with any ``multiprocessing`` code the program's main module
    must be safe to import (``if __name__ == "__main__":``). Use it as a context manager: leaving
    it stops the helpers.
    """

    def __init__(self, folder: Path, *, workers: int | None = 1, expected: int | None = None):
        if workers is not None and workers < 1:
            raise ValidationError.at(
                "workers", f"must be at least 1 (or None: one per processor), got {workers}"
            )
        self.folder = folder
        self._plans: list[ChartPlan] = []
        self._handed: list[Future[tuple[Path, Path] | None]] = []
        """What the helpers were handed: the first ``len(self._handed)`` plans, in order."""
        helpers = (available_cpus() if workers is None else workers) - 1
        if expected is not None:
            helpers = min(helpers, expected - 1) if expected >= FEWEST_SHARED else 0
        self._pool: ProcessPoolExecutor | None = None
        self._most_in_hand = 2 * helpers
        if helpers >= 1 and _can_draw():
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=helpers, mp_context=context)
            self._pool.submit(_warm_up)  # starts a helper now, not at the first plan

    def add(self, plan: ChartPlan) -> None:
        """Plan ``plan`` for drawing; a helper may start on it at once."""
        self._plans.append(plan)
        self._hand_out(len(self._plans))

    def _hand_out(self, end: int) -> None:
        """Hand helpers plans from the front, before ``end``, while they hold fewer than two
        each; nothing more once the pool is broken (a helper died)."""
        if self._pool is None:
            return
        if not self._handed:  # the folder exists before any helper writes to it
            private_folder(self.folder)
        in_hand = sum(not future.done() for future in self._handed)
        while len(self._handed) < end and in_hand < self._most_in_hand:
            plan = self._plans[len(self._handed)]
            try:
                self._handed.append(self._pool.submit(draw_chart, plan, self.folder))
            except BrokenProcessPool:
                return
            in_hand += 1

    def finish(self) -> list[tuple[Path, Path]]:
        """Draw what is left and wait for the helpers; the PNG and SVG paths in the order the
        plans were added (empty when matplotlib is missing)."""
        done: dict[int, tuple[Path, Path] | None] = {}
        back = len(self._plans)
        while back > len(self._handed):
            back -= 1
            done[back] = draw_chart(self._plans[back], self.folder)
            self._hand_out(back)
        for index, future in enumerate(self._handed):
            try:
                done[index] = future.result()
            except BrokenProcessPool:  # the helper died (killed, out of memory)
                done[index] = draw_chart(self._plans[index], self.folder)
        ordered = (done[index] for index in range(len(self._plans)))
        return [pair for pair in ordered if pair is not None]

    def close(self) -> None:
        """Stop the helpers, once what they were handed is drawn."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self) -> ChartDrawing:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _draw(axes: Any, plan: ChartPlan) -> None:
    from matplotlib.dates import (  # noqa: PLC0415 - optional, extra [plot]
        AutoDateLocator,
        ConciseDateFormatter,
    )

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
    # Up to seven dates, each said once ("2025", "Jul"; "Mar", "08", "15" with "2026-Mar" at the
    # end): upright and short, where full dates needed a slant and a third more labels to lay
    # out, and the labels are most of a chart's drawing time (issue 19).
    dates = AutoDateLocator(maxticks=MAX_DATE_TICKS)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(dates)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(dates))  # type: ignore[no-untyped-call]
    axes.set_title(plan.title, fontsize="medium")
    axes.set_ylabel(plan.y_label)
    axes.legend(loc="upper right", fontsize="small")
