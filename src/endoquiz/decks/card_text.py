"""The Markdown a card shows on each side, for any front end to render."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from endoquiz.decks.deck_model import Card, CardKind

if TYPE_CHECKING:
    from endoquiz.decks.deck_loader import DeckCheck

__all__ = [
    "back_markdown",
    "deck_preview_markdown",
    "front_markdown",
    "image_markdown",
    "markdown_images",
    "revealed_markdown",
    "source_markdown",
]

# A Markdown image, `![alt](path "title")`: its path as written.
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s)>]+)")


def front_markdown(card: Card) -> str:
    """The question side: the prompt (a cloze with its gap), then the card's
    `image:` below it, as Anki shows a picture on the front of a card."""
    if card.image is None:
        return card.front
    return f"{card.front}\n\n{image_markdown(card.image)}"


def image_markdown(image: Path) -> str:
    """A Markdown image of a card's `image:` file, an absolute path inside
    its deck's folder, as a `file:` address (every character of the path
    escaped, so spaces, `#` or `)` in a name cannot end or change it; the
    card view shows it only from inside the deck's folder). Its alternative
    text is the file's name without its extension."""
    alt = re.sub(r"[\[\]\\*_`]", " ", image.stem.replace("-", " ")).strip() or "image"
    target = image.as_uri() if image.is_absolute() else quote(PurePosixPath(image).as_posix())
    return f"![{alt}]({target})"


def back_markdown(card: Card, *, with_source: bool = True) -> str:
    """The answer side, below the question: what the learner should have
    recalled (a cloze's full text with the answer in bold, a choice or typed
    card's answer), then the explanation and where the card comes from."""
    parts: list[str] = []
    if card.kind in (CardKind.CHOICE, CardKind.TYPED):
        parts.append(f"**{card.answer}**")
    else:
        parts.append(card.back)
    if card.explanation:
        parts.append(card.explanation)
    source = source_markdown(card) if with_source else ""
    if source:
        parts += ["---", source]
    return "\n\n".join(parts)


def revealed_markdown(card: Card) -> str:
    """A card with its answer shown, of any kind: the question, a rule, then
    the answer side, as Anki shows a card's back."""
    return f"{front_markdown(card)}\n\n---\n\n{back_markdown(card)}"


def source_markdown(card: Card) -> str:
    """Where the card comes from: the section and, quoted, the source text."""
    source = card.source
    if source is None:
        return ""
    lines = []
    where = " · ".join(part for part in (source.article, source.section) if part)
    if where:
        lines.append(f"*Source: {where}*")
    # A quote that only repeats the card (a cloze's sentence, say) is left out.
    if source.quote and _plain(source.quote) not in _plain(card.back):
        lines.append("> " + source.quote.replace("\n", "\n> "))
    return "\n\n".join(lines)


def _plain(markdown: str) -> str:
    """Text without emphasis marks and spacing differences, for comparing."""
    return " ".join(re.sub(r"[*_`]", "", markdown).split()).casefold()


def deck_preview_markdown(check: DeckCheck) -> str:
    """Every card of a checked deck file, front and back, for its author; the
    file's errors and warnings first, each with its line and column."""
    parts: list[str] = []
    name = check.path.name
    if check.diagnostics:
        lines = "\n".join(
            f"- line {d.line}, column {d.column}: **{d.severity.value}**: {d.message}"
            for d in check.diagnostics
        )
        parts.append(f"## {name}: {len(check.errors)} error(s), {len(check.warnings)} warning(s)")
        parts.append(lines)
    deck = check.deck
    if deck is None:
        parts.append("The cards show again once the errors are fixed and the file saved.")
        return "\n\n".join(parts)
    parts.append(f"# {deck.title}")
    parts.append(f"`{deck.id}` · {len(deck.cards)} cards · saved file shown as it is now")
    for number, card in enumerate(deck.cards, start=1):
        parts.append("---")
        parts.append(f"### {number}. `{card.id}` ({card.kind.value}, line {card.line})")
        question, answer = _SIDE_LABELS[card.kind]
        parts.append(f"**{question}**")
        parts.append(front_markdown(card))
        if card.choices:
            parts.append("\n".join(f"{i}. {choice}" for i, choice in enumerate(card.choices, 1)))
        parts.append(f"**{answer}**")
        parts.append(back_markdown(card))
        if card.accept:
            parts.append("Also accepted: " + ", ".join(_literal(text) for text in card.accept))
        if card.tags:
            parts.append("Tags: " + ", ".join(f"`{tag}`" for tag in card.tags))
    return "\n\n".join(parts)


def _literal(text: str) -> str:
    """Text shown as typed, its Markdown marks escaped, in quotation marks."""
    return "“" + re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text) + "”"


# What each side of a card is called in the preview, by kind: a typed or
# choice card asks a question and has an answer, not a front and a back.
_SIDE_LABELS = {
    CardKind.BASIC: ("Front", "Back"),
    CardKind.REVERSE: ("Front", "Back"),
    CardKind.CLOZE: ("Text with the gap", "Answer"),
    CardKind.CHOICE: ("Question", "Answer"),
    CardKind.TYPED: ("Question (the answer is typed)", "Answer"),
}


def markdown_images(card: Card) -> list[str]:
    """The image paths a card's Markdown names (`![alt](path)`), as written,
    in order, each once: what must travel with a copy of its deck."""
    texts = [card.front, card.back, card.explanation or "", *card.choices]
    found = [match for text in texts for match in _MARKDOWN_IMAGE.findall(text)]
    return list(dict.fromkeys(found))
