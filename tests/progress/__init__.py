"""Tests of endoquiz.progress: backups, progress files, database and journal checks, the lock."""
