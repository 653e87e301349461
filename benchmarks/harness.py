"""Timing, results and the printed table.

Each comparison times our code and its baseline in the same run, alternating, and keeps the best
of the repeats for each (the least disturbed by whatever else the machine was doing).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


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

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.ours / self.baseline

    @property
    def met(self) -> bool | None:
        if self.limit is not None:
            return self.ours <= self.limit
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target and (self.low is None or self.ratio >= self.low)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data


def best_of(
    repeats: int, *runs: Callable[[], Any], setup: Callable[[], Any] | None = None
) -> list[float]:
    """The best time of each of ``runs`` over ``repeats`` rounds, the runs alternating in a round.

    ``setup`` runs untimed before every single run (a fresh database file, say).
    """
    best = [float("inf")] * len(runs)
    for _ in range(repeats):
        for index, run in enumerate(runs):
            if setup is not None:
                setup()
            started = time.perf_counter()
            run()
            best[index] = min(best[index], time.perf_counter() - started)
    return best


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
        if r.limit is not None:
            target = f"≤ {r.limit:g} {r.unit}"
        elif r.target is None:
            target = "-"
        elif r.low is not None:
            target = f"{r.low:g} to {r.target:g}"
        else:
            target = f"≤ {r.target:g}"
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
