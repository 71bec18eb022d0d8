"""Decks: the card model, the YAML format, loading and validation, card text, the deck tree."""
