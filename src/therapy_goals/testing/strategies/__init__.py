"""Hypothesis strategies for every public model type: each one generates valid objects only.

Use them to property-test your own rules, templates, exporters and stores::

    from hypothesis import given
    from therapy_goals.testing import strategies as tgst


    @given(tgst.goals(with_measure=True))
    def test_my_exporter_never_fails(goal):
        my_exporter.write(ClientRecord(client_id=goal.client_id, goals=(goal,)))

Every function returns a strategy and takes keyword-only knobs. Fixed values narrow a strategy
(``goals(client_id="c-1")``); ``None`` leaves the choice to hypothesis.
"""

from __future__ import annotations

from therapy_goals.errors import MissingDependencyError

try:
    import hypothesis  # noqa: F401 - only to say which extra is missing
except ModuleNotFoundError as error:  # pragma: no cover - exercised only without hypothesis
    if error.name != "hypothesis":  # another module is missing: say that, not this
        raise
    raise MissingDependencyError(
        "therapy_goals.testing.strategies needs hypothesis; install therapy-goals[testing]"
    ) from error

from therapy_goals.testing.strategies.goals import (
    goals_breaking,
    smart_goals,
    template_values,
    vague_goals,
)
from therapy_goals.testing.strategies.records import (
    administrations,
    aware_datetimes,
    client_records,
    corrections,
    dates,
    goals,
    ids,
    if_then_plans,
    measures,
    numbers,
    plan_uses,
    progress_entries,
    register_type_strategies,
    reviews,
    schedules,
    slugs,
    step_completions,
    steps,
    template_refs,
    texts,
)

__all__ = [
    "administrations",
    "aware_datetimes",
    "client_records",
    "corrections",
    "dates",
    "goals",
    "goals_breaking",
    "ids",
    "if_then_plans",
    "measures",
    "numbers",
    "plan_uses",
    "progress_entries",
    "register_type_strategies",
    "reviews",
    "schedules",
    "slugs",
    "smart_goals",
    "step_completions",
    "steps",
    "template_refs",
    "template_values",
    "texts",
    "vague_goals",
]

# Imported before hypothesis was, these strategies were still incomplete when hypothesis ran its
# entry point (which then left the registration to us); registering again is harmless.
register_type_strategies()
