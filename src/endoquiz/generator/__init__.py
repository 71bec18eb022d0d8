"""Turns source articles of the house template into YAML decks."""
