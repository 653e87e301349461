"""FHIR resource ids for our ids: shared by the export of goals, progress and plans."""

from __future__ import annotations

import re

__all__ = ["fhir_id"]


def fhir_id(value: str) -> str:
    """A FHIR resource id (``[A-Za-z0-9.-]{1,64}``) for any of our ids."""
    cleaned = re.sub(r"[^A-Za-z0-9.-]", "-", value)[:64]
    return cleaned or "id"
