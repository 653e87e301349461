"""Finding, loading, blocking and listing plug-ins.

Nothing is loaded at import time: :func:`get_plugin_manager` builds a manager when it is called, so
an app or a test can build an isolated one with exactly the plug-ins it wants::

    pm = get_plugin_manager(plugins=[MyTestPlugin()], load_entrypoints=False)

Built-in plug-ins are ordinary modules registered through the same hooks as third-party code, and
can be blocked the same way. A third-party plug-in that fails to import, or implements a hook that
does not exist, is reported in :attr:`PluginManager.load_failures` (and logged) while the rest keep
working. What an installed plug-in contributes wrongly (a name another plug-in registered first, a
hook that returns its items instead of registering them, a hook function without ``@hookimpl``) is
left out and reported in :attr:`PluginManager.problems`: one plug-in's mistake never stops the
others, and never leads to advice to turn a built-in off. The caller's own plug-in objects
(``plugins=``) are code the caller can fix, so their mistakes raise :class:`PluginError` instead.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any, TypeVar

import attrs
import pluggy

from therapy_goals import hookspecs
from therapy_goals._version import installed_version
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
    "PluginProblem",
    "default_plugin_manager",
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
    "therapy_goals.smart.languages.spanish",
    "therapy_goals.smart.languages.german",
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


@attrs.frozen
class PluginProblem:
    """Something a loaded plug-in did wrong, left out so that the rest keep working.

    ``hook`` is the hook it happened in (``register_rules``), ``message`` says what was left out
    and how the plug-in's author fixes it.
    """

    plugin: str
    hook: str
    message: str


_REGISTERED_KIND = {
    "register_rules": "rule",
    "register_templates": "template",
    "register_storage": "backend",
    "register_questionnaires": "questionnaire",
    "register_exporters": "exporter",
    "register_languages": "language",
}
"""What each contributing hook's ``register`` takes, named as its fix message names it."""


def did_you_mean(typed: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the known name closest to ``typed``, or ``""`` if none is.

    Among names equally similar, the one fewest edits away wins: 'S1O1' (a letter O typed for
    a zero) is 'S101', not 'S110', although both share three characters with it."""
    close = difflib.get_close_matches(typed, list(known), n=3, cutoff=0.75)
    if not close:
        return ""
    return f"; did you mean {min(close, key=lambda name: _edits(typed, name))!r}?"


def _edits(typed: str, name: str) -> int:
    """How many characters must change to turn ``typed`` into ``name`` (by difflib's matching)."""
    matcher = difflib.SequenceMatcher(a=typed, b=name)
    return sum(
        max(end_a - start_a, end_b - start_b)
        for tag, start_a, end_a, start_b, end_b in matcher.get_opcodes()
        if tag != "equal"
    )


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
        self._own: set[str] = set()
        self._problems: dict[PluginProblem, None] = {}
        self._contributors: dict[str, dict[str, str]] = {}

    def is_builtin(self, plugin_name: str) -> bool:
        """Whether ``plugin_name`` is one of the :data:`BUILTIN_PLUGINS`."""
        return plugin_name in self._builtin

    def describe(self, plugin_name: str) -> str:
        """The plug-in's name with ``(built-in)`` or its version, as listings show it."""
        if self.is_builtin(plugin_name):
            return f"{plugin_name} (built-in)"
        version = self._versions.get(plugin_name)
        return f"{plugin_name} ({version})" if version else plugin_name

    @property
    def problems(self) -> list[PluginProblem]:
        """What loaded plug-ins contributed wrongly and was left out, in the order it was found.

        Filled as contributions are gathered (``rules()``, ``templates()``, ...), and at
        registration for hook functions that lack ``@hookimpl``; :meth:`gather_all` gathers every
        kind at once, as ``therapy-goals plugins`` does.
        """
        return list(self._problems)

    def contributors(self, hook_name: str) -> dict[str, str]:
        """Which plug-in registered each item of ``hook_name`` (``{"S101": "therapy_goals...."}``),
        as found the last time that kind was gathered."""
        return dict(self._contributors.get(hook_name, {}))

    def gather_all(self) -> None:
        """Gather every kind of contribution once, so that :attr:`problems` is complete."""
        self.rules()
        self.templates()
        self.storage_backends()
        self.questionnaires()
        self.exporters()
        self.languages()

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """Register ``plugin`` like pluggy does, then look for hook functions it forgot to mark.

        A function named like a hook but without ``@hookimpl`` is ignored by pluggy, so the
        plug-in would silently contribute nothing; here it is a problem naming the fix.
        """
        plugin_name = super().register(plugin, name)
        if plugin_name is not None:
            for attribute in _unmarked_hooks(plugin, self.project_name):
                self._problem(
                    plugin_name,
                    attribute,
                    f"{attribute} is not marked with @hookimpl, so it is never called; add "
                    "`from therapy_goals import hookimpl` and put @hookimpl on the line above it",
                )
        return plugin_name

    def _problem(self, plugin_name: str, hook_name: str, message: str) -> None:
        """Record (or, for the caller's own plug-in, raise) what ``plugin_name`` did wrong."""
        if plugin_name in self._own:
            raise PluginError(f"plug-in {plugin_name!r}: {message}")
        problem = PluginProblem(plugin_name, hook_name, message)
        if problem not in self._problems:
            self._problems[problem] = None
            logger.warning("plug-in %r: %s", plugin_name, message)

    def _unknown_hooks(self, plugin_name: str) -> list[str]:
        """Hooks ``plugin_name`` implements that no hookspec defines, each with a suggestion."""
        plugin = self.get_plugin(plugin_name)
        known = [name for name in dir(hookspecs) if _is_spec(getattr(hookspecs, name))]
        return [
            f"unknown hook {caller.name!r}{did_you_mean(caller.name, known)}"
            for caller in self.get_hookcallers(plugin) or ()
            if caller.spec is None
        ]

    def unknown_blocked(self) -> tuple[str, ...]:
        """Blocked names that no built-in or installed plug-in has: most likely misspelt."""
        if not self.blocked_names:  # the usual case: no need to read the entry points (~18 ms)
            return ()
        known = self._known_names()
        return tuple(name for name in self.blocked_names if name not in known)

    def blocked_warnings(self) -> list[str]:
        """A sentence for each blocked name no plug-in has, with the name most likely meant."""
        unknown = self.unknown_blocked()
        if not unknown:
            return []
        known = sorted(self._known_names())
        return [
            f"{DISABLE_PLUGINS_ENV} names {name!r}, which no plug-in has"
            + (did_you_mean(name, known) or "; `therapy-goals plugins` lists their names")
            for name in unknown
        ]

    @staticmethod
    def _known_names() -> set[str]:
        return set(BUILTIN_PLUGINS) | {e.name for e in entry_points(group=PROJECT_NAME)}

    def register_builtins(self) -> None:
        """Register :data:`BUILTIN_PLUGINS` (those not blocked) under their module names."""
        for module_name in BUILTIN_PLUGINS:
            if self.is_blocked(module_name):
                continue
            self.register(importlib.import_module(module_name), name=module_name)
            self._versions[module_name] = installed_version()
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
                unknown = self._unknown_hooks(name)
                if unknown:
                    raise pluggy.PluginValidationError(name, "; ".join(unknown))
                self.check_pending()
            except Exception as error:
                if self.has_plugin(name):
                    self.unregister(name=name)
                self._problems = {p: None for p in self._problems if p.plugin != name}
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
        """Every registered exporter by name (a clash or a bad value: see :meth:`_named`)."""
        found = self._collect_named("register_exporters", Exporter, lambda e: e.name)
        return {name: exporter for name, (_, exporter) in found.items()}

    def rules(self) -> dict[str, Rule]:
        """Every registered SMART rule by code.

        Each plug-in owns the letters of its codes (``S`` for ``S101``, ``SLP`` for ``SLP101``):
        the first plug-in to register a code with some letters owns them, and another plug-in's
        rules with the same letters are left out and reported in :attr:`problems`.
        """
        found = self._collect_named("register_rules", Rule, lambda r: r.code)
        prefix_owners: dict[str, str] = {}
        kept: dict[str, Rule] = {}
        for code, (plugin_name, rule) in found.items():
            owner = prefix_owners.setdefault(rule.prefix, plugin_name)
            if owner != plugin_name:
                self._problem(
                    plugin_name,
                    "register_rules",
                    f"register_rules: {code!r} is left out: the code letters {rule.prefix!r} "
                    f"belong to {owner!r}; give the plug-in's rules letters of their own "
                    "(e.g. SLP for SLP101)",
                )
                self._contributors["register_rules"].pop(code, None)
                continue
            kept[code] = rule
        return kept

    def questionnaires(self) -> dict[str, Questionnaire]:
        """Every registered questionnaire by code (a clash or a bad value: see :meth:`_named`)."""
        found = self._collect_named("register_questionnaires", Questionnaire, lambda q: q.code)
        return {code: questionnaire for code, (_, questionnaire) in found.items()}

    def languages(self) -> dict[str, Language]:
        """Every registered language by code (a clash or a bad value: see :meth:`_named`)."""
        found = self._collect_named("register_languages", Language, lambda language: language.code)
        return {code: language for code, (_, language) in found.items()}

    def storage_backends(self) -> dict[str, StorageBackend]:
        """Every registered storage backend by URL scheme (a clash: see :meth:`_named`)."""
        found = self._collect_named("register_storage", StorageBackend, lambda b: b.scheme)
        return {scheme: backend for scheme, (_, backend) in found.items()}

    def templates(self) -> TemplateCatalog:
        """Every registered template by id, with the data files that could not be loaded.

        A template id registered twice: see :meth:`_named`.
        """
        problems: list[TemplateProblem] = []
        registrations: list[tuple[str, Any]] = []
        for plugin_name, value in self._registrations("register_templates"):
            if isinstance(value, TemplateProblem):
                problem = attrs.evolve(value, plugin=value.plugin or plugin_name)
                problems.append(problem)
                logger.warning("template file %s was not loaded: %s", problem.source, problem.error)
            else:
                registrations.append((plugin_name, value))
        found = self._named(
            "register_templates", registrations, Template, lambda template: template.id
        )
        return TemplateCatalog(
            {template_id: template for template_id, (_, template) in found.items()},
            tuple(problems),
        )

    def _collect_named(
        self, hook_name: str, kind: type[T], key: Callable[[T], str]
    ) -> dict[str, tuple[str, T]]:
        """What a ``register_*`` hook registered, by name, with the plug-in that registered it."""
        return self._named(hook_name, self._registrations(hook_name), kind, key)

    def _named(
        self,
        hook_name: str,
        registrations: Iterable[tuple[str, Any]],
        kind: type[T],
        key: Callable[[T], str],
    ) -> dict[str, tuple[str, T]]:
        """Registrations by name. A value of the wrong kind, or a name registered before (the
        built-ins register first), is left out and reported in :attr:`problems` as the later
        plug-in's, naming both; for the caller's own plug-in (``plugins=``) it is raised as a
        :class:`PluginError`."""
        found: dict[str, tuple[str, T]] = {}
        for plugin_name, value in registrations:
            if not isinstance(value, kind):
                self._problem(
                    plugin_name,
                    hook_name,
                    f"passed a {type(value).__name__} to {hook_name}, which takes "
                    f"{kind.__name__} objects",
                )
                continue
            name = key(value)
            if name in found:
                owner = found[name][0]
                self._problem(
                    plugin_name,
                    hook_name,
                    f"{hook_name}: {name!r} is left out: {owner!r} registered it first; "
                    f"give the plug-in's {_REGISTERED_KIND.get(hook_name, 'item')} another name"
                    + (
                        f", or leave the plug-in out with {DISABLE_PLUGINS_ENV}={plugin_name}"
                        if plugin_name not in self._builtin and plugin_name not in self._own
                        else ""
                    ),
                )
                continue
            found[name] = (plugin_name, value)
        self._contributors[hook_name] = {name: plugin for name, (plugin, _) in found.items()}
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

        Implementations run in the order their plug-ins were registered (built-ins first), so that
        on a clash the item registered first is kept and the later one is reported.
        """
        caller: pluggy.HookCaller = getattr(self.hook, hook_name)
        registered: list[tuple[str, Any]] = []
        for impl in caller.get_hookimpls():

            def register(value: Any, _plugin: str = impl.plugin_name) -> None:
                registered.append((_plugin, value))

            arguments = {"register": register}
            before = len(registered)
            try:
                returned = impl.function(**{arg: arguments[arg] for arg in impl.argnames})
            except PluginError:
                raise
            except Exception as error:
                del registered[before:]
                if impl.plugin_name in self._own:
                    raise PluginError(
                        f"plug-in {impl.plugin_name!r} failed in {hook_name}: "
                        f"{type(error).__name__}: {error}"
                    ) from error
                self._problem(
                    impl.plugin_name,
                    hook_name,
                    f"failed in {hook_name}: {type(error).__name__}: {error}; nothing it "
                    "registered there is used",
                )
                continue
            if returned is not None:
                kind = _REGISTERED_KIND.get(hook_name, "item")
                self._problem(
                    impl.plugin_name,
                    hook_name,
                    f"{hook_name} returned a {type(returned).__name__}, which is ignored; call "
                    f"register({kind}) once for each {kind} instead of returning them",
                )
        return registered


def _is_spec(value: object) -> bool:
    return getattr(value, f"{PROJECT_NAME}_spec", None) is not None


def _unmarked_hooks(plugin: object, project_name: str) -> list[str]:
    """Functions of ``plugin`` named exactly like a hook that lack the ``@hookimpl`` mark."""
    unmarked = []
    for name in dir(plugin):
        if not name.startswith(("register_", "goal_", "review_")):
            continue
        if not _is_spec(getattr(hookspecs, name, None)):
            continue
        value = inspect.getattr_static(plugin, name)  # never runs a property
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        if inspect.isfunction(value) and not hasattr(value, f"{project_name}_impl"):
            unmarked.append(name)
    return unmarked


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
            name = _readable_name(manager, plugin)
            manager._own.add(name)
            manager.register(plugin, name=name)
            unknown = manager._unknown_hooks(name)
            if unknown:
                raise PluginError(f"plug-in {name!r}: " + "; ".join(unknown))
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(str(error)) from error
    return manager


_shared: dict[tuple[str, tuple[str, ...]], PluginManager] = {}
_shared_lock = threading.Lock()


def default_plugin_manager() -> PluginManager:
    """The manager used when none is given (``open_store(url)``, ``Checker()``), shared.

    Building a manager costs about 10 ms (most of it finding entry points), which adds up when
    an app or a test suite opens many stores. The shared one is built on first use, and again
    whenever ``THERAPY_GOALS_DISABLE_PLUGINS`` or ``sys.path`` has changed; a plug-in installed
    into a folder already on ``sys.path`` while the process runs is seen by
    :func:`get_plugin_manager`, not here. Pass ``plugins=`` to choose exactly.
    """
    key = (os.environ.get(DISABLE_PLUGINS_ENV, ""), tuple(sys.path))
    with _shared_lock:
        manager = _shared.get(key)
        if manager is None:
            _shared.clear()
            manager = _shared[key] = get_plugin_manager()
        return manager
