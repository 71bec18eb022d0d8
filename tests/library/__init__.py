"""Tests of endoquiz.library: the Library front door and the installed decks."""
