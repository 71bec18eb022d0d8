"""Tests of endoquiz.scheduling: card states, settings, study days, the Anki-exact scheduler."""
