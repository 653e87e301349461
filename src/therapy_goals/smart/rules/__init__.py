"""The built-in SMART rules: a built-in plug-in that registers through the ``register_rules`` hook.

Codes: ``S1xx`` Specific, ``M1xx`` Measurable, ``A1xx`` Achievable, ``R1xx`` Relevant, ``T1xx``
Time-bound. The letters S, M, A, R and T are owned by this plug-in; others pick their own.
"""

from __future__ import annotations

from collections.abc import Callable

from therapy_goals.contracts.rules import Rule
from therapy_goals.hookspecs import hookimpl
from therapy_goals.smart.rules import achievable, measurable, relevant, specific, time_bound

__all__ = ["BUILTIN_RULES", "register_rules"]

BUILTIN_RULES: tuple[Rule, ...] = (
    *specific.RULES,
    *measurable.RULES,
    *achievable.RULES,
    *relevant.RULES,
    *time_bound.RULES,
)


@hookimpl
def register_rules(register: Callable[[Rule], None]) -> None:
    for built_in in BUILTIN_RULES:
        register(built_in)
