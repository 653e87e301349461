"""The installed version of therapy-goals, read from the package metadata when first asked.

Reading it imports ``importlib.metadata`` and scans the installed distributions (about 60 ms),
so nothing does it at import time (issue 19).
"""

import functools


@functools.cache
def installed_version() -> str:
    """The version of the installed therapy-goals distribution, e.g. ``"0.4.0"``."""
    from importlib.metadata import version  # noqa: PLC0415 - on first use only (60 ms)

    return version("therapy-goals")
