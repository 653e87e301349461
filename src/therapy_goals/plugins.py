"""Finding, loading, blocking and listing plug-ins.

Nothing is loaded at import time: :func:`get_plugin_manager` builds a manager when it is called, so
an app or a test can build an isolated one with exactly the plug-ins it wants::

    pm = get_plugin_manager(plugins=[MyTestPlugin()], load_entrypoints=False)

Built-in plug-ins are ordinary modules registered through the same hooks as third-party code, and
can be blocked the same way. A third-party plug-in that fails to import, or implements a hook that
does not exist, is reported in :attr:`PluginManager.load_failures` (and logged) while the rest keep
working.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any, TypeVar

import attrs
import pluggy

from therapy_goals import hookspecs
from therapy_goals._version import __version__
from therapy_goals.contracts import (
    Exporter,
    Language,
    Questionnaire,
    Rule,
    StorageBackend,
    Template,
    TemplateCatalog,
    TemplateProblem,
)
from therapy_goals.errors import PluginError
from therapy_goals.hookspecs import PROJECT_NAME

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_PLUGINS_ENV",
    "PluginFailure",
    "PluginInfo",
    "PluginManager",
    "get_plugin_manager",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

BUILTIN_PLUGINS: tuple[str, ...] = (
    "therapy_goals.smart.rules",
    "therapy_goals.templates.builtin",
    "therapy_goals.storage.builtin",
    "therapy_goals.progress.questionnaires",
    "therapy_goals.exchange.exporters",
    "therapy_goals.smart.languages",
)
"""Modules registered as plug-ins by every manager, under their module names."""

DISABLE_PLUGINS_ENV = "THERAPY_GOALS_DISABLE_PLUGINS"
"""Environment variable: comma-separated plug-in names that are not loaded."""


@attrs.frozen
class PluginInfo:
    """What ``therapy-goals plugins`` shows about one registered plug-in."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool


@attrs.frozen
class PluginFailure:
    """A plug-in that could not be loaded, and why."""

    name: str
    distribution: str | None
    version: str | None
    error: str


class PluginManager(pluggy.PluginManager):
    """A pluggy manager for the ``therapy_goals`` hooks, with typed access to what plug-ins add.

    The rest of the library asks this manager (``pm.exporters()``, ``pm.notify(...)``), never
    ``pm.hook.*`` directly, so validation of what plug-ins contribute, and the handling of a
    plug-in that fails, live in one place.
    """

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.load_failures: list[PluginFailure] = []
        self.blocked_names: tuple[str, ...] = ()
        """The plug-ins left out on purpose (``block=`` and ``THERAPY_GOALS_DISABLE_PLUGINS``)."""
        self._versions: dict[str, str | None] = {}
        self._builtin: set[str] = set()

    def unknown_blocked(self) -> tuple[str, ...]:
        """Blocked names that no built-in or installed plug-in has: most likely misspelt."""
        known = set(BUILTIN_PLUGINS) | {e.name for e in entry_points(group=PROJECT_NAME)}
        return tuple(name for name in self.blocked_names if name not in known)

    def register_builtins(self) -> None:
        """Register :data:`BUILTIN_PLUGINS` (those not blocked) under their module names."""
        for module_name in BUILTIN_PLUGINS:
            if self.is_blocked(module_name):
                continue
            self.register(importlib.import_module(module_name), name=module_name)
            self._versions[module_name] = __version__
            self._builtin.add(module_name)

    def load_entrypoint_plugins(self) -> None:
        """Load every plug-in in the ``therapy_goals`` entry-point group that is not blocked.

        A plug-in that fails to import or register, or that implements an unknown hook, is left out
        and recorded in :attr:`load_failures`.
        """
        for entry_point in entry_points(group=PROJECT_NAME):
            name = entry_point.name
            if self.is_blocked(name) or self.has_plugin(name):
                continue
            dist = entry_point.dist
            dist_name = dist.metadata["Name"] if dist is not None else None
            version = dist.version if dist is not None else None
            try:
                self.register(entry_point.load(), name=name)
                self.check_pending()
            except Exception as error:
                if self.has_plugin(name):
                    self.unregister(name=name)
                failure = PluginFailure(
                    name, dist_name, version, f"{type(error).__name__}: {error}"
                )
                self.load_failures.append(failure)
                logger.warning(
                    "plug-in %r from %s %s was not loaded: %s",
                    name,
                    dist_name,
                    version,
                    failure.error,
                )
                continue
            self._versions[name] = version

    def plugin_infos(self) -> list[PluginInfo]:
        """Each registered plug-in with its version and the hooks it implements, sorted by name."""
        infos = []
        for name, plugin in self.list_name_plugin():
            if plugin is None:  # blocked names stay in pluggy's table with no plug-in
                continue
            hooks = sorted(caller.name for caller in self.get_hookcallers(plugin) or ())
            infos.append(
                PluginInfo(name, self._versions.get(name), tuple(hooks), name in self._builtin)
            )
        return sorted(infos, key=lambda info: info.name)

    def exporters(self) -> dict[str, Exporter]:
        """Every registered exporter by name; :class:`PluginError` on a clash or a bad value."""
        found = self._collect_named("register_exporters", Exporter, lambda e: e.name)
        return {name: exporter for name, (_, exporter) in found.items()}

    def rules(self) -> dict[str, Rule]:
        """Every registered SMART rule by code.

        Each plug-in owns the letter prefix of its codes (``S`` for ``S101``): a prefix used by two
        plug-ins, or a code registered twice, is a :class:`PluginError` naming both plug-ins.
        """
        found = self._collect_named("register_rules", Rule, lambda r: r.code)
        prefix_owners: dict[str, str] = {}
        for plugin_name, rule in found.values():
            owner = prefix_owners.setdefault(rule.prefix, plugin_name)
            if owner != plugin_name:
                raise PluginError(
                    f"rule prefix {rule.prefix!r} is used by both {owner!r} and {plugin_name!r} "
                    f"({rule.code}); each plug-in must use code letters of its own"
                )
        return {code: rule for code, (_, rule) in found.items()}

    def questionnaires(self) -> dict[str, Questionnaire]:
        """Every registered questionnaire by code; a code registered twice names both plug-ins."""
        found = self._collect_named("register_questionnaires", Questionnaire, lambda q: q.code)
        return {code: questionnaire for code, (_, questionnaire) in found.items()}

    def languages(self) -> dict[str, Language]:
        """Every registered language by code; a code registered twice names both plug-ins."""
        found = self._collect_named("register_languages", Language, lambda language: language.code)
        return {code: language for code, (_, language) in found.items()}

    def storage_backends(self) -> dict[str, StorageBackend]:
        """Every registered storage backend by URL scheme; a scheme registered twice is a
        :class:`PluginError` naming both plug-ins."""
        found = self._collect_named("register_storage", StorageBackend, lambda b: b.scheme)
        return {scheme: backend for scheme, (_, backend) in found.items()}

    def templates(self) -> TemplateCatalog:
        """Every registered template by id, with the data files that could not be loaded.

        A template id registered twice is a :class:`PluginError` naming both plug-ins.
        """
        problems: list[TemplateProblem] = []
        owners: dict[str, str] = {}
        found: dict[str, Template] = {}
        for plugin_name, value in self._registrations("register_templates"):
            if isinstance(value, TemplateProblem):
                problem = attrs.evolve(value, plugin=value.plugin or plugin_name)
                problems.append(problem)
                logger.warning("template file %s was not loaded: %s", problem.source, problem.error)
                continue
            if not isinstance(value, Template):
                raise PluginError(
                    f"plug-in {plugin_name!r} passed a {type(value).__name__} to "
                    "register_templates; it takes Template objects"
                )
            if value.id in owners:
                raise PluginError(
                    f"template {value.id!r} is registered by both {owners[value.id]!r} and "
                    f"{plugin_name!r}; block one with {DISABLE_PLUGINS_ENV}={plugin_name}"
                )
            owners[value.id] = plugin_name
            found[value.id] = value
        return TemplateCatalog(found, tuple(problems))

    def _collect_named(
        self, hook_name: str, kind: type[T], key: Callable[[T], str]
    ) -> dict[str, tuple[str, T]]:
        """What a ``register_*`` hook registered, by name, with the plug-in that registered it."""
        owners: dict[str, str] = {}
        found: dict[str, tuple[str, T]] = {}
        for plugin_name, value in self._registrations(hook_name):
            if not isinstance(value, kind):
                raise PluginError(
                    f"plug-in {plugin_name!r} passed a {type(value).__name__} to {hook_name}; "
                    f"it takes {kind.__name__} objects"
                )
            name = key(value)
            if name in owners:
                raise PluginError(
                    f"{name!r} is registered by both {owners[name]!r} and {plugin_name!r} "
                    f"({hook_name}); block one with {DISABLE_PLUGINS_ENV}={plugin_name}"
                )
            owners[name] = plugin_name
            found[name] = (plugin_name, value)
        return found

    def listens_for(self, hook_name: str) -> bool:
        """Whether any plug-in implements the event hook ``hook_name``, so callers can skip work."""
        caller: pluggy.HookCaller = getattr(self.hook, hook_name)
        return bool(caller.get_hookimpls())

    def notify(self, hook_name: str, **arguments: Any) -> None:
        """Tell every plug-in of an event (``goal_saved``, ``review_recorded``).

        Each implementation is called even if an earlier one fails, so one plug-in's bug does not
        keep the others uninformed; afterwards a :class:`PluginError` names each plug-in that
        failed and what it raised.
        """
        caller: pluggy.HookCaller = getattr(self.hook, hook_name)
        failures = []
        for impl in reversed(caller.get_hookimpls()):
            try:
                impl.function(**{arg: arguments[arg] for arg in impl.argnames})
            except Exception as error:  # reported below, after the others have heard
                failures.append(f"{impl.plugin_name!r}: {type(error).__name__}: {error}")
        if failures:
            raise PluginError(f"{hook_name} failed in plug-in " + "; ".join(failures))

    def _registrations(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call every implementation of a ``register_*`` hook, noting which plug-in registered what.

        Implementations run in pluggy's calling order (last registered first).
        """
        caller: pluggy.HookCaller = getattr(self.hook, hook_name)
        registered: list[tuple[str, Any]] = []
        for impl in reversed(caller.get_hookimpls()):

            def register(value: Any, _plugin: str = impl.plugin_name) -> None:
                registered.append((_plugin, value))

            arguments = {"register": register}
            try:
                impl.function(**{arg: arguments[arg] for arg in impl.argnames})
            except PluginError:
                raise
            except Exception as error:
                raise PluginError(
                    f"plug-in {impl.plugin_name!r} failed in {hook_name}: "
                    f"{type(error).__name__}: {error}"
                ) from error
        return registered


def _blocked_from_env(environ: Mapping[str, str] | None = None) -> list[str]:
    """The plug-in names listed in ``THERAPY_GOALS_DISABLE_PLUGINS`` (comma-separated)."""
    value = (os.environ if environ is None else environ).get(DISABLE_PLUGINS_ENV, "")
    return [name.strip() for name in value.split(",") if name.strip()]


def _readable_name(manager: PluginManager, plugin: object) -> str:
    """A name for an unnamed plug-in object that a person can recognise in an error message."""
    base = getattr(plugin, "__name__", None) or type(plugin).__qualname__
    name, number = base, 1
    while manager.has_plugin(name) or manager.is_blocked(name):
        number += 1
        name = f"{base}#{number}"
    return name


def get_plugin_manager(
    *,
    plugins: Iterable[object] = (),
    block: Iterable[str] = (),
    load_entrypoints: bool = True,
    environ: Mapping[str, str] | None = None,
) -> PluginManager:
    """Build a plug-in manager: built-ins, then entry-point plug-ins, then ``plugins``.

    ``block`` names plug-ins (entry-point names, or module names for built-ins such as
    ``therapy_goals.exchange.exporters``) that are not loaded, in addition to those in
    ``THERAPY_GOALS_DISABLE_PLUGINS``. ``environ`` replaces ``os.environ`` for that look-up.
    Objects in ``plugins`` are the caller's own, so a mistake in them raises instead of being
    reported.
    """
    manager = PluginManager()
    blocked = tuple(dict.fromkeys((*block, *_blocked_from_env(environ))))
    for name in blocked:
        manager.set_blocked(name)
    manager.blocked_names = blocked
    manager.register_builtins()
    if load_entrypoints:
        manager.load_entrypoint_plugins()
    try:
        for plugin in plugins:
            manager.register(plugin, name=_readable_name(manager, plugin))
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(str(error)) from error
    return manager
