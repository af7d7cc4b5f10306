"""Where records go after extraction: an SQLite event store and its exporters."""

from __future__ import annotations

from rasad.store.sqlite import EventStore, StoreError, content_hash

__all__ = ["EventStore", "StoreError", "content_hash"]
