"""Card ids made of content, unique within an article, and orders derived from them."""

from __future__ import annotations

import hashlib

from endoquiz.generator.text_cleanup import slugify

__all__ = ["CardIds", "sentence_card_id", "shuffled"]


class CardIds:
    """The ids an article's cards have taken so far.

    Every card source claims its ids here, in the order the builder runs them,
    so a second card with the same content id gets `-2`, `-3`, ...
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, card_id: str) -> str:
        """`card_id`, or the first `card_id-N` not yet taken; taken from now on."""
        candidate, number = card_id, 2
        while candidate in self._taken:
            candidate, number = f"{card_id}-{number}", number + 1
        self._taken.add(candidate)
        return candidate


def sentence_card_id(prefix: str, key: str, text: str) -> str:
    """An id for a card cut from a sentence: the key's slug and a hash of the sentence."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return f"{prefix}-{slugify(key, 40)}-{digest}"


def shuffled(card_id: str, choices: list[str]) -> list[str]:
    """The choices in a stable order of their own, so the answer is not always first."""
    return sorted(
        choices, key=lambda choice: hashlib.sha1(f"{card_id}\x1f{choice}".encode()).hexdigest()
    )
