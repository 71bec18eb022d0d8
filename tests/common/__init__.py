"""Tests of endoquiz.common: what every layer shares."""
