"""The hooks a therapy-goals plug-in can implement; these docstrings are their reference docs.

A plug-in is any module or object with functions decorated by :data:`hookimpl` whose names match
the hooks below. Third-party plug-ins announce themselves with an entry point in the
``therapy_goals`` group, in the ``pyproject.toml`` of the plug-in:

```toml
[project.entry-points.therapy_goals]
my_templates = "my_package.plugin"
```

The built-in rules, templates, storage backends and exporters register through these same hooks.
Hooks that contribute things (rules, templates, backends, ...) take a ``register`` callback rather
than returning values, so the host knows which plug-in registered what and can name it in errors
(for instance when two plug-ins claim the same name).

A hook implementation may accept only some of a hook's arguments; pluggy passes the ones it names.
A function named like a hook but not marked with ``@hookimpl``, a misspelt hook name, or a
``register_*`` hook that returns its items instead of registering them is reported with its fix
(see :attr:`therapy_goals.plugins.PluginManager.problems`). Every example below is run by the
library's tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import cattrs

    from therapy_goals.contracts.exporters import Exporter
    from therapy_goals.model import Goal, Review

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

PROJECT_NAME = "therapy_goals"
"""The pluggy project name and the entry-point group plug-ins are found in."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Mark a plug-in function as the implementation of the hook with the same name."""


@hookspec
def register_rules(register: Callable[[Any], None]) -> None:
    """Contribute SMART rules: the checks that tell a client and therapist what a goal still lacks.

    Called each time the rules are gathered: whenever a :class:`~therapy_goals.smart.Checker`
    is made (``check()`` makes one per call), and by ``therapy-goals rules``. So build the rules
    once, at import, and only register them here. Call ``register(rule)`` once for each
    :class:`~therapy_goals.Rule`. Each plug-in owns the letters of its codes: the built-ins have
    ``S``, ``M``, ``A``, ``R`` and ``T``, so a plug-in picks letters of its own (``SLP`` for
    ``SLP101``); a rule whose letters another plug-in registered first, or a code registered
    twice, is left out and reported naming both plug-ins. Returns nothing.

    Example::

        from therapy_goals import Advice, Severity, hookimpl, rule


        @rule(
            "SLP101",
            "specific.sleep-without-bedtime",
            Severity.INFO,
            summary="A sleep goal names no bedtime",
            what="A goal in the sleep area whose statement names no time to go to bed.",
            why="A fixed bedtime is the part of a sleep routine a client can act on tonight.",
            example="Sleep better",
            better="Be in bed by 10:30 pm on 5 nights a week for 4 weeks",
        )
        def sleep_without_bedtime(subject, context, options):
            if subject.goal.area == "sleep" and subject.facts.time_of_day is None:
                yield Advice(
                    message="This sleep goal does not say when to go to bed.",
                    suggestion="Add a bedtime, e.g. 'in bed by 10:30 pm'.",
                    field="statement",
                )


        @hookimpl
        def register_rules(register):
            register(sleep_without_bedtime)
    """


@hookspec
def register_templates(register: Callable[[Any], None]) -> None:
    """Contribute goal templates (e.g. ``anxiety.mindfulness-practice``).

    Called when templates are listed or used (``PluginManager.templates()``). Call
    ``register(template)`` once for each :class:`therapy_goals.templates.Template`, whether built
    in code or loaded from a data file the plug-in ships; ``templates_in_folder`` also yields a
    ``TemplateProblem`` for a bad file, which the host reports while the others still load.
    Duplicate template ids are an error naming both plug-ins. Returns nothing.

    A plug-in with a folder of data files registers them all with
    ``for item in templates_in_folder(files("my_package") / "templates"): register(item)``.

    Example::

        from therapy_goals import hookimpl
        from therapy_goals.templates import parse_template

        WALK_WITH_A_FRIEND = parse_template(
            '''
            id = "activity.walk-with-a-friend"
            title = "Walk with a friend"
            area = "physical-activity"
            version = "1"
            description = "A weekly walk with someone the client enjoys."

            [goal]
            statement = "Walk with a friend for 30 minutes every week for the next 6 weeks"
            horizon_weeks = 6
            ''',
            "my_package/templates/walk-with-a-friend.toml",
        )


        @hookimpl
        def register_templates(register):
            register(WALK_WITH_A_FRIEND)
    """


@hookspec
def register_storage(register: Callable[[Any], None]) -> None:
    """Contribute a storage backend, chosen by the scheme of a store URL.

    Called when a store is opened by URL (``sqlite:///goals.db``, ``memory://``). Call
    ``register(backend)`` with a backend that names its URL scheme and opens a store for a URL.
    A scheme registered twice is an error naming both plug-ins. Returns nothing.

    ``open`` takes the whole URL and returns a :class:`~therapy_goals.storage.Store`;
    ``examples/dict_store.py`` is a complete backend, and docs/storage.md lists each method a
    backend implements and the contract suite it must pass.

    Example::

        from therapy_goals import StorageBackend, hookimpl
        from therapy_goals.storage.memory import MemoryStore


        class ScratchStore(MemoryStore):
            capabilities = MemoryStore.capabilities  # in memory, gone when closed


        @hookimpl
        def register_storage(register):
            register(StorageBackend(scheme="scratch", open=ScratchStore))
    """


@hookspec
def register_questionnaires(register: Callable[[Any], None]) -> None:
    """Contribute standardised questionnaires and measures (e.g. PHQ-9, GAD-7).

    Called whenever the questionnaires are gathered: when a checker is made, when ``score`` or a
    store looks a code up. Call ``register(questionnaire)`` once for each, with a
    :class:`therapy_goals.Questionnaire`; its code (``wsas``) is what ``Measure.questionnaire``
    refers to. Its bands must cover every total from the lowest to the highest without gap or
    overlap. Duplicate codes are an error naming both plug-ins. Returns nothing.

    The example registers the Work and Social Adjustment Scale (Mundt et al. 2002: 5 items scored
    0-8; below 10 subclinical, 10-20 significant impairment, above 20 moderately severe or worse).

    Example::

        from therapy_goals import Band, Questionnaire, hookimpl


        @hookimpl
        def register_questionnaires(register):
            register(
                Questionnaire(
                    code="wsas",
                    name="Work and Social Adjustment Scale",
                    items=5,
                    item_min=0,
                    item_max=8,
                    bands=(
                        Band(low=0, high=9, label="subclinical"),
                        Band(low=10, high=20, label="significant impairment"),
                        Band(low=21, high=40, label="moderately severe or worse"),
                    ),
                    cutoff=10,
                    reliable_change=8.0,  # take it from the scale's own validation study
                    attribution="Mundt JC et al. (2002), Br J Psychiatry 180:461-464",
                )
            )
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Contribute an exporter: a format a client's whole record can be written in.

    Called when exporters are listed or one is looked up by name (for instance by
    ``therapy-goals example --format NAME``). Call ``register(exporter)`` with a
    :class:`therapy_goals.exporters.Exporter`; its ``name`` is what users select. A name registered
    twice is an error naming both plug-ins. Returns nothing.

    Example::

        from therapy_goals import Exporter, hookimpl


        def write_markdown(record):
            lines = [f"- {goal.statement} ({goal.status.value})" for goal in record.goals]
            return ("\\n".join(lines) + "\\n").encode()


        @hookimpl
        def register_exporters(register):
            register(
                Exporter(
                    name="markdown",
                    description="A readable summary",
                    media_type="text/markdown",
                    suffix=".md",
                    write=write_markdown,
                )
            )
    """


@hookspec
def register_converter_hooks(converter: cattrs.Converter) -> None:
    """Teach a converter built with ``make_converter(plugins=...)`` about a plug-in's own types.

    Called once for each converter made with a plug-in manager, after the library's own
    configuration, so a plug-in can add or override structure and unstructure hooks for the types
    it brings (a backend's row type, an exporter's intermediate form). Returns nothing.

    Example::

        from decimal import Decimal

        from therapy_goals import hookimpl


        @hookimpl
        def register_converter_hooks(converter):
            converter.register_unstructure_hook(Decimal, str)
    """


@hookspec
def goal_saved(goal: Goal, previous: Goal | None) -> None:
    """React to a goal being saved: send a reminder, update a dashboard, audit the change.

    Called by a store opened with ``open_store`` (which gives the store its plug-in manager) once
    for each goal it added, updated or archived, after the write is committed: at the end of the
    outermost ``store.transaction()``, never for a rolled-back one. ``previous`` is the revision it
    replaced, or ``None`` when the goal is new. An exception here cannot undo the save: every
    other plug-in and goal is still told, then the store raises ``PluginError`` naming the
    plug-in. Keep it quick, and never log the statement or notes above DEBUG level. Returns
    nothing.

    Example::

        import logging

        from therapy_goals import hookimpl

        logger = logging.getLogger("my_package")


        @hookimpl
        def goal_saved(goal, previous):
            if previous is not None and previous.status != goal.status:
                # ids and the status only: never the statement or notes above DEBUG
                logger.info("goal %s is now %s", goal.id, goal.status.value)
    """


@hookspec
def review_recorded(review: Review, goal: Goal) -> None:
    """React to a review of ``goal`` being recorded, for instance to celebrate its wins.

    Called by ``record_review`` after the review and the goal's change are committed, with the
    plug-in manager it was given or else the store's own (set by ``open_store``); ``goal`` is the
    goal as it stands after the review's decision was applied. As with ``goal_saved``, a failure
    is raised as ``PluginError`` after every plug-in has been told. Returns nothing.

    Example::

        from therapy_goals import hookimpl

        celebrations = []


        @hookimpl
        def review_recorded(review, goal):
            for win in review.wins:
                celebrations.append((goal.client_id, win))  # e.g. to show in the client's app
    """


@hookspec
def register_languages(register: Callable[[Any], None]) -> None:
    """Contribute a language the statement reader can read plain goal statements in.

    Called whenever the languages are gathered: each time a checker is made. Call
    ``register(language)`` with a :class:`therapy_goals.contracts.Language`: its ``code`` (``es``)
    is what ``check(text, language="es")`` selects, ``read(statement, today)`` returns the
    statement's :class:`~therapy_goals.contracts.statements.StatementFacts`, and its
    ``function_words`` choose it for a statement when no language is named; an optional
    ``translate`` turns the built-in rules' English messages into the language. English (``en``),
    Spanish (``es``) and German (``de``) are built in through this hook. A code registered twice
    is an error naming both plug-ins. Returns nothing.

    The example's reader is a toy that only finds the verb "camminare"; a real one reads numbers,
    cadences, horizons and the rest of :class:`~therapy_goals.contracts.statements.StatementFacts`
    (docs/languages.md walks through the German pack).

    Example::

        from therapy_goals import hookimpl
        from therapy_goals.contracts import Language
        from therapy_goals.contracts.statements import StatementFacts


        def leggi_obiettivo(statement, today):
            words = statement.lower().split()
            return StatementFacts(
                text=statement,
                normalised=" ".join(words),
                action_verbs=("camminare",) if "camminare" in words else (),
            )


        @hookimpl
        def register_languages(register):
            register(
                Language(
                    code="it",
                    name="Italiano",
                    read=leggi_obiettivo,
                    function_words={"il", "la", "di", "e", "ogni", "settimana", "per"},
                )
            )
    """
