"""Anki's four stock note types endoquiz writes, as a legacy (schema 11) collection keeps them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from endoquiz.anki.anki_model import StockKind

__all__ = ["STOCK_NOTETYPES", "StockNotetype", "notetype_json"]

# Anki's stock styling and templates, as Anki 26.9.3 writes them into a
# legacy package (tests/anki/fixtures/legacy.apkg holds the same).
_CARD_CSS = (
    ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n"
    "    text-align: center;\n    color: black;\n    background-color: white;\n}\n"
)
_CLOZE_CSS = (
    _CARD_CSS + ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n"
    ".nightMode .cloze {\n    color: lightblue;\n}\n"
)
_LATEX_PRE = (
    "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
    "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n"
    "\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n"
)
_ANSWER_OF = "{{FrontSide}}\n\n<hr id=answer>\n\n{{%s}}"


@dataclass(frozen=True, slots=True)
class StockNotetype:
    """A stock note type: its id in every package endoquiz writes (fixed, so
    that Anki takes the note type of a second export for the first's), its
    fields, and its templates as (name, front, back)."""

    id: int
    name: str
    kind: StockKind
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]
    # Anki's `req`: which fields a template needs filled to make a card.
    requirements: tuple[tuple[int, str, tuple[int, ...]], ...]

    @property
    def is_cloze(self) -> bool:
        return self.kind is StockKind.CLOZE


# Ids in Anki's style (a creation time in ms), from one fixed moment, so
# that they are the same in every export and unlike any Anki makes today.
_FIRST_ID = 1_700_000_000_000
STOCK_NOTETYPES = {
    notetype.kind: notetype
    for notetype in (
        StockNotetype(
            _FIRST_ID,
            "Basic",
            StockKind.BASIC,
            ("Front", "Back"),
            (("Card 1", "{{Front}}", _ANSWER_OF % "Back"),),
            ((0, "any", (0,)),),
        ),
        StockNotetype(
            _FIRST_ID + 1,
            "Basic (and reversed card)",
            StockKind.BASIC_AND_REVERSED,
            ("Front", "Back"),
            (
                ("Card 1", "{{Front}}", _ANSWER_OF % "Back"),
                ("Card 2", "{{Back}}", _ANSWER_OF % "Front"),
            ),
            ((0, "any", (0,)), (1, "any", (1,))),
        ),
        StockNotetype(
            _FIRST_ID + 3,
            "Basic (type in the answer)",
            StockKind.BASIC_TYPING,
            ("Front", "Back"),
            (
                (
                    "Card 1",
                    "{{Front}}\n\n{{type:Back}}",
                    "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}",
                ),
            ),
            ((0, "any", (0, 1)),),
        ),
        StockNotetype(
            _FIRST_ID + 4,
            "Cloze",
            StockKind.CLOZE,
            ("Text", "Back Extra"),
            (("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
            ((0, "any", (0,)),),
        ),
    )
}


def notetype_json(notetype: StockNotetype, deck_id: int) -> dict[str, Any]:
    """The note type as the `models` JSON of a schema 11 collection holds it;
    `deck_id` is the deck Anki's "Add" window offers for it."""
    fields = [
        {
            "name": name,
            "ord": ordinal,
            "sticky": False,
            "rtl": False,
            "font": "Arial",
            "size": 20,
            "description": "",
            "plainText": False,
            "collapsed": False,
            "excludeFromSearch": False,
            "id": notetype.id * 10 + ordinal,
            "tag": ordinal if notetype.is_cloze else None,
            "preventDeletion": notetype.is_cloze and ordinal == 0,
        }
        for ordinal, name in enumerate(notetype.fields)
    ]
    templates = [
        {
            "name": name,
            "ord": ordinal,
            "qfmt": front,
            "afmt": back,
            "bqfmt": "",
            "bafmt": "",
            "did": None,
            "bfont": "",
            "bsize": 0,
            "id": notetype.id * 10 + 5 + ordinal,
        }
        for ordinal, (name, front, back) in enumerate(notetype.templates)
    ]
    return {
        "id": notetype.id,
        "name": notetype.name,
        "type": 1 if notetype.is_cloze else 0,
        "mod": 0,
        "usn": 0,
        "sortf": 0,
        "did": deck_id,
        "tmpls": templates,
        "flds": fields,
        "css": _CLOZE_CSS if notetype.is_cloze else _CARD_CSS,
        "latexPre": _LATEX_PRE,
        "latexPost": "\\end{document}",
        "latexsvg": False,
        "req": [[ordinal, how, list(needed)] for ordinal, how, needed in notetype.requirements],
        # Anki's OriginalStockKind: StockNotetype.Kind plus one.
        "originalStockKind": int(notetype.kind) + 1,
    }
