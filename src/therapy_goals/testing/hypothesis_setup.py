"""Hypothesis's entry point: registers the model's strategies when hypothesis is imported.

Hypothesis calls every function in its ``hypothesis`` entry-point group at import time; this one
makes ``st.from_type(Goal)`` draw valid goals in any test suite where therapy-goals is installed.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    # Imported here: hypothesis calls this hook while importing itself, and the strategies
    # import hypothesis.
    from therapy_goals.testing.strategies import register_type_strategies  # noqa: PLC0415

    register_type_strategies()
