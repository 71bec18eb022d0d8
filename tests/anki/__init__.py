"""Tests of endoquiz.anki: Anki's files read without Anki, against fixtures Anki made."""
