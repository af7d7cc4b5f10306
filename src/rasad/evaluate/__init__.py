"""Evaluation against gold annotations (codebook section 9) and error reports."""
