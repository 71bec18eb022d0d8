"""Checks the card entries of a deck and builds their cards: one a side, or one a cloze deletion."""

from __future__ import annotations

import hashlib
from pathlib import Path

from endoquiz.decks.answer_shapes import answer_shape, same_answer
from endoquiz.decks.check_report import CheckReport
from endoquiz.decks.cloze import (
    cloze_answer,
    cloze_back,
    cloze_front,
    cloze_problems,
    find_deletions,
)
from endoquiz.decks.deck_format import (
    CARD_ID,
    CARD_SOURCE_KEYS,
    COMMON_CARD_KEYS,
    KIND_KEYS,
    MAX_ID_LENGTH,
)
from endoquiz.decks.deck_model import Card, CardKind, CardSource, Rename
from endoquiz.decks.field_checks import FieldChecks, did_you_mean, suggestion
from endoquiz.decks.yaml_tree import MapNode, Node, ScalarNode, SeqNode, describe

__all__ = ["CardChecks"]

# The keys each kind of card may have, made once rather than for every card.
_CARD_KEYS = {
    kind: COMMON_CARD_KEYS + required + optional for kind, (required, optional) in KIND_KEYS.items()
}


class CardChecks:
    """Checks a deck's `cards:` list, entry by entry, and builds the cards of the valid ones."""

    def __init__(self, path: Path, report: CheckReport, fields: FieldChecks) -> None:
        self.path = path
        self.report = report
        self.fields = fields
        # The `renamed_from:` ids of the valid entries, once `cards` ran.
        self.renames: list[Rename] = []
        self._claimed: list[tuple[Rename, ScalarNode]] = []
        self._deck_distractors: tuple[str, ...] = ()

    def cards(
        self,
        cards_node: SeqNode,
        deck_id: str,
        deck_tags: tuple[str, ...],
        deck_distractors: tuple[str, ...] = (),
    ) -> list[Card]:
        """The cards of every valid entry, in file order; a repeated card id is an error."""
        cards: list[Card] = []
        seen: dict[str, Node] = {}
        self._claimed = []
        self._deck_distractors = deck_distractors
        for entry in cards_node.items:
            if not isinstance(entry, MapNode):
                self.report.error(
                    entry, f"each card must be a mapping of fields, not {describe(entry)}"
                )
                continue
            built = self._entry(entry, deck_id, deck_tags, len(cards))
            if built is None:
                continue
            note_id, id_node, entry_cards = built
            if note_id is None:
                continue
            if note_id in seen:
                first = seen[note_id]
                self.report.error(
                    id_node,
                    f"duplicate card id '{note_id}' (first used at line {first.line}); "
                    "card ids must be unique in a deck",
                )
                continue
            seen[note_id] = id_node
            cards.extend(entry_cards)
        self.renames = self._check_claims(seen)
        return cards

    def _check_claims(self, entry_ids: dict[str, Node]) -> list[Rename]:
        """The renames of the file, once each old id is known to be no
        entry's id now and claimed by one entry only: its progress can go
        to one card alone."""
        renames: list[Rename] = []
        claimed: dict[str, tuple[Rename, ScalarNode]] = {}
        for rename, node in self._claimed:
            if rename.old_id in entry_ids:
                self.report.error(
                    node,
                    f"'{rename.old_id}' is the id of the entry at line "
                    f"{entry_ids[rename.old_id].line}: an entry can only be renamed from "
                    "an id no longer in the file",
                )
            elif rename.old_id in claimed:
                first, first_node = claimed[rename.old_id]
                self.report.error(
                    node,
                    f"'{rename.old_id}' is already in the renamed_from of '{first.new_id}' "
                    f"(line {first_node.line}): its progress can go to one card only",
                )
            else:
                claimed[rename.old_id] = (rename, node)
                renames.append(rename)
        return renames

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
        required = KIND_KEYS[kind][0]
        errors_before = self.report.error_count
        self.fields.unknown_keys(entry, _CARD_KEYS[kind], f"{kind.value} card", kind)
        fields = {
            key: self.fields.text(entry, key, required=True) for key in required if key != "choices"
        }
        # A card's own tags first, then the deck's, each once.
        tags = tuple(dict.fromkeys(self.fields.tags(entry) + deck_tags))
        source = self._card_source(entry.get("source"))
        image = self._image(entry.get("image"))
        explanation = self.fields.text(entry, "explanation")
        extra_text = self.fields.text(entry, "extra")
        accept = self.fields.text_list(entry, "accept")
        choices: tuple[str, ...] = ()
        if kind is CardKind.CHOICE:
            choices = self._choices(entry, fields.get("answer"))
        note_id, id_node = self._card_id(entry, kind, [*fields.values(), *choices])
        old_ids = self._renamed_from(entry, note_id)
        if kind is CardKind.CLOZE and fields["text"] is not None:
            self._check_cloze(entry.get("text") or entry, fields["text"])
        distractors: tuple[str, ...] = ()
        if entry.get("distractors") is not None:  # most have none: no answers folded
            distractors = self.fields.distractors(entry, _answers(kind, fields, accept))
        if self.report.error_count > errors_before or note_id is None:
            return note_id, id_node, []
        self._claimed += [
            (Rename(note_id, old_id, node.line, node.column), node) for old_id, node in old_ids
        ]

        def card(
            card_id: str,
            front: str,
            back: str,
            *,
            answer: str | None = None,
            accept: tuple[str, ...] = (),
            choices: tuple[str, ...] = (),
            own_distractors: tuple[str, ...] = distractors,
        ) -> Card:
            asked = answer if answer is not None else back
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
                distractors=own_distractors,
                deck_distractors=() if kind is CardKind.CHOICE else self._deck_pool(asked, accept),
            )

        cards: list[Card] = []
        if kind is CardKind.BASIC:
            cards.append(card(note_id, fields["front"] or "", fields["back"] or ""))
        elif kind is CardKind.REVERSE:
            front, back = fields["front"] or "", fields["back"] or ""
            cards.append(card(note_id, front, back))
            # The entry's distractors are wrong backs, not wrong fronts.
            cards.append(card(f"{note_id}:reverse", back, front, own_distractors=()))
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

    def _deck_pool(self, answer: str, accept: tuple[str, ...]) -> tuple[str, ...]:
        """The deck's distractors that could pass for this answer: of its
        shape, and none of its forms."""
        if not self._deck_distractors:
            return ()
        shape = answer_shape(answer)
        right = {same_answer(text) for text in (answer, *accept)}
        return tuple(
            text
            for text in self._deck_distractors
            if answer_shape(text) is shape and same_answer(text) not in right
        )

    def _kind(self, entry: MapNode) -> CardKind | None:
        node = entry.get("kind")
        if node is None:
            return CardKind.BASIC
        text = self.fields.exact_text(node, "kind")
        if text is None:
            return None
        try:
            return CardKind(text)
        except ValueError:
            names = [k.value for k in CardKind]
            self.report.error(
                node,
                f"unknown card kind '{text}'{did_you_mean(text, names)}; "
                f"kinds are {', '.join(names)}",
            )
            return None

    def _forgotten_kind(self, entry: MapNode) -> CardKind:
        """A kind-less entry with another kind's fields most likely forgot `kind:`;
        say so once and check it as that kind, instead of listing every field
        a basic card would miss."""
        # Most cards: checked before the set of keys is made.
        if entry.get("front") is not None and entry.get("back") is not None:
            return CardKind.BASIC
        keys = {key.text for key, _ in entry.items}
        for kind, (required, _) in KIND_KEYS.items():
            if kind is not CardKind.BASIC and keys.issuperset(required):
                self.report.error(
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
            self.report.warning(
                entry,
                f"card has no 'id'; using '{derived}', derived from its content: "
                "editing its text will reset its progress, so give it an id",
            )
            return derived, entry
        card_id = self.fields.exact_text(node, "id")
        if card_id is None:
            return None, node
        if len(card_id) > MAX_ID_LENGTH or not CARD_ID.match(card_id):
            self.report.error(
                node,
                f"invalid card id '{card_id}': use lowercase letters, digits, '-', '_' or '.', "
                "starting with a letter or digit",
            )
            return None, node
        return card_id, node

    def _renamed_from(self, entry: MapNode, note_id: str | None) -> list[tuple[str, ScalarNode]]:
        """The ids an entry says it had (`renamed_from: [old-id]`), each a
        valid card id, not its own and listed once; where each is written."""
        node = entry.get("renamed_from")
        if node is None:
            return []
        if not isinstance(node, SeqNode):
            hint = f"; write [{node.text.strip()}]" if isinstance(node, ScalarNode) else ""
            self.report.error(
                node,
                f"'renamed_from' must be a list of the entry's old ids, not {describe(node)}{hint}",
            )
            return []
        old_ids: list[tuple[str, ScalarNode]] = []
        for item in node.items:
            old_id = self.fields.scalar_text(item, "an item of 'renamed_from'")
            if old_id is None or not isinstance(item, ScalarNode):
                continue
            if len(old_id) > MAX_ID_LENGTH or not CARD_ID.match(old_id):
                self.report.error(
                    item,
                    f"invalid card id '{old_id}' in 'renamed_from': an old id has the form "
                    "of an id (lowercase letters, digits, '-', '_' or '.')",
                )
            elif old_id == note_id:
                self.report.error(item, f"'{old_id}' is this entry's own id, not an old one")
            elif any(old_id == seen for seen, _ in old_ids):
                self.report.error(item, f"'{old_id}' is listed twice in 'renamed_from'")
            else:
                old_ids.append((old_id, item))
        return old_ids

    def _choices(self, entry: MapNode, answer: str | None) -> tuple[str, ...]:
        node = entry.get("choices")
        if node is None:
            self.fields.missing(entry, "choices", "choice card has no 'choices'")
            return ()
        if not isinstance(node, SeqNode):
            self.report.error(node, f"'choices' must be a list, not {describe(node)}")
            return ()
        choices: list[str] = []
        seen: dict[str, int] = {}
        for item in node.items:
            text = self.fields.scalar_text(item, "a choice")
            if text is None:
                continue
            folded = text.casefold()
            if folded in seen:
                self.report.error(
                    item, f"choice '{text}' is repeated (first at line {seen[folded]})"
                )
                continue
            seen[folded] = item.line
            choices.append(text)
        if len(node.items) < 2:
            self.report.error(node, "a choice card needs at least two choices")
        if answer is not None and choices and answer not in choices:
            close = [c for c in choices if c.casefold() == answer.casefold()]
            hint = suggestion(close[0] if close else None)
            answer_node = entry.get("answer") or entry
            self.report.error(answer_node, f"the answer '{answer}' is not one of the choices{hint}")
        return tuple(choices)

    def _check_cloze(self, node: Node, text: str) -> None:
        for problem in cloze_problems(text):
            self.report.error(node, problem)

    def _card_source(self, node: Node | None) -> CardSource | None:
        if node is None:
            return None
        source = self.fields.mapping(
            node,
            CARD_SOURCE_KEYS,
            "card source",
            "'source' must be a mapping with 'article', 'section' or 'quote'",
        )
        if source is None:
            return None
        article, section, quote = (self.fields.text(source, key) for key in CARD_SOURCE_KEYS)
        return CardSource(article, section, quote)

    def _image(self, node: Node | None) -> Path | None:
        if node is None:
            return None
        text = self.fields.scalar_text(node, "image")
        if text is None:
            return None
        if "://" in text or text.startswith(("data:", "file:")):
            self.report.error(node, "images must be files in the deck's folder, not URLs")
            return None
        relative = Path(text)
        if relative.is_absolute():
            self.report.error(node, "image path must be relative to the deck file, not absolute")
            return None
        folder = self.path.parent.resolve()
        try:
            image = (folder / relative).resolve()
            if not image.is_relative_to(folder):
                self.report.error(node, f"image '{text}' is outside the deck's folder")
                return None
            found = image.is_file()
            if image.is_dir():
                self.report.error(node, f"image '{text}' is a folder, not an image file")
                return None
        except (OSError, ValueError) as error:
            # A name too long for the file system, or an escaped NUL character.
            self.report.error(node, f"image '{text}' cannot be a file name ({error})")
            return None
        if not found:
            self.report.error(node, f"image '{text}' not found (looked for {image})")
            return None
        return image


def _answers(
    kind: CardKind, fields: dict[str, str | None], accept: tuple[str, ...]
) -> dict[str, str]:
    """The right answers an entry's distractors must differ from, as
    `same_answer` compares them, each with what to call it."""
    answers: dict[str, str] = {}
    if kind is CardKind.CLOZE and fields.get("text"):
        text = fields["text"] or ""
        for deletion in find_deletions(text):
            answers.setdefault(same_answer(deletion.text), f"the answer of c{deletion.ordinal}")
    for key in ("back", "answer"):
        if fields.get(key):
            answers.setdefault(same_answer(fields[key] or ""), "the answer")
    for text in accept:
        answers.setdefault(same_answer(text), "one of the 'accept' answers")
    return answers
