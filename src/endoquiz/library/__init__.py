"""The front door: `Library` opens a data folder and offers every operation on it."""
