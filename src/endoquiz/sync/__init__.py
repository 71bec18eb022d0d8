"""Folder sync: computers that share a folder agree on a learner's progress (docs/sync.md)."""
