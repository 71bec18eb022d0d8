"""Tests of endoquiz.store: the progress database, its schema and rows."""
