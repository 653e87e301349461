"""The installed version of therapy-goals, read once from the package metadata."""

from importlib.metadata import version

__version__: str = version("therapy-goals")
