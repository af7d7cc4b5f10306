"""Cross-document deduplication: per-document events merged into one event per occurrence."""
