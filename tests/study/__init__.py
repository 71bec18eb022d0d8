"""Tests of endoquiz.study: sessions, quizzes, answer checks, search, statistics, the optimiser."""
