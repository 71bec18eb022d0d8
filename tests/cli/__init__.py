"""Tests of endoquiz.cli: the `endoquiz` command, its options and its sub-commands."""
