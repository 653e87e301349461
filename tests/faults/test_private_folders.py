"""Issue 18: every folder the library creates for client data is its owner's alone (0700), the
folders above it that it creates too, whatever the umask (under umask 000 they were 0777)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from therapy_goals.files import private_folder


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_folder_it_creates_is_0700_under_umask_000(tmp_path: Path, open_umask: None) -> None:
    made = private_folder(tmp_path / "a" / "b" / "c")
    assert made == tmp_path / "a" / "b" / "c"
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700, 0o700, 0o700]


def test_a_folder_that_exists_is_left_as_it_is(tmp_path: Path, open_umask: None) -> None:
    (tmp_path / "shared").mkdir(mode=0o755)
    private_folder(tmp_path / "shared" / "mine")
    assert mode(tmp_path / "shared") == 0o755  # not ours to change
    assert mode(tmp_path / "shared" / "mine") == 0o700


def test_the_default_store_folder_and_a_json_folder_are_private(
    tmp_path: Path, open_umask: None
) -> None:
    from therapy_goals import open_store
    from therapy_goals.storage.registry import _make_data_folder

    _make_data_folder(tmp_path / "data" / "therapy-goals")
    assert mode(tmp_path / "data") == 0o700
    (tmp_path / "x").mkdir()  # a JSON folder store needs its parent to exist
    with open_store(f"jsondir://{tmp_path / 'x' / 'store'}") as store:
        assert store is not None
    assert mode(tmp_path / "x" / "store") == 0o700
    assert mode(tmp_path / "x" / "store" / "goals") == 0o700
