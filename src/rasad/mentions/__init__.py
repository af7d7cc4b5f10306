"""Mentions: lexicon hits turned into typed facts (actors, dates, numbers, sources)."""
