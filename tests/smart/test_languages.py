"""Languages are plug-ins: English through the same hook as any other, chosen by name or by the
statement's own words (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest

from therapy_goals import (
    Checker,
    Criterion,
    Language,
    PluginError,
    ValidationError,
    Verdict,
    check,
    get_plugin_manager,
)
from therapy_goals.contracts.statements import Horizon, StatementFacts
from therapy_goals.hookspecs import hookimpl
from therapy_goals.smart.languages import choose_language

TODAY = date(2026, 3, 2)


def leggi(statement: str, today: date) -> StatementFacts:
    """A toy Italian reader, a third party's: "per 8 settimane" is a horizon, "camminare" an
    action."""
    words = statement.lower().split()
    horizon = None
    if "per" in words and "settimane" in words:
        weeks = int(words[words.index("per") + 1])
        horizon = Horizon(phrase=f"per {weeks} settimane", due=date(2026, 4, 27))
    return StatementFacts(
        text=statement,
        normalised=statement.lower(),
        action_verbs=("camminare",) if "camminare" in words else (),
        horizon=horizon,
    )


ITALIAN = Language(
    code="it",
    name="Italiano",
    read=leggi,
    function_words={"il", "la", "di", "e", "ogni", "settimana", "settimane", "per", "volte"},
)


class ItalianPlugin:
    @hookimpl
    def register_languages(self, register):  # type: ignore[no-untyped-def]
        register(ITALIAN)


def manager_with(*plugins: object):  # type: ignore[no-untyped-def]
    manager = get_plugin_manager(load_entrypoints=False, environ={})
    for plugin in plugins:
        manager.register(plugin)
    return manager


def test_english_is_built_in_through_the_hook() -> None:
    languages = manager_with().languages()
    assert list(languages) == ["en", "es", "de"]  # the packs shipped, all through the hook
    english = languages["en"]
    assert english.name == "English"
    facts = english.read("Walk for 20 minutes 3 times a week for 8 weeks", TODAY)
    assert facts.horizon is not None
    assert facts.horizon.due == date(2026, 4, 27)


def test_a_plugin_language_is_chosen_by_name_or_by_its_words() -> None:
    manager = manager_with(ItalianPlugin())
    assert set(manager.languages()) == {"en", "es", "de", "it"}
    statement = "Camminare 20 minuti ogni giorno per 8 settimane"
    # Chosen by its words: "ogni", "per", "settimane" are Italian function words.
    report = Checker(plugins=manager).check(statement, today=TODAY)
    assert report.verdicts[Criterion.TIME_BOUND] is Verdict.MET
    assert report.goal.due == date(2026, 4, 27)  # only the Italian reader gives this date
    # Named: the same statement read as English has no horizon the English reader can find.
    english = Checker(plugins=manager, language="en").check(statement, today=TODAY)
    assert english.goal.due is None
    assert check(statement, plugins=manager, language="it", today=TODAY).goal.due == date(
        2026, 4, 27
    )
    # An English statement stays English with the Italian plug-in installed.
    plain = "Walk for 20 minutes 3 times a week for the next 8 weeks"
    assert choose_language(plain, manager.languages()).code == "en"


def test_an_unknown_language_is_an_error_that_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match=r"language: no language 'fr'; known: de, en, es, it"):
        Checker(plugins=manager_with(ItalianPlugin()), language="fr")


def test_a_language_registered_twice_names_both_plugins() -> None:
    class Again:
        @hookimpl
        def register_languages(self, register):  # type: ignore[no-untyped-def]
            register(ITALIAN)

    installed = get_plugin_manager(load_entrypoints=False, environ={})
    installed.register(ItalianPlugin(), name="italian")
    installed.register(Again(), name="again")
    assert installed.languages()["it"] is ITALIAN  # the first one registered is kept
    [problem] = installed.problems
    assert (problem.plugin, problem.hook) == ("again", "register_languages")
    assert problem.message.startswith("register_languages: 'it' is left out: 'italian'")
    own = get_plugin_manager(plugins=[ItalianPlugin(), Again()], load_entrypoints=False, environ={})
    with pytest.raises(PluginError, match="'it' is left out: 'ItalianPlugin' registered it first"):
        own.languages()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "Italiano!"}, "code"),
        ({"read": "not a function"}, "read: must be a function"),
        ({"function_words": set()}, "function_words: must hold the short, common words"),
        ({"function_words": {"El"}}, "function_words: must be lower-case"),
        ({"letters": {"ñn"}}, "letters: must be single lower-case letters"),
        ({"letters": {"Ñ"}}, "letters: must be single lower-case letters"),
        ({"translate": "gettext"}, "translate: must be a function"),
    ],
)
def test_a_broken_language_is_refused_with_the_field_named(
    fields: dict[str, object], message: str
) -> None:
    base: dict[str, object] = {
        "code": "it",
        "name": "Italiano",
        "read": leggi,
        "function_words": {"el"},
    }
    with pytest.raises(ValidationError, match=message):
        Language(**{**base, **fields})  # type: ignore[arg-type]


def test_the_hook_is_called_each_time_the_languages_are_gathered() -> None:
    """What the hook's docstring says: no caching to go stale when plug-ins change."""
    calls: list[int] = []

    class Counting:
        @hookimpl
        def register_languages(self, register):  # type: ignore[no-untyped-def]
            calls.append(1)

    manager = manager_with(Counting())
    Checker(plugins=manager)
    Checker(plugins=manager)
    assert len(calls) == 2


# --- a default language from the environment (issue 20) ------------------------------------------

MIXED = "camminare 20 minutes every day to the park per 8 settimane"
"""More English short words (every, to, the) than Italian ones (per, settimane): chosen by its
words it is read as English, which does not know "per 8 settimane"."""


def test_the_environment_names_the_language_when_the_checker_is_given_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manager = manager_with(ItalianPlugin())
    monkeypatch.delenv("THERAPY_GOALS_LANGUAGE", raising=False)
    by_words = Checker(plugins=manager)
    assert by_words.language is None
    assert by_words.check(MIXED, today=TODAY).goal.due is None  # read as English
    monkeypatch.setenv("THERAPY_GOALS_LANGUAGE", " it ")
    from_env = Checker(plugins=manager)
    assert from_env.language == "it"
    assert from_env.check(MIXED, today=TODAY).goal.due == date(2026, 4, 27)  # the toy reader
    named = Checker(plugins=manager, language="en")  # a language given wins over the variable
    assert named.check(MIXED, today=TODAY).goal.due is None
    monkeypatch.setenv("THERAPY_GOALS_LANGUAGE", "")
    assert Checker(plugins=manager).language is None


def test_an_unknown_language_in_the_environment_is_named_as_coming_from_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("THERAPY_GOALS_LANGUAGE", "xx")
    with pytest.raises(ValidationError) as caught:
        Checker(plugins=manager_with(ItalianPlugin()))
    assert str(caught.value) == (
        "language: no language 'xx'; known: de, en, es, it (from $THERAPY_GOALS_LANGUAGE)"
    )
    # check() reads the variable at each call, not once.
    with pytest.raises(ValidationError, match=r"from \$THERAPY_GOALS_LANGUAGE"):
        check("Walk for 20 minutes a day for 8 weeks", today=TODAY)
    monkeypatch.setenv("THERAPY_GOALS_LANGUAGE", "en")
    assert check("Walk for 20 minutes a day for 8 weeks", today=TODAY).goal.due is not None


def test_the_command_says_where_an_unknown_language_came_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from click.testing import CliRunner

    from therapy_goals.cli import cli

    runner = CliRunner()
    base = {"THERAPY_GOALS_DISABLE_PLUGINS": ""}
    from_env = runner.invoke(
        cli, ["check", "Walk daily for 8 weeks"], env={**base, "THERAPY_GOALS_LANGUAGE": "xx"}
    )
    assert from_env.exit_code == 2
    assert "no language 'xx'; known: de, en, es (from $THERAPY_GOALS_LANGUAGE)" in from_env.stderr
    assert "--language" not in from_env.stderr.splitlines()[-1]
    named = runner.invoke(cli, ["check", "--language", "xx", "Walk daily for 8 weeks"], env=base)
    assert named.exit_code == 2
    assert "--language: no language 'xx'; known: de, en, es" in named.stderr
