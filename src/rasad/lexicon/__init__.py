"""Language data files: readers with schema checks, and the compiled matcher."""
