"""Batch runs over corpora: parallel, resumable, every failure recorded."""
