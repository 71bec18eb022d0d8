"""Editing a deck file's cards in place: one entry changed or added, every other byte kept.

The card editor writes through here. An edit is made on ruamel.yaml's
round-trip document (`yaml_roundtrip`), so that the teacher's comments, key
order, quoting and layout stay; it is then read back with endoquiz's own
reader, which must find the values asked for in the edited entry and every
other entry and key as they were, and checked as a deck. Only an edit whose
deck has no error is written, atomically, and only over the file it was made
from: a file changed on disk since (saved in a text editor beside the app)
is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from endoquiz.decks.check_report import DeckCheck
from endoquiz.decks.deck_loader import check_deck, check_deck_data
from endoquiz.decks.deck_model import CardKind
from endoquiz.decks.yaml_input import read_text
from endoquiz.decks.yaml_nodes import MapNode, Node, ScalarNode, SeqNode, YamlError
from endoquiz.decks.yaml_roundtrip import RoundTripError, RoundTripText, new_value
from endoquiz.decks.yaml_tree import parse_yaml_bytes

__all__ = [
    "CardEdit",
    "DeckEditError",
    "DeckEntry",
    "FieldValue",
    "add_entry",
    "read_entry",
    "update_entry",
]

# A field's value as the editor gives it: a text, a list of texts (tags,
# choices, accept), a mapping of texts (source), or None to remove the key.
FieldValue = str | Sequence[str] | Mapping[str, str] | None

# The order keys are written in when an entry gains one: the deck format's
# order (docs/deck-format.md), so that a new key lands where a teacher
# would have put it.
KEY_ORDER = (
    "id",
    "kind",
    "front",
    "back",
    "text",
    "extra",
    "question",
    "choices",
    "answer",
    "accept",
    "explanation",
    "tags",
    "source",
    "image",
)
# Lists written in flow style (`[a, b]`) when new; choices go one a line.
FLOW_LISTS = frozenset({"tags", "accept"})
_BOM = b"\xef\xbb\xbf"


class DeckEditError(ValueError):
    """An edit that cannot be made, in one line: the file changed on disk
    since it was read, its layout cannot be kept, no such card, an id
    changed. Nothing was written."""


@dataclass(frozen=True, slots=True)
class DeckEntry:
    """One entry of a deck file as written, for an editor to show.

    Attributes:
        path: the deck file.
        entry_id: the entry's id (the derived `auto-...` one when it has none).
        kind: its kind.
        fields: its keys and values as endoquiz reads them (texts without
            the spaces at either end), in file order; no `id`.
        has_id: whether the entry writes its id (an entry without one gets
            its derived id written when edited, so that its progress stays).
        content_hash: SHA-256 of the file's bytes read: an edit made from
            this entry is written only over the same bytes.
        line: the entry's line in the file.
    """

    path: Path
    entry_id: str
    kind: CardKind
    fields: Mapping[str, str | tuple[str, ...] | Mapping[str, str]]
    has_id: bool
    content_hash: str
    line: int


@dataclass(frozen=True, slots=True)
class CardEdit:
    """What an edit of a deck file's entry made, or would make.

    Attributes:
        path: the deck file.
        entry_id: the entry edited or added.
        check: the deck file as edited, checked: its errors say why an edit
            was not written.
        written: whether the file was written.
        data: the file's bytes as edited.
        line: the entry's line in the edited file.
    """

    path: Path
    entry_id: str
    check: DeckCheck
    written: bool
    data: bytes = field(repr=False)
    line: int = 0

    @property
    def ok(self) -> bool:
        """Whether the edited deck has no error (and so may be written)."""
        return self.check.deck is not None


def read_entry(path: Path, entry_id: str) -> DeckEntry:
    """The entry `entry_id` of the deck file at `path`, as written.

    Raises:
        DeckEditError: when the file cannot be read or has no such entry.
    """
    source = _Source.read(path)
    index = source.index_of(entry_id)
    entry = source.entries[index]
    kind_node = entry.get("kind")
    try:
        kind = CardKind(_plain(kind_node)) if kind_node is not None else CardKind.BASIC
    except ValueError:
        raise DeckEditError(f"card '{entry_id}' has an unknown kind; fix it in the file") from None
    fields = {key.text: _plain(value) for key, value in entry.items if key.text != "id"}
    return DeckEntry(
        path=source.path,
        entry_id=entry_id,
        kind=kind,
        fields=fields,
        has_id=entry.get("id") is not None,
        content_hash=source.content_hash,
        line=entry.line,
    )


def update_entry(
    path: Path,
    entry_id: str,
    fields: Mapping[str, FieldValue],
    *,
    expected_hash: str | None = None,
    write: bool = True,
) -> CardEdit:
    """Set, change or remove (None) keys of one entry; keys whose value is
    unchanged are not touched. An entry without an `id` gets the one it is
    known by written, so that its progress survives the edit. Written only
    when the edited deck has no error and `write`.

    Raises:
        DeckEditError: the file changed since `expected_hash`, has no such
            entry or a layout that cannot be kept, or `fields` change the id.
    """
    source = _Source.read(path, expected_hash)
    index = source.index_of(entry_id)
    current = source.entries[index]
    asked = _normalised(fields)
    if "id" in asked and asked["id"] != entry_id:
        raise DeckEditError(
            f"the id of card '{entry_id}' cannot be changed here: its progress is kept by id"
        )
    asked.pop("id", None)
    changes = {
        key: value for key, value in asked.items() if _plain_or_none(current.get(key)) != value
    }
    if current.get("id") is None:
        changes = {"id": entry_id, **changes}
    if not changes:  # nothing to write: the file is not touched
        check = check_deck_data(source.path, source.data)
        return CardEdit(source.path, entry_id, check, False, source.data, current.line)

    def edit(cards: CommentedSeq) -> int:
        entry = cards[index]
        for key, value in changes.items():
            _set_key(entry, key, value)
        return index

    return source.edited(entry_id, edit, changes, write=write)


def add_entry(
    path: Path,
    fields: Mapping[str, FieldValue],
    *,
    after: str | None = None,
    expected_hash: str | None = None,
    write: bool = True,
) -> CardEdit:
    """Add an entry with `fields` (its `id` among them), at the end of
    `cards:` or after the entry `after`, keys in the deck format's order.
    Written only when the edited deck has no error and `write`.

    Raises:
        DeckEditError: as `update_entry`, and for fields without an id.
    """
    source = _Source.read(path, expected_hash)
    asked = {key: value for key, value in _normalised(fields).items() if value is not None}
    entry_id = asked.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        raise DeckEditError("a new card needs an id")
    position = source.index_of(after) + 1 if after is not None else len(source.entries)
    ordered = dict(sorted(asked.items(), key=lambda pair: _rank(pair[0])))

    def edit(cards: CommentedSeq) -> int:
        entry = CommentedMap()
        for key, value in ordered.items():
            entry[key] = new_value(value, flow=key in FLOW_LISTS)
        cards.insert(position, entry)
        if position > 0:
            _move(_last_slot(cards[position - 1]), _last_slot(entry), keep_separator=True)
        return position

    return source.edited(entry_id, edit, ordered, write=write, added_at=position)


# -- the file, read -------------------------------------------------------


@dataclass(slots=True)
class _Source:
    """A deck file read for an edit: its text, endoquiz's tree of it, and
    ruamel's document."""

    path: Path
    data: bytes
    content_hash: str
    bom: bool
    crlf: bool
    tree: MapNode
    entries: list[MapNode]
    text: str

    @classmethod
    def read(cls, path: Path, expected_hash: str | None = None) -> _Source:
        path = Path(path)
        try:
            data = read_text(path)
            with path.open("rb") as stream:
                bom = stream.read(3) == _BOM
        except YamlError as error:
            raise DeckEditError(f"{path.name} cannot be edited: {error.message}") from None
        except OSError as error:
            raise DeckEditError(f"{path.name} cannot be read: {error.strerror or error}") from None
        content_hash = hashlib.sha256(data).hexdigest()
        if expected_hash is not None and content_hash != expected_hash:
            raise DeckEditError(_CHANGED.format(name=path.name))
        tree = _tree(data, path)
        cards = tree.get("cards")
        if not isinstance(cards, SeqNode):
            raise DeckEditError(f"{path.name} has no list of cards to edit; fix it in the file")
        entries = [item for item in cards.items if isinstance(item, MapNode)]
        if len(entries) != len(cards.items):
            raise DeckEditError(f"{path.name} has a card that is not a mapping; fix it in the file")
        text = data.decode("utf-8")
        crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
        return cls(path, data, content_hash, bom, crlf, tree, entries, text)

    def index_of(self, entry_id: str) -> int:
        """The place in `cards:` of the entry known by `entry_id`: its
        `id`, or, for an entry without one, the id derived from its content
        (found through the checked deck)."""
        for index, entry in enumerate(self.entries):
            if _plain_or_none(entry.get("id")) == entry_id:
                return index
        deck = check_deck(self.path).deck if entry_id.startswith("auto-") else None
        if deck is not None and deck.content_hash == self.content_hash:
            lines = {card.line for card in deck.cards if card.note_id == entry_id}
            for index, entry in enumerate(self.entries):
                if entry.line in lines and entry.get("id") is None:
                    return index
        raise DeckEditError(f"{self.path.name} has no card '{entry_id}'")

    def edited(
        self,
        entry_id: str,
        edit: Callable[[CommentedSeq], int],
        asked: Mapping[str, Any],
        *,
        write: bool,
        added_at: int | None = None,
    ) -> CardEdit:
        """Make `edit` on ruamel's document, and keep it only if endoquiz
        reads back what was asked and everything else as it was; then
        check it, and write it when `write` and it has no error."""
        try:
            document = RoundTripText(self.text.replace("\r\n", "\n"))
        except RoundTripError as error:
            raise DeckEditError(f"{self.path.name} cannot be edited here: {error}") from None
        cards = document.document.get("cards")
        if not isinstance(cards, CommentedSeq) or len(cards) != len(self.entries):
            raise DeckEditError(f"{self.path.name} cannot be edited here: its cards are unusual")
        try:
            index = edit(cards)
            text = document.edited_text()
        except RoundTripError as error:
            raise DeckEditError(f"{self.path.name} cannot be edited here: {error}") from None
        if self.crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        entry = self._read_back(data, index, asked, added_at)
        check = check_deck_data(self.path, data)
        written = write and check.deck is not None
        if written:
            _write_over(self.path, (_BOM if self.bom else b"") + data, self.content_hash)
        return CardEdit(self.path, entry_id, check, written, data, entry.line)

    def _read_back(
        self, data: bytes, index: int, asked: Mapping[str, Any], added_at: int | None
    ) -> MapNode:
        """The edited entry as endoquiz reads the edited text, once sure
        that it holds what was asked, and that the rest reads as before."""
        tree = _tree(data, self.path)
        cards = tree.get("cards")
        items = cards.items if isinstance(cards, SeqNode) else []
        others = [item for number, item in enumerate(items) if number != index]
        before = [
            entry
            for number, entry in enumerate(self.entries)
            if added_at is not None or number != index
        ]
        same_rest = [_plain(node) for node in others] == [_plain(node) for node in before]
        top = [(k.text, _plain(v)) for k, v in tree.items if k.text != "cards"]
        old_top = [(k.text, _plain(v)) for k, v in self.tree.items if k.text != "cards"]
        entry = items[index] if index < len(items) else None
        if not (same_rest and top == old_top and isinstance(entry, MapNode)):
            raise DeckEditError(_NOT_KEPT.format(name=self.path.name))
        for key, value in asked.items():
            if _plain_or_none(entry.get(key)) != value:
                raise DeckEditError(_NOT_KEPT.format(name=self.path.name))
        if added_at is None:
            old = self.entries[index]
            untouched = [(k.text, _plain(v)) for k, v in old.items if k.text not in asked]
            now = [(k.text, _plain(v)) for k, v in entry.items if k.text not in asked]
            if untouched != now:
                raise DeckEditError(_NOT_KEPT.format(name=self.path.name))
        return entry


_CHANGED = (
    "{name} was changed on disk since it was opened here (in a text editor?); "
    "nothing was written: open the card again to edit it as it is now"
)
_NOT_KEPT = (
    "{name} is laid out in a way this edit cannot keep exactly, so nothing was "
    "written; make the change in a text editor"
)


def _tree(data: bytes, path: Path) -> MapNode:
    try:
        tree = parse_yaml_bytes(data)
    except YamlError as error:
        raise DeckEditError(
            f"{path.name} cannot be edited until its YAML is fixed "
            f"(line {error.line}, column {error.column}: {error.message})"
        ) from None
    if not isinstance(tree, MapNode):
        raise DeckEditError(f"{path.name} is not a deck (not a YAML mapping)")
    return tree


# -- values ---------------------------------------------------------------


def _plain(node: Node) -> Any:
    """A node as endoquiz reads its values: texts without the spaces at
    either end, lists as tuples, mappings as dicts."""
    if isinstance(node, ScalarNode):
        return node.text.strip()
    if isinstance(node, SeqNode):
        return tuple(_plain(item) for item in node.items)
    return {key.text: _plain(value) for key, value in node.items}


def _plain_or_none(node: Node | None) -> Any:
    return None if node is None else _plain(node)


def _normalised(fields: Mapping[str, FieldValue]) -> dict[str, Any]:
    """`fields` as `_plain` reads values: the editor's texts without spaces
    at either end, lists as tuples; a key or value of another type refused."""
    normal: dict[str, Any] = {}
    for key, value in fields.items():
        if not isinstance(key, str):
            raise DeckEditError(f"a field's name must be text, not {key!r}")
        if value is None or isinstance(value, str):
            normal[key] = value.strip() if isinstance(value, str) else None
        elif isinstance(value, Mapping):
            normal[key] = {str(k): _text(key, v).strip() for k, v in value.items()}
        elif isinstance(value, Sequence):
            normal[key] = tuple(_text(key, item).strip() for item in value)
        else:
            raise DeckEditError(f"'{key}' must be text, a list or a mapping")
    return normal


def _text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise DeckEditError(f"every value of '{key}' must be text")
    return value


def _rank(key: str) -> int:
    return KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)


# -- ruamel's document ----------------------------------------------------


def _set_key(entry: CommentedMap, key: str, value: Any) -> None:
    """Set, replace or (None) remove `key`, keeping the comments and blank
    lines that follow the entry after its last key."""
    keys = list(entry.keys())
    if value is None:
        if key not in entry:
            return
        if keys[-1] == key and len(keys) > 1:
            _move(_slot_after(entry, key), _slot_after(entry, keys[-2]), keep_separator=False)
        del entry[key]
        return
    if key in entry:
        old = entry[key]
        flow = old.fa.flow_style() if isinstance(old, CommentedSeq) else key in FLOW_LISTS
        styled = new_value(value, flow=bool(flow))
        if _is_block(old):
            # What followed the old list's last item follows the new value.
            _move(_slot_after(entry, key), None, keep_separator=False, into=(entry, key, styled))
        else:
            _restyle_trailing(entry, key, old, styled)
        entry[key] = styled
        return
    position = next((n for n, k in enumerate(keys) if _rank(k) > _rank(key)), len(keys))
    entry.insert(position, key, new_value(value, flow=key in FLOW_LISTS))
    if position == len(keys) and keys:
        _move(_slot_after(entry, keys[-1]), _slot_after(entry, key), keep_separator=False)


# Where ruamel keeps what follows a value (comments, blank lines): the
# collection holding it, the key or item, and the place in its comment row.
_Slot = tuple[Any, Any, int]


def _slot_after(container: CommentedMap | CommentedSeq, where: Any) -> _Slot:
    """Where what follows `container[where]` is kept: after its key (place
    2) or item (place 0), or after the last value inside it, when it is a
    block collection itself."""
    place = 2 if isinstance(container, CommentedMap) else 0
    value = container[where]
    while _is_block(value):
        container = value
        where = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        place = 2 if isinstance(container, CommentedMap) else 0
        value = container[where]
    return container, where, place


def _last_slot(node: CommentedMap | CommentedSeq) -> _Slot | None:
    """Where what follows a collection's last value is kept; None when empty."""
    if not node:
        return None
    last = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
    return _slot_after(node, last)


def _move(
    source: _Slot | None,
    target: _Slot | None,
    *,
    keep_separator: bool,
    into: tuple[CommentedMap, str, Any] | None = None,
) -> None:
    """Move the lines that follow one value (comments, blank lines) to after
    another (`target`, or the last value of `into`'s new value, once set).
    An end of line comment stays where it is; with `keep_separator`,
    `source` keeps the blank lines that began what followed it: the blank
    line between two cards."""
    if source is None:
        return
    container, where, place = source
    row = container.ca.items.get(where)
    token = row[place] if row is not None else None
    if token is None:
        return
    end_of_line, lines = _split_trailing(token.value, _ends_own_line(container[where]))
    separator = lines[: len(lines) - len(lines.lstrip("\n"))] if keep_separator else ""
    if end_of_line or separator:
        token.value = end_of_line + separator
    else:
        row[place] = None
    if not lines:
        return
    if into is not None:
        holder, key, new = into
        holder[key] = new
        target = _slot_after(holder, key)
    if target is None:
        return
    t_container, t_where, t_place = target
    own_line = _ends_own_line(t_container[t_where])
    t_row = t_container.ca.items.setdefault(t_where, [None, None, None, None])
    t_row[t_place] = CommentToken(lines if own_line else "\n" + lines, CommentMark(0))


def _split_trailing(value: str, own_line: bool) -> tuple[str, str]:
    """What ruamel keeps after a value, as (the end of the value's line, the
    lines after it). A `|` or `>` block ends its own line, so all of it
    follows; after any other value, the first line end (or end of line
    comment) is the value's own."""
    if own_line:
        return "", value
    if value.startswith("#") or value.startswith("\n"):
        head, _, rest = value.partition("\n")
        return head + "\n", rest
    return "", value


def _ends_own_line(value: Any) -> bool:
    """Whether ruamel's value takes its line end with it (a block text)."""
    return isinstance(value, LiteralScalarString | FoldedScalarString)


def _restyle_trailing(entry: CommentedMap, key: str, old: Any, new: Any) -> None:
    """Keep the lines after `key`'s value when a plain value becomes a `|`
    block, or a block a plain value: the two keep their line end apart."""
    row = entry.ca.items.get(key)
    token = row[2] if row is not None else None
    if token is None or _ends_own_line(old) == _ends_own_line(new):
        return
    end_of_line, lines = _split_trailing(token.value, _ends_own_line(old))
    if end_of_line.startswith("#"):
        return  # an end of line comment stays as ruamel writes it
    if _ends_own_line(new):
        token.value = lines
    else:
        token.value = "\n" + lines


def _is_block(value: Any) -> bool:
    return (
        isinstance(value, CommentedMap | CommentedSeq) and bool(value) and not value.fa.flow_style()
    )


# -- writing --------------------------------------------------------------


def _write_over(path: Path, data: bytes, read_hash: str) -> None:
    """Put `data` in place of the file at `path`, atomically (a temporary
    file beside it, flushed to disk, renamed over it), only if the file
    still holds the bytes the edit was made from."""
    try:
        now = hashlib.sha256(read_text(path)).hexdigest()
    except (OSError, YamlError):
        now = None
    if now != read_hash:
        raise DeckEditError(_CHANGED.format(name=path.name))
    mode = path.stat().st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".saving", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        reason = error.strerror or error
        raise DeckEditError(f"{path.name} could not be written: {reason}") from None
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of the renamed file to disk (POSIX; Windows
    has no such call, and its rename is flushed with the file)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
