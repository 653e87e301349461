"""``python -m benchmarks [--quick] [--only 1,3] [--json FILE] [--strict]``: run, print, save.

Prints a Markdown table of every scenario (our time, the baseline's, their ratio and the target)
and writes the same results as JSON. Exits 0 unless ``--strict`` is given and a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import Result, table
from benchmarks.scenarios import SCENARIOS
from benchmarks.sizes import FULL, MODES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under 2 minutes")
    parser.add_argument("--mode", choices=sorted(MODES), help="sizes by name (overrides --quick)")
    parser.add_argument("--only", help="comma-separated scenario numbers, e.g. 1,3")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row misses its target")
    parser.add_argument(
        "--json",
        type=Path,
        help="where to write the results (default: benchmarks/results-MODE.json)",
    )
    args = parser.parse_args(argv)
    sizes = MODES[args.mode] if args.mode else (MODES["quick"] if args.quick else FULL)
    chosen = args.only.split(",") if args.only else list(SCENARIOS)
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown:
        parser.error(f"no scenario {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")

    results: list[Result] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="therapy-goals-bench-") as folder:
        for name in chosen:
            print(f"== scenario {name} ({sizes.name})", file=sys.stderr, flush=True)
            begun = time.perf_counter()
            found = SCENARIOS[name](sizes, Path(folder))
            if not found:
                print("   skipped (no PostgreSQL server configured)", file=sys.stderr)
            for result in found:
                print(f"   {result.what}: ratio {result.ratio}", file=sys.stderr)
            print(f"   {time.perf_counter() - begun:.1f} s", file=sys.stderr, flush=True)
            results.extend(found)
    total = time.perf_counter() - started

    print(table(results))
    print(
        f"\n{sizes.name} mode, {total:.0f} s in all, on {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    report = {
        "mode": sizes.name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            ["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]
        ),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "seconds": total,
        "results": [result.as_json() for result in results],
    }
    destination = args.json or Path(__file__).parent / f"results-{sizes.name}.json"
    destination.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {destination}")
    missed = [r.scenario for r in results if r.met is False]
    if missed:
        print(f"targets missed: {', '.join(missed)} (see benchmarks/README.md)")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
