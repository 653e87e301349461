"""Reading if-then plans (implementation intentions) out of an English statement.

"If I feel the urge to drink, then I will call my sponsor", "When my heart races, I'll do 4-7-8
breathing", "I will text my sister if I start isolating": a cue, and the response decided in
advance. A statement may be a plan alone, or a goal with a plan beside it ("Walk 3 times a week
for 8 weeks; if it rains, I will walk in the mall"). :func:`split_plans` takes the plans out, so
that the goal is read without them (the response is not a second goal, S103) and each plan can
become an :class:`~therapy_goals.model.IfThenPlan`.

Every step is one pass over the text (searches without nested repetition, then string slicing),
so reading stays linear in the length of the text, whatever it holds.
"""

from __future__ import annotations

import re

from therapy_goals.contracts.statements import PlanPhrase

__all__ = ["split_plans"]

_CUES = r"(?:if|when|whenever|every\s+time|each\s+time|any\s*time|as\s+soon\s+as)"
_WILL = r"(?:i\s+will|i'll|i\s+am\s+going\s+to|i'm\s+going\s+to|i\s+shall)"

_SEGMENT_END = re.compile(r"[;!?]\s+|\.\s+(?=[A-Z\"'])|\n+")
"""Where a sentence or a clause of its own ends: "; ", ". W", a line break ("a.m., then" is not)."""

_CUE_FIRST = re.compile(
    rf"(?:^|,\s*(?:and\s+|but\s+|or\s+)?|\b(?:and|but)\s+){_CUES}\s+(?=\S)", re.IGNORECASE
)
"""A cue opening a clause: at the start, after a comma, or after "and"/"but"."""

_THEN = re.compile(r",?\s+then\s+|,\s*than\s+", re.IGNORECASE)
"""", then", " then" (and the common typo ", than", not "more than"): the end of the
situation."""

_COMMA_THEN_WILL = re.compile(rf",\s*(?={_WILL}\b)", re.IGNORECASE)
_WILL_ANYWHERE = re.compile(rf"\s+(?={_WILL}\b)", re.IGNORECASE)

_WILL_FIRST = re.compile(rf"(?:^|,\s*|\b(?:and|but)\s+){_WILL}\s+", re.IGNORECASE)
"""A clause that opens with "I will": the response of a plan whose cue comes after it."""
_LATER_CUE = re.compile(rf",?\s+{_CUES}\s+(?=\S)", re.IGNORECASE)

_ASKING = re.compile(
    r"\b(?:ask|asks|check|see|find\s+out|know|wonder|decide|learn|whether|tell)"
    r"(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
"""A response that ends in a verb of asking or finding out: its "if" means "whether" ("ask my
manager if I can work from home"), and "when" names what to tell ("tell them when ...")."""

_LEADING = re.compile(rf"^(?:(?:then|than)\s+)?(?:{_WILL}\s+|i\s+(?=\S))?", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.!,;:]+$")


def split_plans(text: str) -> tuple[str, tuple[PlanPhrase, ...]]:
    """The statement without its if-then plans, and the plans, in the order they appear.

    >>> rest, plans = split_plans(
    ...     "Walk 30 minutes 3 times a week for 8 weeks; if it rains, I will walk in the mall."
    ... )
    >>> rest, plans[0].situation, plans[0].response
    ('Walk 30 minutes 3 times a week for 8 weeks', 'it rains', 'walk in the mall')

    Text without a plan comes back as it was, with no plans.
    """
    kept: list[str] = []
    plans: list[PlanPhrase] = []
    start = 0
    for end, following in [(m.start(), m.end()) for m in _SEGMENT_END.finditer(text)] + [
        (len(text), len(text))
    ]:
        segment = text[start:end]
        start = following
        before, plan = _plan_in(segment)
        if plan is None:
            kept.append(segment)
            continue
        plans.append(plan)
        if before.strip():
            kept.append(before)
    if not plans:
        return text, ()
    rest = "; ".join(_clean_rest(part) for part in kept if _clean_rest(part))
    return rest, tuple(plans)


def _plan_in(segment: str) -> tuple[str, PlanPhrase | None]:
    """The text before the plan a segment holds, and the plan (``None`` when it holds none)."""
    cue = _CUE_FIRST.search(segment)
    if cue is not None:
        parts = _situation_and_response(segment[cue.end() :])
        if parts is not None:
            return segment[: cue.start()], parts
    will = _WILL_FIRST.search(segment)
    if will is not None:
        later = _LATER_CUE.search(segment, will.end())
        if later is not None:
            response = segment[will.end() : later.start()]
            situation = segment[later.end() :]
            if not _ASKING.search(response):
                plan = _phrase(situation, response)
                if plan is not None:
                    return segment[: will.start()], plan
    return segment, None


def _situation_and_response(rest: str) -> PlanPhrase | None:
    """Split what follows a cue: at ", then", at the first comma before "I will", at the first
    comma, else before "I will"."""
    for pattern in (_THEN, _COMMA_THEN_WILL):
        found = pattern.search(rest)
        if found is not None:
            return _phrase(rest[: found.start()], rest[found.end() :])
    comma = rest.find(",")
    if comma > 0:
        return _phrase(rest[:comma], rest[comma + 1 :])
    found = _WILL_ANYWHERE.search(rest)
    if found is not None:
        return _phrase(rest[: found.start()], rest[found.end() :])
    return None


def _phrase(situation: str, response: str) -> PlanPhrase | None:
    situation = _TRAILING.sub("", situation.strip())
    response = _TRAILING.sub("", _LEADING.sub("", response.strip(), count=1))
    if not re.search(r"[^\W\d_]", situation) or not re.search(r"[^\W\d_]", response):
        return None
    return PlanPhrase(situation=situation, response=response)


def _clean_rest(part: str) -> str:
    """A piece of the statement left beside a plan, without the joining word it ends in."""
    part = part.strip().rstrip(",; ")
    last = part.rsplit(maxsplit=1)
    if len(last) == 2 and last[1].lower() in ("and", "but", "or"):
        part = last[0].rstrip(",; ")
    return part
