"""Shared test set-up: hypothesis profiles and a factory for fake installed plug-in packages.

Profiles: ``quick`` (the default, for a fast local run) and ``ci`` (many more examples), chosen by
``HYPOTHESIS_PROFILE``, or ``ci`` when the ``CI`` environment variable is set.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

# Test data, not tests: scripts there (how a stored file was made) need other versions to run.
collect_ignore_glob = ["data/*"]

settings.register_profile("quick", max_examples=40, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "quick")
)

END_TO_END = settings(max_examples=max(10, settings().max_examples // 4))
"""For properties whose every example runs a whole pipeline (validating FHIR with pydantic, a CSV
round trip): a quarter of the profile's examples, which is still 100 in CI."""

FakeDistribution = Callable[..., Path]


@pytest.fixture
def fake_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeDistribution]:
    """Install a tiny plug-in package for one test: a module plus its dist-info with entry points.

    ``fake_distribution("tg_fake", code, version="1.2.3", entry_name="fake")`` writes
    ``tg_fake.py`` and ``tg_fake-1.2.3.dist-info`` into a folder on ``sys.path``, exactly as pip
    would lay them out, so ``importlib.metadata.entry_points`` finds the plug-in.
    """

    modules: list[str] = []

    def make(
        module: str, code: str, *, version: str = "1.2.3", entry_name: str | None = None
    ) -> Path:
        modules.append(module)
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(code))
        dist_name = module.replace("_", "-")
        info = tmp_path / f"{module}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: {version}\n"
        )
        (info / "entry_points.txt").write_text(
            f"[therapy_goals]\n{entry_name or module} = {module}\n"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        return tmp_path

    yield make
    for module in modules:
        sys.modules.pop(module, None)


@pytest.fixture(scope="session", autouse=True)
def _no_user_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test, and no process a test starts, ever reaches the user's own home or data folder.

    Session-wide, so that it is in place before module-wide fixtures capture the environment
    (the example plug-in's commands run in processes that inherit it).
    """
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / "data"))
        patch.setenv("THERAPY_GOALS_STORE", f"sqlite://{home / 'session-goals.db'}")
        # A language set for the person's own shell would choose every statement's reader.
        patch.delenv("THERAPY_GOALS_LANGUAGE", raising=False)
        yield


@pytest.fixture(autouse=True)
def _private_default_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test's default store is a fresh SQLite file, never the user's own data folder."""
    folder = tmp_path_factory.mktemp("default-store")
    monkeypatch.setenv("THERAPY_GOALS_STORE", f"sqlite://{folder / 'goals.db'}")
