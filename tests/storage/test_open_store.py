"""Choosing a backend by URL, the default store, and backends from plug-ins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from therapy_goals import PluginError, StorageBackend, StorageError, get_plugin_manager, hookimpl
from therapy_goals.storage import STORE_ENV, default_store_url, open_store
from therapy_goals.storage.memory import MemoryStore


def test_the_default_is_the_environment_variable_else_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert default_store_url({STORE_ENV: "memory://"}) == "memory://"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = default_store_url({})
    assert url == f"sqlite://{tmp_path / 'therapy-goals' / 'goals.db'}"


def test_open_store_without_a_url_uses_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_ENV, f"sqlite://{tmp_path / 'env.db'}")
    with open_store() as store:
        assert store.url == f"sqlite://{tmp_path / 'env.db'}"
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://somewhere/goals", "no storage backend for 'ftp'; known schemes: jsondir://"),
        ("goals.db", "is not a store URL"),
    ],
)
def test_a_bad_url_is_a_clear_error(url: str, fragment: str) -> None:
    with pytest.raises(StorageError, match=fragment):
        open_store(url)


class Backend:
    def __init__(self, scheme: str) -> None:
        self.scheme = scheme

    @hookimpl
    def register_storage(self, register: Callable[[StorageBackend], None]) -> None:
        register(StorageBackend(scheme=self.scheme, open=MemoryStore))


def test_a_plugin_adds_a_scheme() -> None:
    manager = get_plugin_manager(plugins=[Backend("redis")], load_entrypoints=False, environ={})
    with open_store("redis://localhost/0", plugins=manager) as store:
        assert store.url == "redis://localhost/0"


def test_a_scheme_registered_twice_names_both_plugins() -> None:
    manager = get_plugin_manager(plugins=[Backend("sqlite")], load_entrypoints=False, environ={})
    with pytest.raises(PluginError) as info:
        open_store("sqlite:///tmp/x.db", plugins=manager)
    assert "'sqlite' is left out: 'therapy_goals.storage.builtin' registered it first" in str(
        info.value
    )
    assert "therapy_goals.storage.builtin" in str(info.value)
    assert "'Backend'" in str(info.value)
