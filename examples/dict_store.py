"""A complete storage backend: every method a backend implements, over plain dictionaries.

The reference for docs/storage.md. Each method only keeps what the core hands it: every check and
promise (revisions, lifecycle, values that fit, erasure) lives in ``Store``. The library's tests
run the whole shipped contract suite against it. Run it to see it used by URL: ``python
examples/dict_store.py``.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime

from therapy_goals import (
    Goal,
    GoalRevision,
    NotFoundError,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
    get_plugin_manager,
    hookimpl,
    open_store,
)
from therapy_goals.storage import Capabilities, StorageBackend, Store
from therapy_goals.storage.backend import first_repeated, record_name, stale, taken


class DictStore(Store):
    capabilities = Capabilities(atomic_transactions=True, persistent=False, multi_process=False)

    def __init__(self, url="dict://"):
        self.url = url
        self.data = {"goals": {}, "archived": set(), "history": {}, "records": {}}

    def _goal(self, goal_id):
        if goal_id not in self.data["goals"]:
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        return self.data["goals"][goal_id]

    def _records(self, kind, goal_id):
        found = [r for r in self.data["records"].values() if isinstance(r, kind)]
        return [r for r in found if r.goal_id == goal_id]

    # --- reading: copies, in the documented order ------------------------------------------------

    def get(self, goal_id):
        return self._goal(goal_id)

    def goals(self, *, client_id=None, status=None, area=None, due_before=None,
              include_archived=False, limit=None, offset=0):  # fmt: skip
        def wanted(goal):
            return (
                client_id in (None, goal.client_id)
                and status in (None, goal.status)
                and area in (None, goal.area)
                and (due_before is None or (goal.due is not None and goal.due < due_before))
                and (include_archived or goal.id not in self.data["archived"])
            )

        chosen = [goal for _, goal in sorted(self.data["goals"].items()) if wanted(goal)]
        return iter(chosen[offset : None if limit is None else offset + limit])

    def is_archived(self, goal_id):
        self._goal(goal_id)
        return goal_id in self.data["archived"]

    def history(self, goal_id):
        self._goal(goal_id)
        return list(self.data["history"][goal_id])

    def progress(self, goal_id, *, since=None, until=None):
        entries = sorted(self._records(ProgressEntry, goal_id), key=lambda e: (e.at, e.id))
        after = [e for e in entries if since is None or e.at >= since]
        return iter([e for e in after if until is None or e.at < until])

    def reviews(self, goal_id):
        return sorted(self._records(Review, goal_id), key=lambda r: (r.at, r.id))

    def step_completions(self, goal_id):
        return sorted(self._records(StepCompletion, goal_id), key=lambda c: (c.day, c.id))

    def plan_uses(self, goal_id):
        return sorted(self._records(PlanUse, goal_id), key=lambda u: (u.at, u.id))

    # --- writing: keep what the core checked, report a taken id or a changed revision ------------

    def _keep(self, goal, at, by, change):
        self.data["goals"][goal.id] = goal
        revision = GoalRevision(revision=goal.revision, at=at, by=by, change=change, goal=goal)
        self.data["history"].setdefault(goal.id, []).append(revision)

    def _insert_goals(self, goals, *, at, by):
        ids = [goal.id for goal in goals]
        clash = next((i for i in ids if i in self.data["goals"]), None) or first_repeated(ids)
        if clash is not None:
            raise taken("goal", clash)
        for goal in goals:
            self._keep(goal, at, by, "added")

    def _replace_goal(self, goal, *, expected_revision, at, by, change, archive=False):
        stored = self._goal(goal.id).revision
        if stored != expected_revision:
            raise stale(goal.id, stored, expected_revision)
        self._keep(goal, at, by, change)
        if archive:
            self.data["archived"].add(goal.id)

    def _delete_goals(self, goal_ids):
        for goal_id in goal_ids:
            self.data["goals"].pop(goal_id, None)
            self.data["history"].pop(goal_id, None)
            self.data["archived"].discard(goal_id)
        records = self.data["records"].items()
        self.data["records"] = {k: r for k, r in records if r.goal_id not in goal_ids}

    def _client_goal_ids(self, client_id):
        history = self.data["history"].items()
        return {i for i, kept in history if any(r.goal.client_id == client_id for r in kept)}

    def _insert_records(self, records):
        keys = [(type(record), record.id) for record in records]
        clash = next((k for k in keys if k in self.data["records"]), None) or first_repeated(keys)
        if clash is not None:
            raise taken(record_name(records[0]), clash[1])
        for key, record in zip(keys, records, strict=True):
            self._goal(record.goal_id)
            self.data["records"][key] = record

    def _replace_record(self, record):
        key = (type(record), record.id)
        if key not in self.data["records"]:
            raise NotFoundError(f"no {record_name(record)} {record.id!r} in {self.url}")
        self.data["records"][key] = record

    # --- units of work: a copy to go back to --------------------------------------------------

    def _begin_unit(self):
        self.saved = {key: copy.copy(value) for key, value in self.data.items()}
        self.saved["history"] = {k: list(v) for k, v in self.data["history"].items()}

    def _end_unit(self, *, commit):
        if not commit:
            self.data = self.saved

    def close(self):
        """Nothing to release: the data goes with the object."""


@hookimpl
def register_storage(register):
    register(StorageBackend(scheme="dict", open=DictStore))


if __name__ == "__main__":
    manager = get_plugin_manager(plugins=[sys.modules[__name__]], load_entrypoints=False)
    store = open_store("dict://", plugins=manager)
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    store.add(Goal(id="g1", client_id="alex", statement="Walk 20 minutes a day", start=start.date(),
                   created=start))  # fmt: skip
    print(type(store).__name__, [goal.id for goal in store.goals(client_id="alex")])
