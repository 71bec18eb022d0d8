"""Tests of endoquiz.anki: Anki's files read and written without Anki."""
