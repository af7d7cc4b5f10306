"""Ingest: raw files into ``Document`` values (text, HTML, JSON/JSONL(.gz), RSS/Atom feeds, WARC, stdin).

``corpus.iter_corpus`` walks files and folders and dispatches on the format;
every reader yields ``Document | Problem``.
"""
