"""The fault tests use the storage tests' PostgreSQL schemas (skipped without a server)."""

from ..storage.conftest import postgres_schema_url

__all__ = ["postgres_schema_url"]
