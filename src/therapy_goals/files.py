"""Folders for client data: created readable by their owner only, whatever the umask.

``Path.mkdir(mode=0o700, parents=True)`` applies the mode to the last folder only; the folders
above it that it creates get the default (0777 under ``umask 000``), and a folder of someone's
goals would then be listed by anyone on the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["private_folder"]


def private_folder(folder: Path) -> Path:
    """Create ``folder`` and each missing folder above it with mode 0700; return ``folder``.

    Folders that already exist are left as they are: they are not the library's to change.
    Raises :class:`OSError` as :meth:`Path.mkdir` does.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another process: theirs
            continue
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask; this is not
    return folder
