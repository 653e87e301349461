"""Running the rules: a :class:`Checker` gathers rules once and checks any number of goals.

>>> from datetime import date
>>> report = check("I want to be happier", today=date(2026, 3, 2))
>>> [f"{c.value}: {v.value}" for c, v in report.verdicts.items()]  # doctest: +NORMALIZE_WHITESPACE
['specific: unmet', 'measurable: unmet', 'achievable: unknown', 'relevant: unknown',
 'time-bound: unmet']
>>> report.codes()
['S101', 'M101', 'R101', 'R102', 'T101']

A verdict is ``unmet`` when a rule of that criterion found something at warning or error level;
otherwise ``met`` when the goal says enough to judge the criterion, and ``unknown`` when it does
not (a bare statement says nothing of why it matters, so Relevant is unknown).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date

import attrs

from therapy_goals.contracts.languages import Language
from therapy_goals.contracts.rules import (
    Advice,
    Criterion,
    Finding,
    Report,
    Rule,
    RuleContext,
    Severity,
    Subject,
    Verdict,
)
from therapy_goals.errors import PluginError, ValidationError
from therapy_goals.model import Goal
from therapy_goals.model.checks import unstorable
from therapy_goals.plugins import PluginManager, default_plugin_manager
from therapy_goals.smart.drafting import parse_goal
from therapy_goals.smart.languages import choose_language
from therapy_goals.smart.messages import speak, stop_speaking
from therapy_goals.smart.selection import ActiveRule, Selection
from therapy_goals.smart.text import MAX_CHECKED_LENGTH

__all__ = ["LANGUAGE_ENV", "Checker", "check"]

LANGUAGE_ENV = "THERAPY_GOALS_LANGUAGE"
"""The environment variable that names the language statements are read in when a checker is
given none (``es``); unset or empty, each statement's own words choose."""


def _language_from_env() -> str | None:
    return os.environ.get(LANGUAGE_ENV, "").strip() or None


def _can_judge_achievable(subject: Subject) -> bool:
    goal, facts = subject.goal, subject.facts
    planned = any(step.schedule or step.minutes for step in goal.steps)
    targeted = goal.measure is not None and goal.measure.has_target
    concrete = bool(facts.action_verbs) or facts.has_quantity
    return planned or targeted or concrete or goal.confidence is not None


def _can_judge_relevant(subject: Subject) -> bool:
    return subject.goal.why_it_matters is not None or subject.facts.reason is not None


_CAN_JUDGE: Mapping[Criterion, Callable[[Subject], bool]] = {
    Criterion.ACHIEVABLE: _can_judge_achievable,
    Criterion.RELEVANT: _can_judge_relevant,
}
"""Criteria that need information to be judged met; the others are met unless a rule objects."""


def _verdicts(
    subject: Subject, findings: Iterable[Finding], checked: Collection[Criterion]
) -> dict[Criterion, Verdict]:
    unmet = {f.criterion for f in findings if f.severity is not Severity.INFO}
    verdicts = {}
    for criterion in Criterion:
        if criterion not in checked:
            verdicts[criterion] = Verdict.NOT_CHECKED
        elif criterion in unmet:
            verdicts[criterion] = Verdict.UNMET
        elif criterion not in _CAN_JUDGE or _CAN_JUDGE[criterion](subject):
            verdicts[criterion] = Verdict.MET
        else:
            verdicts[criterion] = Verdict.UNKNOWN
    return verdicts


class Checker:
    """Checks goals and statements against the selected rules of a plug-in manager.

    Rules are gathered and selected once, when the checker is made; build one checker and reuse
    it for many goals.
    """

    def __init__(
        self,
        *,
        plugins: PluginManager | None = None,
        selection: Selection | None = None,
        language: str | None = None,
    ) -> None:
        manager = plugins if plugins is not None else default_plugin_manager()
        self.languages: Mapping[str, Language] = manager.languages()
        """The languages statements can be read in, by code (English is ``en``)."""
        from_env = language is None and _language_from_env() is not None
        self.language = language if language is not None else _language_from_env()
        """The language statements are read in (``language``, else
        ``$THERAPY_GOALS_LANGUAGE``), or ``None`` to choose per statement; a goal that records a
        language a plug-in reads is read in its own."""
        if self.language is not None:
            try:  # an unknown code fails here, not at the first statement
                choose_language("", self.languages, named=self.language)
            except ValidationError as error:
                if not from_env:
                    raise
                raise ValidationError.at(
                    "language", f"{error.problems[0].message} (from ${LANGUAGE_ENV})"
                ) from None
        self.selection = selection or Selection()
        self.rules: Mapping[str, Rule] = manager.rules()
        self.questionnaires = manager.questionnaires()
        self.active: tuple[ActiveRule, ...] = tuple(
            self.selection.resolve(list(self.rules.values()))
        )
        self.checked: frozenset[Criterion] = frozenset(a.rule.criterion for a in self.active)
        """The criteria at least one selected rule judges; the others are ``not-checked``."""

    def check(
        self,
        goal_or_text: Goal | str,
        *,
        context: RuleContext | None = None,
        today: date | None = None,
        area: str | None = None,
        why_it_matters: str | None = None,
        language: str | None = None,
    ) -> Report:
        """Check one goal, or one plain statement (drafted into a goal by :func:`parse_goal`).

        ``area`` and ``why_it_matters`` give a plain statement what a goal would hold beside it
        (its area, the client's reason), so Relevant can be judged; a goal already has both.
        ``language`` names the language of the statement (``en``); by default the one a goal
        records (its ``language``, when a plug-in reads it), else the checker's, else the one its
        words suggest.
        """
        if (area is not None or why_it_matters is not None) and not isinstance(goal_or_text, str):
            raise ValidationError.at(
                "area", "goes with a plain statement; a goal holds its own area and reason"
            )
        context = context or RuleContext()
        if today is not None:
            context = attrs.evolve(context, today=today)
        if not context.questionnaires:
            context = attrs.evolve(context, questionnaires=self.questionnaires)
        text = goal_or_text if isinstance(goal_or_text, str) else goal_or_text.statement
        if isinstance(goal_or_text, str):
            _check_readable(text)
        recorded = None if isinstance(goal_or_text, str) else self._known(goal_or_text.language)
        reader = choose_language(text, self.languages, named=language or recorded or self.language)
        facts = reader.read(text, context.today)
        if isinstance(goal_or_text, str):
            goal = parse_goal(goal_or_text, today=context.today, facts=facts, language=reader.code)
            if area is not None or why_it_matters is not None:
                goal = attrs.evolve(
                    goal,
                    area=area if area is not None else goal.area,
                    why_it_matters=(
                        why_it_matters if why_it_matters is not None else goal.why_it_matters
                    ),
                )
            subject = Subject(goal=goal, facts=facts, from_text=True)
            label = goal_or_text
        else:
            goal = goal_or_text
            subject = Subject(goal=goal, facts=facts)
            label = goal.id
        if goal.plans:
            responses = tuple(reader.read(plan.response, context.today) for plan in goal.plans)
            subject = attrs.evolve(subject, plan_facts=responses)
        spoken = speak(reader)  # the findings speak the statement's language
        try:
            findings = sorted(self._findings(subject, context), key=Finding.sort_key)
        finally:
            stop_speaking(spoken)
        return Report(
            input=label,
            goal=goal,
            verdicts=_verdicts(subject, findings, self.checked),
            findings=tuple(findings),
        )

    def _known(self, tag: str | None) -> str | None:
        """The installed language a goal's recorded ``tag`` names (``de-AT`` is German), or
        ``None``: a goal in a language no plug-in reads is read in the one its words suggest."""
        if tag is None:
            return None
        primary = tag.split("-", 1)[0]
        return tag if tag in self.languages else primary if primary in self.languages else None

    def _findings(self, subject: Subject, context: RuleContext) -> Iterable[Finding]:
        for active in self.active:
            rule = active.rule
            try:
                advice = list(rule.check(subject, context, active.options))
            except Exception as error:
                raise PluginError(
                    f"rule {rule.code} ({rule.name}) failed on goal {subject.goal.id}: "
                    f"{type(error).__name__}: {error}"
                ) from error
            for item in advice:
                if not isinstance(item, Advice):
                    raise PluginError(
                        f"rule {rule.code} yielded a {type(item).__name__}; rules yield Advice"
                    )
                yield Finding(
                    code=rule.code,
                    name=rule.name,
                    criterion=rule.criterion,
                    severity=active.severity,
                    message=item.message,
                    suggestion=item.suggestion,
                    field=item.field,
                )


def _check_readable(text: str) -> None:
    """Refuse text the reader will not read: too long, or holding what no store can keep."""
    if len(text) > MAX_CHECKED_LENGTH:
        raise ValidationError.at(
            "statement",
            f"is {len(text):,} characters; check reads at most {MAX_CHECKED_LENGTH:,} (a goal's "
            "statement holds at most 2,000): split it into goals",
        )
    problem = unstorable(text)
    if problem is not None:
        raise ValidationError.at("statement", problem)


def check(
    goal_or_text: Goal | str,
    *,
    today: date | None = None,
    context: RuleContext | None = None,
    selection: Selection | None = None,
    plugins: PluginManager | None = None,
    area: str | None = None,
    why_it_matters: str | None = None,
    language: str | None = None,
) -> Report:
    """Check one goal or plain statement (see :meth:`Checker.check`).

    With neither ``plugins`` nor ``selection`` given, the checker of the default plug-ins is
    made once and reused (it is rebuilt when they change, as :func:`default_plugin_manager`
    is), so calling this in a loop or a web request costs what ``Checker.check`` costs.
    Without ``language``, ``$THERAPY_GOALS_LANGUAGE`` names it when set.
    """
    if plugins is None and selection is None:
        checker = _default_checker(language)
    else:
        checker = Checker(plugins=plugins, selection=selection, language=language)
    return checker.check(
        goal_or_text, context=context, today=today, area=area, why_it_matters=why_it_matters
    )


_default_checkers: dict[tuple[str | None, str | None], tuple[PluginManager, Checker]] = {}
"""The checker of the default plug-ins per language named (and, when none is,
``$THERAPY_GOALS_LANGUAGE``), with the manager it was made from."""
_default_checkers_lock = threading.Lock()


def _default_checker(language: str | None) -> Checker:
    """The checker of the default plug-ins for ``language``, made again when they change."""
    manager = default_plugin_manager()
    key = (language, _language_from_env() if language is None else None)
    with _default_checkers_lock:
        made = _default_checkers.get(key)
        if made is None or made[0] is not manager:
            made = _default_checkers[key] = (
                manager,
                Checker(plugins=manager, language=language),
            )
        return made[1]
