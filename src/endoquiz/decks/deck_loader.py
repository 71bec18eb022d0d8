"""Checks a YAML deck file against format v1 and turns it into a `Deck`.

Every problem becomes a `Diagnostic` pinned to the node that causes it; the
checker carries on after an error so that an educator sees all of them at once.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from endoquiz.decks.cloze import (
    cloze_answer,
    cloze_back,
    cloze_front,
    find_deletions,
    malformed_cloze,
)
from endoquiz.decks.deck_model import Card, CardKind, CardSource, Deck, DeckSource
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity, printable
from endoquiz.decks.yaml_tree import (
    MapNode,
    Node,
    ScalarNode,
    SeqNode,
    YamlError,
    describe,
    parse_yaml_bytes,
    parse_yaml_file,
    read_text,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_ERRORS",
    "MAX_TEXT_CHARS",
    "DeckCheck",
    "check_deck",
    "check_decks",
    "id_taken",
    "load_deck",
]

FORMAT_VERSION = 1

_SLUG = r"[a-z0-9][a-z0-9._-]*"
DECK_ID = re.compile(rf"{_SLUG}(/{_SLUG})*\Z")
CARD_ID = re.compile(rf"{_SLUG}\Z")
_TAG = re.compile(r"[^\s,]+\Z")
MAX_ID_LENGTH = 120
# About 3,000 words: more than any card needs, and Qt lays out a paragraph
# of this length in milliseconds, where one of a megabyte (a single line)
# froze the window for a minute or more.
MAX_TEXT_CHARS = 20_000
# After this many errors checking stops: a file with thousands of broken
# cards would otherwise take seconds and gigabytes to list them all, and
# nobody reads past the first screenful. Warnings beyond it are counted.
MAX_ERRORS = 100
MAX_WARNINGS = 100
# Control characters other than tab and line break: only a double-quoted
# escape ("\e", "\r", "\0") can put one in a text. None has a use on a card,
# and printed by `endoquiz cards` an escape or carriage return would rewrite
# the learner's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_DECK_KEYS = (
    "endoquiz",
    "id",
    "title",
    "description",
    "tags",
    "source",
    "disclaimer",
    "order",
    "cards",
)
MAX_ORDER = 1_000_000
_DECK_SOURCE_KEYS = ("title", "author", "url", "published")
_CARD_SOURCE_KEYS = ("article", "section", "quote")
_COMMON_CARD_KEYS = ("id", "kind", "tags", "source", "image")
# Per kind: (required keys, optional keys) beyond the common ones.
_KIND_KEYS: dict[CardKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    CardKind.BASIC: (("front", "back"), ()),
    CardKind.REVERSE: (("front", "back"), ()),
    CardKind.CLOZE: (("text",), ("extra",)),
    CardKind.CHOICE: (("question", "choices", "answer"), ("explanation",)),
    CardKind.TYPED: (("front", "answer"), ("accept", "explanation")),
}


class _ErrorLimitError(Exception):
    """Raised by the checker at its MAX_ERRORS-th error, to stop checking."""


@dataclass(frozen=True, slots=True)
class DeckCheck:
    """The outcome of checking a deck file: the deck when it is valid, and every diagnostic."""

    path: Path
    deck: Deck | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


def id_taken(deck: Deck, other: Path) -> Diagnostic:
    """The error for `deck`, whose id another deck file (`other`) already
    has: at the `id:` value, naming both files. Installing it would silently
    take the other deck's place and deactivate its cards."""
    line, column = 1, 1
    try:
        root = parse_yaml_file(deck.path)
    except (YamlError, OSError):
        root = None
    if isinstance(root, MapNode) and (node := root.get("id")) is not None:
        line, column = node.line, node.column
    return Diagnostic(
        deck.path,
        line,
        column,
        Severity.ERROR,
        f"deck id '{deck.id}' is already the id of {printable(str(other))}; "
        "each deck needs its own id: change one of them",
    )


def check_decks(paths: Iterable[Path]) -> list[DeckCheck]:
    """Check several deck files, as `validate` does a folder: each as
    `check_deck`, and a valid deck whose id an earlier file already has is
    refused (`id_taken`), since installed together one would replace the
    other."""
    results = []
    first_with_id: dict[str, Path] = {}
    for path in paths:
        result = check_deck(path)
        deck = result.deck
        if deck is not None and deck.id in first_with_id:
            error = id_taken(deck, first_with_id[deck.id])
            result = DeckCheck(result.path, None, (*result.diagnostics, error))
        elif deck is not None:
            first_with_id[deck.id] = path
        results.append(result)
    return results


def load_deck(path: Path) -> Deck:
    """Load a deck file.

    Raises:
        DeckError: with every diagnostic, when the file has any error.
    """
    result = check_deck(path)
    if result.deck is None:
        raise DeckError(result.diagnostics)
    return result.deck


def check_deck(path: Path) -> DeckCheck:
    """Check a deck file; never raises for bad input."""
    path = Path(path)
    checker = _DeckChecker(path)
    try:
        data = read_text(path)
        root = parse_yaml_bytes(data)
    except YamlError as problem:
        checker.error_at(problem.line, problem.column, problem.message)
        return checker.result(None)
    except IsADirectoryError:
        checker.error_at(1, 1, "is a folder, not a deck file")
        return checker.result(None)
    except OSError as error:
        checker.error_at(1, 1, f"cannot read the file: {error.strerror or error}")
        return checker.result(None)
    if root is None:
        checker.error_at(1, 1, "the file is empty; a deck needs 'endoquiz', 'id', 'title', 'cards'")
        return checker.result(None)
    try:
        deck = checker.check(root, hashlib.sha256(data).hexdigest())
    except _ErrorLimitError:
        return checker.result(None)
    return checker.result(deck)


class _DeckChecker:
    """Walks one deck's node tree, collecting diagnostics and building the deck."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.error_count = 0
        self.warning_count = 0
        self._last_warning: Node | None = None

    # -- reporting ---------------------------------------------------------

    def error_at(self, line: int, column: int, message: str) -> None:
        self.error_count += 1
        if self.error_count > MAX_ERRORS:
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    line,
                    column,
                    Severity.ERROR,
                    f"more than {MAX_ERRORS} errors; checking stopped here: "
                    "fix these and check the file again",
                )
            )
            raise _ErrorLimitError
        self.diagnostics.append(Diagnostic(self.path, line, column, Severity.ERROR, message))

    def error(self, node: Node, message: str) -> None:
        self.error_at(node.line, node.column, message)

    def warning(self, node: Node, message: str) -> None:
        self.warning_count += 1
        if self.warning_count > MAX_WARNINGS:
            self._last_warning = node
            return
        self.diagnostics.append(
            Diagnostic(self.path, node.line, node.column, Severity.WARNING, message)
        )

    def result(self, deck: Deck | None) -> DeckCheck:
        hidden = self.warning_count - MAX_WARNINGS
        if hidden > 0 and self._last_warning is not None:
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    self._last_warning.line,
                    self._last_warning.column,
                    Severity.WARNING,
                    f"{hidden} more warning(s) up to here not listed",
                )
            )
        ordered = sorted(self.diagnostics, key=lambda d: (d.line, d.column))
        has_error = any(d.is_error for d in ordered)
        return DeckCheck(self.path, None if has_error else deck, tuple(ordered))

    # -- the deck ----------------------------------------------------------

    def check(self, root: Node, content_hash: str) -> Deck | None:
        if not isinstance(root, MapNode):
            self.error(
                root,
                f"a deck must be a mapping with 'endoquiz', 'id', 'title' and 'cards', "
                f"not {describe(root)}",
            )
            return None
        self._unknown_keys(root, _DECK_KEYS, "deck")
        version_ok = self._version(root)
        deck_id = self._deck_id(root)
        title = self._text(root, "title", required=True)
        description = self._text(root, "description")
        disclaimer = self._text(root, "disclaimer")
        tags = self._tags(root)
        source = self._deck_source(root.get("source"))
        order = self._order(root.get("order"))
        cards_node = root.get("cards")
        cards: list[Card] = []
        if cards_node is None:
            self._missing(root, "cards", "the deck has no 'cards' list")
        elif not isinstance(cards_node, SeqNode):
            self.error(cards_node, f"'cards' must be a list of cards, not {describe(cards_node)}")
        elif not cards_node.items:
            self.error(cards_node, "'cards' is empty; a deck needs at least one card")
        else:
            cards = self._cards(cards_node, deck_id or "", tags)
        if not version_ok or deck_id is None or title is None:
            return None
        return Deck(
            id=deck_id,
            title=title,
            path=self.path,
            content_hash=content_hash,
            cards=tuple(cards),
            description=description,
            tags=tags,
            source=source,
            disclaimer=disclaimer,
            order=order,
        )

    def _order(self, node: Node | None) -> int | None:
        if node is None:
            return None
        order = node.as_int() if isinstance(node, ScalarNode) else None
        if order is None or not 0 <= order <= MAX_ORDER:
            found = f"'{node.text}'" if isinstance(node, ScalarNode) else describe(node)
            self.error(node, f"'order' must be a whole number from 0 to {MAX_ORDER}, not {found}")
            return None
        return order

    def _version(self, root: MapNode) -> bool:
        node = root.get("endoquiz")
        if node is None:
            self.error(root, "missing 'endoquiz: 1', the deck format version")
            return False
        version = node.as_int() if isinstance(node, ScalarNode) else None
        if version is None:
            found = (
                f"'{node.text}'"
                if isinstance(node, ScalarNode) and not node.is_null
                else describe(node)
            )
            self.error(node, f"'endoquiz' must be the format version number 1, not {found}")
            return False
        if version != FORMAT_VERSION:
            self.error(
                node,
                f"unsupported deck format version {version}; "
                f"this endoquiz reads version {FORMAT_VERSION}",
            )
            return False
        return True

    def _deck_id(self, root: MapNode) -> str | None:
        node = root.get("id")
        if node is None:
            self.error(root, "missing 'id', the deck's stable id (e.g. biology/cells)")
            return None
        deck_id = self._scalar_text(node, "id")
        if deck_id is None:
            return None
        if len(deck_id) > MAX_ID_LENGTH or not DECK_ID.match(deck_id):
            self.error(
                node,
                f"invalid deck id '{deck_id}': use lowercase letters, digits, '-', '_' or '.', "
                "with '/' between levels (e.g. insulin-resistance/glossary)",
            )
            return None
        return deck_id

    def _deck_source(self, node: Node | None) -> DeckSource | None:
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            title = self._scalar_text(node, "source")
            return DeckSource(title) if title else None
        if not isinstance(node, MapNode):
            self.error(node, f"'source' must be a title or a mapping, not {describe(node)}")
            return None
        self._unknown_keys(node, _DECK_SOURCE_KEYS, "deck source")
        title = self._text(node, "title", required=True)
        author, url, published = (self._text(node, key) for key in ("author", "url", "published"))
        return DeckSource(title, author, url, published) if title else None

    # -- cards -------------------------------------------------------------

    def _cards(self, cards_node: SeqNode, deck_id: str, deck_tags: tuple[str, ...]) -> list[Card]:
        cards: list[Card] = []
        seen: dict[str, Node] = {}
        for entry in cards_node.items:
            if not isinstance(entry, MapNode):
                self.error(entry, f"each card must be a mapping of fields, not {describe(entry)}")
                continue
            built = self._entry(entry, deck_id, deck_tags, len(cards))
            if built is None:
                continue
            note_id, id_node, entry_cards = built
            if note_id is None:
                continue
            if note_id in seen:
                first = seen[note_id]
                self.error(
                    id_node,
                    f"duplicate card id '{note_id}' (first used at line {first.line}); "
                    "card ids must be unique in a deck",
                )
                continue
            seen[note_id] = id_node
            cards.extend(entry_cards)
        return cards

    def _entry(
        self, entry: MapNode, deck_id: str, deck_tags: tuple[str, ...], position: int
    ) -> tuple[str | None, Node, list[Card]] | None:
        """Check one entry; its id (None if invalid), the node to blame for a
        duplicate id, and its cards (empty when the entry has errors)."""
        kind = self._kind(entry)
        if kind is None:
            return None
        if kind is CardKind.BASIC and entry.get("kind") is None:
            kind = self._forgotten_kind(entry)
        required, optional = _KIND_KEYS[kind]
        errors_before = self.error_count
        self._unknown_keys(
            entry, _COMMON_CARD_KEYS + required + optional, f"{kind.value} card", kind
        )
        fields = {
            key: self._text(entry, key, required=True) for key in required if key != "choices"
        }
        # A card's own tags first, then the deck's, each once.
        tags = tuple(dict.fromkeys(self._tags(entry) + deck_tags))
        source = self._card_source(entry.get("source"))
        image = self._image(entry.get("image"))
        explanation = self._text(entry, "explanation")
        extra_text = self._text(entry, "extra")
        accept = self._text_list(entry, "accept")
        choices: tuple[str, ...] = ()
        if kind is CardKind.CHOICE:
            choices = self._choices(entry, fields.get("answer"))
        note_id, id_node = self._card_id(entry, kind, [*fields.values(), *choices])
        if kind is CardKind.CLOZE and fields["text"] is not None:
            self._check_cloze(entry.get("text") or entry, fields["text"])
        if self.error_count > errors_before or note_id is None:
            return note_id, id_node, []

        def card(
            card_id: str,
            front: str,
            back: str,
            *,
            answer: str | None = None,
            accept: tuple[str, ...] = (),
            choices: tuple[str, ...] = (),
        ) -> Card:
            return Card(
                deck_id=deck_id,
                id=card_id,
                note_id=note_id,
                kind=kind,
                position=position + len(cards),
                front=front,
                back=back,
                tags=tags,
                source=source,
                image=image,
                explanation=explanation,
                line=entry.line,
                answer=answer,
                accept=accept,
                choices=choices,
            )

        cards: list[Card] = []
        if kind is CardKind.BASIC:
            cards.append(card(note_id, fields["front"] or "", fields["back"] or ""))
        elif kind is CardKind.REVERSE:
            front, back = fields["front"] or "", fields["back"] or ""
            cards.append(card(note_id, front, back))
            cards.append(card(f"{note_id}:reverse", back, front))
        elif kind is CardKind.CLOZE:
            text = fields["text"] or ""
            for ordinal in sorted({d.ordinal for d in find_deletions(text)}):
                back = cloze_back(text, ordinal)
                if extra_text:
                    back += "\n\n" + extra_text
                cards.append(
                    card(
                        f"{note_id}:c{ordinal}",
                        cloze_front(text, ordinal),
                        back,
                        answer=cloze_answer(text, ordinal),
                    )
                )
        elif kind is CardKind.CHOICE:
            answer = fields["answer"] or ""
            cards.append(
                card(note_id, fields["question"] or "", answer, answer=answer, choices=choices)
            )
        else:
            answer = fields["answer"] or ""
            cards.append(
                card(
                    note_id,
                    fields["front"] or "",
                    answer,
                    answer=answer,
                    accept=accept,
                )
            )
        return note_id, id_node, cards

    def _kind(self, entry: MapNode) -> CardKind | None:
        node = entry.get("kind")
        if node is None:
            return CardKind.BASIC
        text = self._scalar_text(node, "kind")
        if text is None:
            return None
        try:
            return CardKind(text)
        except ValueError:
            names = [k.value for k in CardKind]
            self.error(
                node,
                f"unknown card kind '{text}'{_did_you_mean(text, names)}; "
                f"kinds are {', '.join(names)}",
            )
            return None

    def _forgotten_kind(self, entry: MapNode) -> CardKind:
        """A kind-less entry with another kind's fields most likely forgot `kind:`;
        say so once and check it as that kind, instead of listing every field
        a basic card would miss."""
        keys = {key.text for key, _ in entry.items}
        if "front" in keys and "back" in keys:
            return CardKind.BASIC
        for kind, (required, _) in _KIND_KEYS.items():
            if kind is not CardKind.BASIC and keys.issuperset(required):
                self.error(
                    entry,
                    f"this card has the fields of a {kind.value} card but no "
                    f"'kind: {kind.value}' (without 'kind' a card is basic)",
                )
                return kind
        return CardKind.BASIC

    def _card_id(
        self, entry: MapNode, kind: CardKind, content_fields: list[str | None]
    ) -> tuple[str | None, Node]:
        node = entry.get("id")
        if node is None:
            content = "\x1f".join([kind.value, *(value or "" for value in content_fields)])
            derived = "auto-" + hashlib.sha1(content.encode("utf-8")).hexdigest()[:10]
            self.warning(
                entry,
                f"card has no 'id'; using '{derived}', derived from its content: "
                "editing its text will reset its progress, so give it an id",
            )
            return derived, entry
        card_id = self._scalar_text(node, "id")
        if card_id is None:
            return None, node
        if len(card_id) > MAX_ID_LENGTH or not CARD_ID.match(card_id):
            self.error(
                node,
                f"invalid card id '{card_id}': use lowercase letters, digits, '-', '_' or '.', "
                "starting with a letter or digit",
            )
            return None, node
        return card_id, node

    def _choices(self, entry: MapNode, answer: str | None) -> tuple[str, ...]:
        node = entry.get("choices")
        if node is None:
            self._missing(entry, "choices", "choice card has no 'choices'")
            return ()
        if not isinstance(node, SeqNode):
            self.error(node, f"'choices' must be a list, not {describe(node)}")
            return ()
        choices: list[str] = []
        seen: dict[str, int] = {}
        for item in node.items:
            text = self._scalar_text(item, "a choice")
            if text is None:
                continue
            folded = text.casefold()
            if folded in seen:
                self.error(item, f"choice '{text}' is repeated (first at line {seen[folded]})")
                continue
            seen[folded] = item.line
            choices.append(text)
        if len(node.items) < 2:
            self.error(node, "a choice card needs at least two choices")
        if answer is not None and choices and answer not in choices:
            close = [c for c in choices if c.casefold() == answer.casefold()]
            hint = f"; did you mean '{close[0]}'?" if close else ""
            answer_node = entry.get("answer") or entry
            self.error(answer_node, f"the answer '{answer}' is not one of the choices{hint}")
        return tuple(choices)

    def _check_cloze(self, node: Node, text: str) -> None:
        offset = malformed_cloze(text)
        if offset is not None:
            snippet = text[offset : offset + 20]
            self.error(
                node,
                f"malformed cloze deletion near '{snippet}'; write {{{{c1::text}}}} "
                "or {{c1::text::hint}}",
            )
            return
        deletions = find_deletions(text)
        if not deletions:
            self.error(node, "cloze text has no deletion; mark one like {{c1::hidden text}}")
        for deletion in deletions:
            if deletion.ordinal < 1:
                self.error(node, f"cloze numbers start at c1, found c{deletion.ordinal}")
            if not deletion.text.strip():
                self.error(node, f"cloze deletion c{deletion.ordinal} hides nothing")

    def _card_source(self, node: Node | None) -> CardSource | None:
        if node is None:
            return None
        if not isinstance(node, MapNode):
            self.error(
                node,
                f"'source' must be a mapping with 'article', 'section' or 'quote', "
                f"not {describe(node)}",
            )
            return None
        self._unknown_keys(node, _CARD_SOURCE_KEYS, "card source")
        article, section, quote = (self._text(node, key) for key in _CARD_SOURCE_KEYS)
        return CardSource(article, section, quote)

    def _image(self, node: Node | None) -> Path | None:
        if node is None:
            return None
        text = self._scalar_text(node, "image")
        if text is None:
            return None
        if "://" in text or text.startswith(("data:", "file:")):
            self.error(node, "images must be files in the deck's folder, not URLs")
            return None
        relative = Path(text)
        if relative.is_absolute():
            self.error(node, "image path must be relative to the deck file, not absolute")
            return None
        folder = self.path.parent.resolve()
        try:
            image = (folder / relative).resolve()
            if not image.is_relative_to(folder):
                self.error(node, f"image '{text}' is outside the deck's folder")
                return None
            found = image.is_file()
            if image.is_dir():
                self.error(node, f"image '{text}' is a folder, not an image file")
                return None
        except (OSError, ValueError) as error:
            # A name too long for the file system, or an escaped NUL character.
            self.error(node, f"image '{text}' cannot be a file name ({error})")
            return None
        if not found:
            self.error(node, f"image '{text}' not found (looked for {image})")
            return None
        return image

    # -- fields ------------------------------------------------------------

    def _unknown_keys(
        self, mapping: MapNode, allowed: tuple[str, ...], what: str, kind: CardKind | None = None
    ) -> None:
        for key, _ in mapping.items:
            if key.text in allowed:
                continue
            owner = ""
            if kind is not None:
                owners = [
                    k.value
                    for k, (req, opt) in _KIND_KEYS.items()
                    if k is not kind and key.text in req + opt
                ]
                if owners:
                    owner = f" (it belongs to {' and '.join(owners)} cards; set 'kind:')"
            hint = owner or _did_you_mean(key.text, allowed)
            self.error(key, f"unknown key '{key.text}' in a {what}{hint}")

    def _text(self, mapping: MapNode, key: str, *, required: bool = False) -> str | None:
        node = mapping.get(key)
        if node is None:
            if required:
                self._missing(mapping, key, f"missing '{key}'")
            return None
        return self._scalar_text(node, key)

    def _missing(self, mapping: MapNode, key: str, message: str) -> None:
        """Report a missing key, unless a misspelling of it is there: its
        unknown-key error (with a did-you-mean) already says what to fix."""
        present = [k.text for k, _ in mapping.items if mapping.get(k.text) is not None]
        if not difflib.get_close_matches(key, present, n=1, cutoff=0.75):
            self.error(mapping, message)

    def _scalar_text(self, node: Node, name: str) -> str | None:
        label = name if name.startswith(("a ", "an ")) else f"'{name}'"
        if not isinstance(node, ScalarNode):
            self.error(node, f"{label} must be text, not {describe(node)}")
            return None
        if len(node.text) > MAX_TEXT_CHARS:
            self.error(
                node,
                f"{label} is too long: {len(node.text):,} characters, "
                f"where at most {MAX_TEXT_CHARS:,} are allowed",
            )
            return None
        if node.is_null or not node.text.strip():
            self.error(node, f"{label} is blank")
            return None
        control = _CONTROL.search(node.text)
        if control is not None:
            self.error(
                node,
                f"{label} contains the control character U+{ord(control[0]):04X} "
                "(from an escape such as \\0 or \\e in quotes); remove it",
            )
            return None
        return node.text.strip()

    def _text_list(self, mapping: MapNode, key: str) -> tuple[str, ...]:
        node = mapping.get(key)
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            self.error(
                node, f"'{key}' must be a list of text, not {describe(node)}{_as_list(node)}"
            )
            return ()
        texts = (self._scalar_text(item, f"an item of '{key}'") for item in node.items)
        return tuple(text for text in texts if text is not None)

    def _tags(self, mapping: MapNode) -> tuple[str, ...]:
        node = mapping.get("tags")
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            example = _as_list(node) or "; e.g. [fundamentals, hormones]"
            self.error(node, f"'tags' must be a list, not {describe(node)}{example}")
            return ()
        tags: list[str] = []
        for item in node.items:
            tag = self._scalar_text(item, "a tag")
            if tag is None:
                continue
            if not _TAG.match(tag):
                self.error(item, f"tag '{tag}' cannot contain spaces or commas")
            elif not tag.isprintable():
                # Tags are shown and searched as names: a right-to-left
                # override or zero-width character would make one tag look
                # like another, or reverse the text shown after it.
                self.error(item, f"tag '{tag}' contains an invisible or control character")
            else:
                tags.append(tag)
        return tuple(tags)


def _as_list(node: Node) -> str:
    """A hint that shows a scalar written as a list, e.g. `; write [a, b]`."""
    if isinstance(node, ScalarNode) and not node.is_null:
        items = ", ".join(part.strip() for part in node.text.split(",") if part.strip())
        return f"; write [{items}]"
    return ""


def _did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
