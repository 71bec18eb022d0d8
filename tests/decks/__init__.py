"""Tests of endoquiz.decks: the deck model, the YAML reader, loading, validation, the tree."""
