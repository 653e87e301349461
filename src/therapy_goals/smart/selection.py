"""Which rules run, how serious their findings are, and with which thresholds: like ruff and flake8.

A selector is a rule code (``S101``), a code prefix (``S1``, ``S``), a criterion
(``specific``, ``time-bound``) or ``ALL``. For each rule the most specific matching selector
decides: ``--select specific --ignore S104`` runs every Specific rule but S104, and
``--ignore S --extend-select S101`` runs only S101 of them. On a tie, ignore wins. Preview rules run
only when selected by their full code, or with ``preview=True``.

A prefix keeps to its plug-in: a code is the owning plug-in's letters and then digits, and a
prefix matches codes with exactly its letters (and digits that start with its digits), so ``S``
and ``S1`` select the built-in ``S1xx`` rules but not a plug-in's ``SLP101``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from therapy_goals.contracts.rules import Criterion, Rule, RuleStatus, Severity
from therapy_goals.errors import Problem, ValidationError

__all__ = ["ActiveRule", "Selection"]

_CRITERIA = {c.value: c for c in Criterion} | {c.key: c for c in Criterion}


def _selectors(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    return tuple(s.strip() for s in value if s.strip())


def _selector_list(value: Iterable[str]) -> tuple[str, ...]:
    return _selectors(value) or ()


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(value)


@attrs.frozen
class ActiveRule:
    """A rule that will run, with the severity and options it runs with."""

    rule: Rule
    severity: Severity
    options: Mapping[str, float]


def _specificity(selector: str, rule: Rule) -> int | None:
    """How specifically ``selector`` names ``rule``: None if not at all, more for longer codes."""
    lowered = selector.lower()
    if lowered == "all":
        return 0
    if lowered in _CRITERIA:
        return 1 if _CRITERIA[lowered] is rule.criterion else None
    code = selector.upper()
    letters, digits = _split(code)
    rule_letters, rule_digits = _split(rule.code)
    if letters == rule_letters and rule_digits.startswith(digits):
        return 1 + len(code)
    return None


def _split(code: str) -> tuple[str, str]:
    """``SLP101`` -> (``SLP``, ``101``): the owning plug-in's letters, and the rest."""
    letters = code.rstrip("0123456789")
    return letters, code[len(letters) :]


def _best(rule: Rule, selectors: Iterable[str]) -> int | None:
    """The specificity of the most specific selector that names ``rule``, if any does."""
    matches = [s for s in (_specificity(x, rule) for x in selectors) if s is not None]
    return max(matches, default=None)


@attrs.frozen(kw_only=True)
class Selection:
    """Which rules run (``select``, ``extend_select``, ``ignore``) and how.

    ``select`` of ``None`` means every stable rule. ``severity`` maps selectors to a severity
    (``{"A": Severity.INFO}``); ``options`` maps rule codes to threshold overrides
    (``{"A101": {"max_weekly_minutes": 900}}``).
    """

    select: tuple[str, ...] | None = attrs.field(default=None, converter=_selectors)
    extend_select: tuple[str, ...] = attrs.field(default=(), converter=_selector_list)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_selector_list)
    severity: Mapping[str, Severity] = attrs.field(factory=dict, converter=_frozen, hash=False)
    options: Mapping[str, Mapping[str, float]] = attrs.field(
        factory=dict, converter=_frozen, hash=False
    )
    preview: bool = False

    def _is_selected(self, rule: Rule) -> bool:
        chosen = ("ALL",) if self.select is None else self.select
        best_select = _best(rule, (*chosen, *self.extend_select))
        best_ignore = _best(rule, self.ignore)
        if best_select is None or (best_ignore is not None and best_ignore >= best_select):
            return False
        if rule.status is RuleStatus.PREVIEW and not self.preview:
            return rule.code in {s.upper() for s in (*(self.select or ()), *self.extend_select)}
        return True

    def resolve(self, rules: Sequence[Rule]) -> list[ActiveRule]:
        """The rules that run, in code order, with their severity and options.

        Raises :class:`ValidationError` for a selector that names no rule, an unknown severity,
        or an option a rule does not have.
        """
        self._check_selectors(rules)
        active = []
        for rule in sorted(rules, key=lambda r: r.code):
            if not self._is_selected(rule):
                continue
            active.append(ActiveRule(rule, self._severity_for(rule), self._options_for(rule)))
        return active

    def _severity_for(self, rule: Rule) -> Severity:
        best: tuple[int, Severity] | None = None
        for selector, severity in self.severity.items():
            specificity = _specificity(selector, rule)
            if specificity is not None and (best is None or specificity >= best[0]):
                best = (specificity, severity)
        return best[1] if best else rule.severity

    def _options_for(self, rule: Rule) -> Mapping[str, float]:
        return {**rule.options, **self.options.get(rule.code, {})}

    def _check_selectors(self, rules: Sequence[Rule]) -> None:
        problems: list[Problem] = []
        groups: list[tuple[str, Iterable[str]]] = [
            ("select", self.select or ()),
            ("extend_select", self.extend_select),
            ("ignore", self.ignore),
            ("severity", self.severity),
        ]
        for field, selectors in groups:
            for index, selector in enumerate(selectors):
                if not any(_specificity(selector, rule) is not None for rule in rules):
                    problems.append(
                        Problem(
                            f"{field}[{index}]",
                            f"{selector!r} matches no rule; use a code (S101), a prefix (S1, S), "
                            "a criterion (specific) or ALL; `therapy-goals rules` lists them",
                        )
                    )
        for selector, severity in self.severity.items():
            if not isinstance(severity, Severity):
                problems.append(
                    Problem(f"severity.{selector}", "must be one of error, warning, info")
                )
        by_code = {rule.code: rule for rule in rules}
        for code, overrides in self.options.items():
            rule = by_code.get(code)
            if rule is None:
                problems.append(Problem(f"options.{code}", "is not a rule code"))
                continue
            for name, value in overrides.items():
                if name not in rule.options:
                    known = ", ".join(sorted(rule.options)) or "none"
                    problems.append(
                        Problem(
                            f"options.{code}.{name}", f"is not an option of {code}; it has: {known}"
                        )
                    )
                elif not _is_number(value):
                    problems.append(Problem(f"options.{code}.{name}", "must be a finite number"))
        if problems:
            raise ValidationError(problems)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
