"""Timing, results and the printed table.

Each comparison times our code and its baseline in the same run, alternating, and keeps the best
of the repeats for each (the least disturbed by whatever else the machine was doing), and the
ratio of every round, whose median the table shows beside the best-of ratio.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Result:
    """One row of the table: a scenario, our time, the baseline's time, and the target ratio.

    ``ours`` and ``baseline`` are seconds, unless ``unit`` says otherwise (e.g. MB); ``target``
    is the largest acceptable ratio (``ours / baseline``), or ``None`` when the row only reports.
    ``low`` is the smallest acceptable ratio, for linear-growth checks; ``limit`` is the largest
    acceptable value of ``ours`` itself, for rows without a baseline (memory growth).
    """

    scenario: str
    what: str
    size: int
    ours: float
    baseline: float | None = None
    baseline_name: str = ""
    target: float | None = None
    low: float | None = None
    limit: float | None = None
    unit: str = "s"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    ratios: tuple[float, ...] = ()
    """The ratio in each round, when ours and the baseline alternated (see :class:`Timings`)."""
    judged_on_median: bool = False
    """Whether the target holds for the median of ``ratios`` rather than the best-of ratio
    (see :attr:`judged`)."""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.ours / self.baseline

    @property
    def judged(self) -> float | None:
        """The ratio held against the target: the median of the per-round ratios for a row
        ``judged_on_median`` (two of our own runs, made side by side in each round: a growth
        check, or the same work with and without no-op plug-ins), where the best times of each
        may come from different moments (a quiet full run once put 5b's best-of ratio at 12.09
        and its median at 10.85); else the best-of ratio, ours against a baseline."""
        if self.judged_on_median and len(self.ratios) > 1:
            return statistics.median(self.ratios)
        return self.ratio

    @property
    def met(self) -> bool | None:
        if self.limit is not None:
            return self.ours <= self.limit
        judged = self.judged
        if self.target is None or judged is None:
            return None
        return judged <= self.target and (self.low is None or judged >= self.low)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["met"] = self.met
        if self.ratios:
            data["ratio_min"] = min(self.ratios)
            data["ratio_median"] = statistics.median(self.ratios)
        return data


@dataclass
class Timings:
    """Every time of every run: ``rounds[i][j]`` is run ``j`` in round ``i``."""

    rounds: list[list[float]]

    @property
    def best(self) -> list[float]:
        """The best time of each run over the rounds (the least disturbed)."""
        return [min(times) for times in zip(*self.rounds, strict=True)]

    def ratios(self, ours: int = 0, baseline: int = 1) -> tuple[float, ...]:
        """Run ``ours`` over run ``baseline`` in each round: the spread says how much of a
        ratio is noise (issue 19: two quiet full runs differed by more than a target's room)."""
        return tuple(times[ours] / times[baseline] for times in self.rounds)


def settle() -> None:
    """Collect all garbage now, untimed, so that the collector starts each run from the same state.

    The collector stays on during a run: collecting the run's own objects is part of its cost,
    as it is for a user. But when a full collection falls depends on what happened before, and
    a load of 100,000 goals run after another left its 600,000 objects for the next run's
    collections: one round of scenario 2 gave 3.53 and the next 1.52 (issue 19).
    """
    gc.collect()


def timed(
    repeats: int, *runs: Callable[[], Any], setup: Callable[[], Any] | None = None
) -> Timings:
    """Time ``runs`` over ``repeats`` rounds, the runs alternating in a round, so that whatever
    else the machine does falls on all of them alike.

    ``setup`` runs untimed before every single run (a fresh database file, say). Every run starts
    from a full, untimed garbage collection (:func:`settle`), so that none pays for the garbage
    of the run before it.
    """
    return _alternating(repeats, [(setup, run) for run in runs], sync=False)


def timed_with_setups(repeats: int, *runs: tuple[Callable[[], Any], Callable[[], Any]]) -> Timings:
    """:func:`timed` for runs that each need their own untimed setup: ``runs`` are
    ``(setup, run)`` pairs (a fresh file for our store, another for the baseline's tables).

    These runs write to disk, so each also starts once the disk has written what the runs
    before it left (``os.sync``), rather than while it is still writing it back.
    """
    return _alternating(repeats, list(runs), sync=True)


def _alternating(
    repeats: int,
    runs: list[tuple[Callable[[], Any] | None, Callable[[], Any]]],
    *,
    sync: bool,
) -> Timings:
    """The loop of :func:`timed` and :func:`timed_with_setups`: each run after its setup, the
    disk's write-back if ``sync``, and a full collection, all untimed."""
    rounds = []
    for _ in range(repeats):
        times = []
        for setup, run in runs:
            if setup is not None:
                setup()
            if sync:
                os.sync()
            settle()
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        rounds.append(times)
    return Timings(rounds)


def in_blocks(items: list[T], blocks: int) -> list[list[T]]:
    """``items`` cut into ``blocks`` parts of nearly equal size (the last ones may be shorter or
    empty), for :func:`interleaved`."""
    size = -(-len(items) // blocks)
    return [items[start : start + size] for start in range(0, size * blocks, size)]


def interleaved(
    repeats: int,
    blocks: int,
    *runs: Callable[[int], Any],
    setup: Callable[[], Any] | None = None,
) -> Timings:
    """Like :func:`timed`, but each round is cut into ``blocks`` and the runs alternate block by
    block: ``run(block)`` does its share ``block`` of the work, and a run's time in a round is
    the sum of its blocks.

    For work made of many small, alike operations (20,000 gets by id, 100,000 goals checked): a
    disturbance of a second or two then falls on every run alike instead of on whichever of them
    was running (with whole runs alternating, one round of scenario 3 once gave 2.84 and the
    next 1.71). ``setup``, when given, runs untimed before every block of every run, followed
    by a full garbage collection (:func:`settle`), so that no block pays for the one before it.
    """
    rounds = []
    for _ in range(repeats):
        times = [0.0] * len(runs)
        settle()
        for block in range(blocks):
            # Each block starts with the next run, so that each run follows each of the others
            # about as often: whichever ran right after the large check of scenario 5 was 15%
            # slower (with the order fixed, 5c came out at 0.86 one way round and 1.18 the other).
            for index in [(block + offset) % len(runs) for offset in range(len(runs))]:
                run = runs[index]
                if setup is not None:
                    setup()
                    settle()
                started = time.perf_counter()
                run(block)
                times[index] += time.perf_counter() - started
        rounds.append(times)
    return Timings(rounds)


def best_of(
    repeats: int, *runs: Callable[[], Any], setup: Callable[[], Any] | None = None
) -> list[float]:
    """The best time of each of ``runs`` over ``repeats`` alternating rounds (see :func:`timed`)."""
    return timed(repeats, *runs, setup=setup).best


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value >= 0.01 else f"{value * 1e6:.1f} µs"
    return f"{value:,.1f} {unit}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table (it reads well in a terminal too)."""
    header = "| # | what | size | ours | baseline | ratio | target | met |"
    lines = [header, "| --- | --- | ---: | ---: | --- | ---: | ---: | --- |"]
    for r in results:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        if len(r.ratios) > 1:
            ratio += f" (median {statistics.median(r.ratios):.2f})"
        if r.limit is not None:
            target = f"≤ {r.limit:g} {r.unit}"
        elif r.target is None:
            target = "-"
        elif r.low is not None:
            target = f"{r.low:g} to {r.target:g}"
        else:
            target = f"≤ {r.target:g}"
        if r.judged_on_median and r.target is not None:
            target = f"median {target}"
        met = {None: "", True: "yes", False: "**no**"}[r.met]
        baseline = (
            f"{_number(r.baseline, r.unit)} ({r.baseline_name})" if r.baseline is not None else "-"
        )
        what = r.what + (f" — {r.note}" if r.note else "")
        lines.append(
            f"| {r.scenario} | {what} | {r.size:,} | {_number(r.ours, r.unit)} | {baseline} "
            f"| {ratio} | {target} | {met} |"
        )
    return "\n".join(lines)
