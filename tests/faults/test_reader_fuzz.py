"""Issue 18: every reader ends in a library error or a result, never a traceback, whatever it is
given. FHIR resources and our JSON form are fuzzed by mutating real documents (ours and published
examples) with values of the wrong JSON type in every place, CSV by replacing cells with any text,
and every reader by arbitrary bytes; 10,000 cases each in the CI profile."""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from therapy_goals import TherapyGoalsError, sample_record, to_json
from therapy_goals.exchange import bundle_from_record, read_record, record_from_fhir
from therapy_goals.exchange.spreadsheet import record_from_csv, record_to_csv

DATA = Path(__file__).parent.parent / "data" / "fhir"
SEEDS: list[dict[str, Any]] = [
    bundle_from_record(sample_record(start=date(2026, 3, 2))),
    *(json.loads(p.read_text()) for p in sorted(DATA.glob("*.json"))),
]

FUZZ_CASES = 10_000 if settings().max_examples >= 400 else 250
"""Cases per fuzzer: 10,000 in the thorough CI profile (issue 18), a quick 250 otherwise."""

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@settings(max_examples=FUZZ_CASES)
@given(st.data())
def test_mutated_fhir_resources_end_in_a_library_error_or_a_record(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SEEDS))
    mutated = seed
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(mutated)))
        mutated = _replace(mutated, path, data.draw(JSON_VALUES))
    with contextlib.suppress(TherapyGoalsError):  # a library error is a fine answer; only
        record_from_fhir(mutated)  # anything else (TypeError, KeyError, ...) fails the test


@given(st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_end_in_a_library_error_or_a_record(data: bytes) -> None:
    with contextlib.suppress(TherapyGoalsError):
        read_record(data)


JSON_SEEDS: list[Any] = [
    json.loads(to_json(sample_record(start=date(2026, 3, 2)))),
    json.loads(to_json(sample_record(start=date(2026, 3, 2)).goals[0])),
]


@settings(max_examples=FUZZ_CASES)
@given(st.data())
def test_mutated_json_documents_end_in_a_library_error_or_a_record(data: st.DataObject) -> None:
    """Our own JSON form with a value of the wrong type (or shape) anywhere."""
    mutated = data.draw(st.sampled_from(JSON_SEEDS))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(mutated)))
        mutated = _replace(mutated, path, data.draw(JSON_VALUES))
    with contextlib.suppress(TherapyGoalsError):
        read_record(json.dumps(mutated).encode())


CSV_SEED = record_to_csv(sample_record(start=date(2026, 3, 2)))


@settings(max_examples=FUZZ_CASES)
@given(st.data())
def test_mutated_csv_ends_in_a_library_error_or_a_record(data: st.DataObject) -> None:
    """The CSV form with any cell replaced by any text (quotes, commas, line breaks, NUL)."""
    rows = list(csv.reader(io.StringIO(CSV_SEED)))
    for _ in range(data.draw(st.integers(1, 4))):
        row = data.draw(st.integers(0, len(rows) - 1))
        column = data.draw(st.integers(0, len(rows[row]) - 1))
        rows[row][column] = data.draw(st.text(max_size=20))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with contextlib.suppress(TherapyGoalsError):
        record_from_csv(out.getvalue())
