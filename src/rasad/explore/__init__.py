"""Browsing the event store: Datasette with a map, facets and canned queries."""
