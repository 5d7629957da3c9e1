"""Parsers for per-project forms: one sheet holds one filled-in form, not a list."""
