"""Coding: from mentions to codebook events (frames, arguments, assembly)."""
