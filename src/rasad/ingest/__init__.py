"""Ingest: raw files into ``Document`` values (text, JSONL, stdin)."""
