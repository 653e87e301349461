"""Where the time of reading one stored goal goes: ``python -m benchmarks.floor``.

Scenarios 2, 3 and 4b compare building validated objects with parsing JSON into dicts. This
takes one benchmark goal's document apart step by step, so the floor of the ratio is visible:
even with no checks at all, building the five objects of a goal costs more than parsing it.
Prints microseconds per goal (best of 5 runs, garbage collector on as in the scenarios), then
the top of a cProfile of a store's read of a signed row (issue 19's trusted path).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import timeit
from collections.abc import Callable
from typing import Any

import attrs
import orjson

from benchmarks import data
from benchmarks.pydantic_models import GoalModel
from therapy_goals import Goal, Measure, ProgressEntry, Schedule, Step
from therapy_goals.serialization import decode, encode
from therapy_goals.serialization.trusted import checksum, read_trusted

ROUNDS = 20_000


def _microseconds(run: Callable[[], Any]) -> float:
    # With the garbage collector on, as the scenarios run (timeit turns it off by default, and
    # at 100,000 goals the collector was 72% of the dict baseline's time: issue 19).
    timer = timeit.Timer(run, setup="gc.enable()")
    return min(timer.repeat(number=ROUNDS, repeat=5)) / ROUNDS * 1e6


def _fields(obj: Any) -> dict[str, Any]:
    return {a.name: getattr(obj, a.name) for a in attrs.fields(type(obj))}


def main() -> None:
    goal = data.goal(5)
    text = encode(goal)
    goal_fields, measure_fields = _fields(goal), _fields(goal.measure)
    step_fields = [_fields(step) for step in goal.steps]
    schedule_fields = _fields(goal.steps[0].schedule)

    def construct() -> None:
        Measure(**measure_fields)
        for fields in step_fields:
            Step(**fields)
        Schedule(**schedule_fields)
        Goal(**goal_fields)

    rows = [
        ("orjson.loads (the dict baseline's whole work)", _microseconds(lambda: orjson.loads(text)))
    ]
    with attrs.validators.disabled():
        rows.append(("build Goal, Measure, 2 Steps, Schedule, no checks", _microseconds(construct)))
    rows.append(("build them with every field's checks", _microseconds(construct)))
    rows.append(
        (
            "strict-path read: parse, convert fields, build, check",
            _microseconds(lambda: decode(text, Goal)),
        )
    )
    signed = checksum(text)
    rows.append(("checksum of the document (CRC-32)", _microseconds(lambda: checksum(text))))
    rows.append(
        (
            "trusted read: parse, convert, build, relating checks",
            _microseconds(lambda: read_trusted(text, Goal)),
        )
    )
    rows.append(
        (
            "a store's read of a signed row: checksum + trusted",
            _microseconds(lambda: checksum(text) == signed and read_trusted(text, Goal)),
        )
    )
    rows.append(
        (
            "pydantic v2: model_validate_json",
            _microseconds(lambda: GoalModel.model_validate_json(text)),
        )
    )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:6.1f} µs")
    _msgspec_as_the_decoder()

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(ROUNDS):
        checksum(text) == signed and read_trusted(text, Goal)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(12)
    print("\n".join(out.getvalue().splitlines()[4:]))


def _msgspec_as_the_decoder() -> None:
    """Issue 19 asked to evaluate msgspec as the stores' decoder: it decodes JSON straight into
    attrs classes. Measured on a progress entry (msgspec refuses a Goal: its ``updated`` default
    is a factory that takes the object, which msgspec does not support), when it is installed
    (``pip install -e '.[bench]'``)."""
    try:
        import msgspec  # noqa: PLC0415 - optional, extra [bench]
    except ImportError:
        print("\nmsgspec: not installed (pip install -e '.[bench]')")
        return
    entry = data.progress_entry(5, 10)
    text = encode(entry)
    fields = orjson.loads(text)
    del fields["schema_version"], fields["type"]
    body = orjson.dumps(fields)
    decoder = msgspec.json.Decoder(ProgressEntry)
    try:
        msgspec.json.Decoder(Goal)
        goal_note = "decodes a Goal too"
    except NotImplementedError as error:
        goal_note = f"refuses a Goal: {error}"
    print(f"\none progress entry (msgspec {msgspec.__version__} {goal_note})")
    for name, run in (
        ("msgspec.json.decode into ProgressEntry", lambda: decoder.decode(body)),
        ("trusted read of ProgressEntry", lambda: read_trusted(text, ProgressEntry)),
        ("strict-path read of ProgressEntry", lambda: decode(text, ProgressEntry)),
    ):
        print(f"{name:<40}  {_microseconds(run):6.1f} µs")


if __name__ == "__main__":
    main()
