"""Checks of the values every part of a deck shares: texts, lists of texts, tags, keys."""

from __future__ import annotations

import difflib

from endoquiz.decks.answer_shapes import same_answer
from endoquiz.decks.check_report import CheckReport
from endoquiz.decks.deck_format import CONTROL_CHARACTER, KIND_KEYS, MAX_TEXT_CHARS, TAG
from endoquiz.decks.deck_model import CardKind
from endoquiz.decks.yaml_tree import MapNode, Node, ScalarNode, SeqNode, describe

__all__ = ["FieldChecks", "did_you_mean", "suggestion"]


class FieldChecks:
    """Reads typed values out of a deck's nodes, reporting each wrong one where it is."""

    def __init__(self, report: CheckReport) -> None:
        self.report = report

    def mapping(
        self, node: Node, allowed: tuple[str, ...], what: str, expected: str
    ) -> MapNode | None:
        """The node as a mapping, its unknown keys reported; None, and the
        error `expected, not <what it is>`, when it is not a mapping."""
        if not isinstance(node, MapNode):
            self.report.error(node, f"{expected}, not {describe(node)}")
            return None
        self.unknown_keys(node, allowed, what)
        return node

    def unknown_keys(
        self, mapping: MapNode, allowed: tuple[str, ...], what: str, kind: CardKind | None = None
    ) -> None:
        for key, _ in mapping.items:
            if key.text in allowed:
                continue
            owner = ""
            if kind is not None:
                owners = [
                    k.value
                    for k, (req, opt) in KIND_KEYS.items()
                    if k is not kind and key.text in req + opt
                ]
                if owners:
                    owner = f" (it belongs to {' and '.join(owners)} cards; set 'kind:')"
            if kind is CardKind.CHOICE and key.text == "distractors":
                owner = "; a choice card's wrong answers are its 'choices'"
            if key.text == "<<" and key.plain:
                # YAML 1.1's merge key, which editors apply and endoquiz
                # does not: one spelling of a card's keys, in the card.
                self.report.error(
                    key, "merge keys ('<<: *name') are not supported in decks; write the keys out"
                )
                continue
            hint = owner or did_you_mean(key.text, allowed)
            self.report.error(key, f"unknown key '{key.text}' in a {what}{hint}")

    def text(self, mapping: MapNode, key: str, *, required: bool = False) -> str | None:
        node = mapping.get(key)
        if node is None:
            if required:
                self.missing(mapping, key, f"missing '{key}'")
            return None
        return self.scalar_text(node, key)

    def missing(self, mapping: MapNode, key: str, message: str) -> None:
        """Report a missing key, unless a misspelling of it is there: its
        unknown-key error (with a did-you-mean) already says what to fix."""
        present = [k.text for k, _ in mapping.items if mapping.get(k.text) is not None]
        if not difflib.get_close_matches(key, present, n=1, cutoff=0.75):
            self.report.error(mapping, message)

    def scalar_text(self, node: Node, name: str) -> str | None:
        # Runs for every text of every card: the label is made only for an error.
        if not isinstance(node, ScalarNode):
            self.report.error(node, f"{_label(name)} must be text, not {describe(node)}")
            return None
        text = node.text
        if len(text) > MAX_TEXT_CHARS:
            self.report.error(
                node,
                f"{_label(name)} is too long: {len(text):,} characters, "
                f"where at most {MAX_TEXT_CHARS:,} are allowed",
            )
            return None
        stripped = text.strip()
        if not stripped or node.is_null:
            self.report.error(node, f"{_label(name)} is blank")
            return None
        control = CONTROL_CHARACTER.search(text)
        if control is not None:
            self.report.error(
                node,
                f"{_label(name)} contains the control character U+{ord(control[0]):04X} "
                "(from an escape such as \\0 or \\e in quotes); remove it",
            )
            return None
        return stripped

    def exact_text(self, node: Node, name: str) -> str | None:
        """A value that names something (a kind, an id, a tag), read as
        `scalar_text` reads text, except that spaces or line breaks around it
        are an error: `"cloze "` is not a kind to the JSON Schema or to any
        other program that reads the deck, so endoquiz does not guess."""
        text = self.scalar_text(node, name)
        if text is not None and isinstance(node, ScalarNode) and node.text != text:
            self.report.error(
                node,
                f"{_label(name)} is '{node.text}', with a space or line break around it; "
                f"write '{text}'",
            )
            return None
        return text

    def text_list(self, mapping: MapNode, key: str) -> tuple[str, ...]:
        node = mapping.get(key)
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            self.report.error(
                node, f"'{key}' must be a list of text, not {describe(node)}{_as_list(node)}"
            )
            return ()
        texts = (self.scalar_text(item, f"an item of '{key}'") for item in node.items)
        return tuple(text for text in texts if text is not None)

    def distractors(
        self, mapping: MapNode, answers: dict[str, str] | None = None
    ) -> tuple[str, ...]:
        """A `distractors:` list: texts, none repeated and none one of
        `answers` (each as `same_answer` compares it, with what to call it:
        "the answer"), case, emphasis and spacing aside: a wrong option
        that is the right answer written otherwise would be marked wrong."""
        node = mapping.get("distractors")
        if node is not None and not isinstance(node, SeqNode):
            self.report.error(
                node,
                f"'distractors' must be a list of wrong answers, not {describe(node)}"
                f"{_as_list(node)}",
            )
            return ()
        distractors: list[str] = []
        seen: dict[str, int] = {}
        for item in node.items if node is not None else ():
            text = self.scalar_text(item, "a distractor")
            if text is None:
                continue
            compared = same_answer(text)
            if answers and compared in answers:
                self.report.error(
                    item,
                    f"distractor '{text}' is {answers[compared]}: a distractor is a wrong answer",
                )
            elif compared in seen:
                self.report.error(
                    item, f"distractor '{text}' is repeated (first at line {seen[compared]})"
                )
            else:
                seen[compared] = item.line
                distractors.append(text)
        return tuple(distractors)

    def tags(self, mapping: MapNode) -> tuple[str, ...]:
        node = mapping.get("tags")
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            example = _as_list(node) or "; e.g. [fundamentals, hormones]"
            self.report.error(node, f"'tags' must be a list, not {describe(node)}{example}")
            return ()
        tags: list[str] = []
        for item in node.items:
            tag = self.exact_text(item, "a tag")
            if tag is None:
                continue
            if not TAG.match(tag):
                self.report.error(item, f"tag '{tag}' cannot contain spaces or commas")
            elif not tag.isprintable():
                # Tags are shown and searched as names: a right-to-left
                # override or zero-width character would make one tag look
                # like another, or reverse the text shown after it.
                self.report.error(item, f"tag '{tag}' contains an invisible or control character")
            else:
                tags.append(tag)
        return tuple(tags)


def _label(name: str) -> str:
    """A value's name as a message says it: `'front'`, or `a tag` as given."""
    return name if name.startswith(("a ", "an ")) else f"'{name}'"


def _as_list(node: Node) -> str:
    """A hint that shows a scalar written as a list, e.g. `; write [a, b]`."""
    if isinstance(node, ScalarNode) and not node.is_null:
        items = ", ".join(part.strip() for part in node.text.split(",") if part.strip())
        return f"; write [{items}]"
    return ""


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    """`; did you mean 'x'?` for the option closest to a misspelt word, or nothing."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return suggestion(close[0] if close else None)


def suggestion(word: str | None) -> str:
    """The hint that ends a message: `; did you mean 'word'?`, or nothing without a word."""
    return f"; did you mean '{word}'?" if word is not None else ""
