"""Anki packages and collections, read and written without Anki (issue 17)."""
