"""A goal's life in a clinic app: template, store, a listening plug-in, scores, review, FHIR.

Run it with ``python examples/clinic_workflow.py``; CI runs every script in ``examples/``. It keeps
everything in a temporary SQLite file, so it touches none of your data.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from therapy_goals import (
    GAD7,
    Goal,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    check,
    find_wins,
    get_plugin_manager,
    hookimpl,
    open_store,
    record_review,
    summarize,
)
from therapy_goals.exchange import bundle_from_record

START = date(2026, 3, 2)


class AuditTrail:
    """A plug-in that hears about every saved goal (an app might notify the therapist)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @hookimpl
    def goal_saved(self, goal: Goal, previous: Goal | None) -> None:
        change = "new" if previous is None else f"revision {previous.revision} -> {goal.revision}"
        self.lines.append(f"saved {goal.id} ({change}, {goal.status.value})")


def main() -> None:
    audit = AuditTrail()
    plugins = get_plugin_manager(plugins=[audit])
    template = plugins.templates().get("anxiety.gad7-mindfulness")
    made = template.instantiate(
        client_id="client-7", start=START, why_it_matters="To enjoy time with my kids"
    )
    print(f"Goal from {template.id}: {made.goal.statement}")
    print(f"SMART: {check(made.goal, today=START).is_smart}")

    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(f"sqlite://{Path(folder) / 'goals.db'}", plugins=plugins) as store,
    ):
        goal = store.add(made.goal, by="therapist-1")
        for week, answers in enumerate(([2, 2, 2, 2, 2, 2, 2], [1, 2, 1, 2, 1, 1, 1])):
            result = GAD7.score(answers)
            store.add_progress(
                ProgressEntry(
                    goal_id=goal.id,
                    value=result.total,
                    source=ProgressSource.QUESTIONNAIRE,
                    at=datetime.combine(
                        START + timedelta(weeks=4 * week), datetime.min.time(), UTC
                    ),
                )
            )
        today = START + timedelta(weeks=4)
        entries = list(store.progress(goal.id))
        summary = summarize(goal, entries, today=today, questionnaire=GAD7)
        print(f"GAD-7 {summary.start_value:g} -> {summary.latest:g}: {summary.achievement.value}")
        for win in find_wins(goal, entries, questionnaire=GAD7):
            print(f"Win: {win.message}")
        goal = record_review(
            store,
            Review(
                goal_id=goal.id,
                achievement=summary.achievement,
                decision=ReviewDecision.CONTINUE,
                at=datetime.combine(today, datetime.min.time(), UTC),
                wins=("Practised on most days",),
            ),
            by="therapist-1",
        )
        bundle = bundle_from_record(store.client_record("client-7"))
        kinds = sorted({entry["resource"]["resourceType"] for entry in bundle["entry"]})
        print(f"FHIR bundle: {len(bundle['entry'])} resources ({', '.join(kinds)})")
    print(f"Reviewed: {goal.achievement.value}, revision {goal.revision}")
    print("\n".join(audit.lines))


if __name__ == "__main__":
    main()
