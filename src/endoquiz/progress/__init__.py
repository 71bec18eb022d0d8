"""Keeping progress safe: backups, progress files, database and journal checks, the lock."""
