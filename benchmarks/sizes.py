"""How big each scenario is in each mode: the issue's sizes in full, smaller for --quick."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    name: str
    bulk_add: int
    load_all: int
    store_small: int
    store_big: int
    lookups: int
    progress: int
    progress_goals: int
    check_small: int
    check_big: int
    statements: int
    stream_small: int
    stream_big: int
    postgres_add: int
    adversarial: int
    report_goals: int
    report_days: int
    history_long: int
    repeats: int


FULL = Sizes(
    name="full",
    bulk_add=100_000,
    load_all=100_000,
    store_small=10_000,
    store_big=1_000_000,
    lookups=20_000,
    progress=1_000_000,
    progress_goals=1_000,
    check_small=10_000,
    check_big=100_000,
    statements=10_000,
    stream_small=1_000,
    stream_big=1_000_000,
    postgres_add=100_000,
    adversarial=160_000,
    report_goals=50,
    report_days=730,
    history_long=2_000,
    repeats=3,
)

QUICK = Sizes(
    name="quick",
    bulk_add=10_000,
    load_all=10_000,
    store_small=1_000,
    store_big=100_000,
    lookups=5_000,
    progress=100_000,
    progress_goals=100,
    check_small=1_000,
    check_big=10_000,
    statements=1_000,
    stream_small=1_000,
    stream_big=100_000,
    postgres_add=10_000,
    adversarial=40_000,
    report_goals=10,
    report_days=365,
    history_long=500,
    repeats=3,
)

SMOKE = Sizes(
    name="smoke",
    bulk_add=50,
    load_all=50,
    store_small=20,
    store_big=200,
    lookups=20,
    progress=200,
    progress_goals=10,
    check_small=10,
    check_big=100,
    statements=10,
    stream_small=20,
    stream_big=200,
    postgres_add=50,
    adversarial=4_000,
    report_goals=2,
    report_days=30,
    history_long=20,
    repeats=1,
)
"""Tiny sizes for the test that keeps the benchmarks working; its times mean nothing."""

MODES = {sizes.name: sizes for sizes in (FULL, QUICK, SMOKE)}
