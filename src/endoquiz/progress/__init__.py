"""Keeping progress safe: backups and recovery, progress files, database checks, the lock."""
