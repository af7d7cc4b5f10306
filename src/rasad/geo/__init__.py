"""Places: the gazetteer index, toponym resolution and geo precision."""
