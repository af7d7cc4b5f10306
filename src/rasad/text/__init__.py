"""Arabic text layer: normalised view with offsets, tokens, sentences, clauses."""
