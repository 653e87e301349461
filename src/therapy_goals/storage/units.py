"""Units of work, and telling plug-ins about committed saves.

:meth:`UnitOfWork.transaction` is shared by every backend: nested blocks join the outermost one,
and a backend only begins and ends that one (``_begin_unit``, ``_end_unit``). Goals saved in a
unit are announced to the ``goal_saved`` hooks once it commits, never for a rolled-back one; an
erasure's ``_after_purge`` runs after the commit too, outside any transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from therapy_goals.errors import PluginError, StorageError
from therapy_goals.model import Goal
from therapy_goals.plugins import PluginManager
from therapy_goals.storage.backend import Backend

__all__ = ["UnitOfWork"]


class UnitOfWork(Backend):
    """A backend with shared units of work and ``goal_saved`` announcements."""

    plugins: PluginManager | None = None
    """The plug-ins told about saved goals; ``open_store`` sets it, ``None`` tells no one.

    Questionnaires (for checking scores) come from these plug-ins too, or from the default
    plug-ins when it is ``None``."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A unit of work: the writes inside are committed together when the block ends, and
        rolled back if it raises. Nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise StorageError(
                f"{self.url}: is open for reading only (its files are not writable by this "
                "process); nothing was changed"
            )
        self._begin_unit()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._unannounced = None
            self._purged = False
            self._end_unit(commit=False)
            raise
        self._depth = 0
        self._end_unit(commit=True)
        if self._purged:
            self._purged = False
            self._after_purge()
        self._announce_saved()

    _depth: int = 0
    """How deep the current unit of work is nested (0: none)."""

    _unannounced: list[tuple[Goal, Goal | None]] | None = None
    """Goals saved in the current unit of work, with their previous revision, for ``goal_saved``."""

    _purged: bool = False
    """Whether the current unit of work erased a client (``_after_purge`` runs after it)."""

    def _listening(self) -> bool:
        """Whether any plug-in wants ``goal_saved``; if not, nothing is queued for it."""
        return self.plugins is not None and self.plugins.listens_for("goal_saved")

    def _announce(self, saved: Iterable[tuple[Goal, Goal | None]]) -> None:
        """Queue ``(goal, previous revision)`` pairs for ``goal_saved`` once the unit commits."""
        if not self._listening():
            return
        if self._unannounced is None:
            self._unannounced = []
        self._unannounced.extend(saved)

    def _announce_saved(self) -> None:
        pending, self._unannounced = self._unannounced, None
        if not pending or self.plugins is None:
            return
        failures: list[str] = []
        for goal, previous in pending:  # every goal is announced, even after a plug-in failed
            try:
                self.plugins.notify("goal_saved", goal=goal, previous=previous)
            except PluginError as error:
                failures.append(f"goal {goal.id!r}: {error}")
        if failures:
            raise PluginError(
                "after the save was committed (the goals are saved): " + "; ".join(failures)
            )
