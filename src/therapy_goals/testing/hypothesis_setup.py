"""Hypothesis's entry point: registers the model's strategies when hypothesis is imported.

Hypothesis calls every function in its ``hypothesis`` entry-point group at import time; this one
makes ``st.from_type(Goal)`` draw valid goals in any test suite where therapy-goals is installed.
"""

from __future__ import annotations

import sys

STRATEGIES = "therapy_goals.testing.strategies"


def _hypothesis_setup_hook() -> None:
    strategies = sys.modules.get(STRATEGIES)
    if strategies is not None and not hasattr(strategies, "register_type_strategies"):
        # The strategies are being imported, and are importing hypothesis right now (a suite
        # that imports them before hypothesis): they register themselves once complete.
        return
    # Imported here: hypothesis calls this hook while importing itself, and the strategies
    # import hypothesis.
    from therapy_goals.testing.strategies import register_type_strategies  # noqa: PLC0415

    register_type_strategies()
