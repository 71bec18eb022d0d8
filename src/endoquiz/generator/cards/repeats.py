"""One fact, one card: finds cards of an article that ask a fact another card already asks.

The card sources run one after another (bullets, tables, questions, clozes,
then the glossary), so two of them can ask the same fact about the same thing
in the same direction: a table cell and a cloze hiding that cell's words, a
table's "which row?" and a term card naming the same row from the same
description, a glossary cloze and a section cloze hiding the same words. A
learner then answers one fact twice. Each rule here compares the answer a
card asks (a cell, a gap, a definition, a name), normalised to its content
words, and the thing it is about (a row, a term, the sentence), and says
which card is the lesser copy; a card and its reverse (the cell from the row,
the row from the cell) ask in opposite directions and are never repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from endoquiz import CardKind
from endoquiz.generator.cards.article_text import ABBREVIATION, STOPWORDS, long_form
from endoquiz.generator.cards.drafts import CardDraft
from endoquiz.generator.text_cleanup import singular, words

__all__ = ["Repeat", "RepeatAction", "repeated_facts", "without_repeats"]

_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::[^}]*)?\}\}")
_CELL_FRONT = re.compile(r"^\*\*(.+?)\*\*: .+?\?")
_TABLE_NAME = re.compile(r"\*From the table: (.+?)\*")
_DESCRIBED = re.compile(r"^> (.+)$", re.MULTILINE)
_BOLD_TERM = re.compile(r"\*\*(.+?)\*\*")
# The column a table's "which row?" quotes its cell from: "*Usual Cause*: ".
_COLUMN_LABEL = re.compile(r"^\*[^*]+\*:\s*")
_TERM_FRONT = re.compile(r"^(?:What (?:is|are)|How does the article describe) \*\*(.+?)\*\*\?")
# A gap that covers this share of its content words inside a cell asks that
# cell's fact ("conversion of T4 to the active T3" in "Impaired T4 to T3
# conversion"): a stray modifier does not make it another fact.
_COVERED = 0.75
# A cell's items, split at commas and semicolons outside brackets.
_ITEM_BREAK = re.compile(r"[,;](?![^(]*\))")
# Between the members of a list: "A, B and C", "A or B".
_LIST_MEMBER_BREAK = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# Gaps that hide half of an item's words ask that item.
_ITEM_SHARE = 0.5
# Two sentences around one gap that share this many words say the same thing.
_SAME_CONTEXT = 2
# A description that holds this share of a cell's words describes the same thing.
_DESCRIBES = 2 / 3
# A word and its derived form ("mitochondria", "mitochondrial") meet when one
# is the other with a short ending added.
_SHORTEST_STEM = 5
_LONGEST_ENDING = 3


class RepeatAction(StrEnum):
    """What becomes of a card that repeats another's fact."""

    DROP = "drop"  # the whole card goes
    UNHIDE = "unhide"  # a later deletion of a cloze is shown as plain text


@dataclass(frozen=True, slots=True)
class Repeat:
    """One card (or one deletion of a cloze) that asks what `kept` already asks."""

    card_id: str
    action: RepeatAction
    kept: str
    reason: str
    deletion: int = 0  # the cloze deletion number, for UNHIDE


@dataclass(frozen=True, slots=True)
class _Cell:
    """A table cell card: the row it is about, the cell it asks."""

    card: CardDraft
    table: str
    row: str
    answer: str


@dataclass(frozen=True, slots=True)
class _Named:
    """A card that asks a name from a description (a table's "which row?", a
    "which term?", a glossary card read in reverse)."""

    card: CardDraft
    name: str
    description: str


def repeated_facts(cards: list[CardDraft], glossary_ids: frozenset[str]) -> list[Repeat]:
    """Every repeat among the cards of one article, the lesser copy named.

    `glossary_ids` are the cards of the glossary deck, which yields to the
    section decks (it asks terms, the sections ask facts in context)."""
    cells = [cell for card in cards if (cell := _cell(card)) is not None]
    clozes = [card for card in cards if card.kind is CardKind.CLOZE]
    repeats: list[Repeat] = []
    repeats += _clozes_hiding_the_same_words(clozes, glossary_ids)
    repeats += _later_deletions_asked_elsewhere(clozes, cards)
    repeats += _clozes_cut_from_definitions(clozes, cards)
    repeats += _clozes_pairing_names_asked_elsewhere(clozes, cards)
    repeats += _clozes_against_cells(clozes, cells, _names(cards, cells))
    repeats += _cells_against_definitions(cards, cells)
    repeats += _which_rows_against_names(cards)
    return _first_per_card(repeats)


def without_repeats(cards: list[CardDraft], repeats: list[Repeat]) -> list[CardDraft]:
    """The cards with each repeat dropped or its deletion shown as text."""
    dropped = {r.card_id for r in repeats if r.action is RepeatAction.DROP}
    unhidden: dict[str, set[int]] = {}
    for r in repeats:
        if r.action is RepeatAction.UNHIDE:
            unhidden.setdefault(r.card_id, set()).add(r.deletion)
    kept: list[CardDraft] = []
    for card in cards:
        if card.id in dropped:
            continue
        if card.id in unhidden:
            text = _unhide(str(card.fields["text"]), unhidden[card.id])
            card = CardDraft(
                card.id,
                card.kind,
                {**card.fields, "text": text},
                card.section,
                card.heading,
                card.quote,
                card.line,
            )
        kept.append(card)
    return kept


def _clozes_against_cells(
    clozes: list[CardDraft], cells: list[_Cell], names: list[str]
) -> list[Repeat]:
    """Rule: a cloze gap and a table cell of a row the sentence is about.

    When the gap is the cell word for word and the sentence names the row,
    the cloze asks the same answer with its sentence around it and the bare
    cell goes. When the cloze's gaps ask most of one item of the cell (or pad
    the whole cell), the cell asks the fact whole and the cloze is the lesser
    copy: it goes, or, for a later deletion, that deletion is shown. A gap that
    is itself a name the article asks (a term, a row) names a thing a cell only
    mentions: that is another fact."""
    repeats: list[Repeat] = []
    for cloze in clozes:
        text = str(cloze.fields["text"])
        deletions = _deletions(text)
        around = _tokens(_DELETION.sub(" ", text))
        hidden = [gap for _, gap in deletions]
        for number, gap in deletions:
            for cell in cells:
                if not (_tokens(cell.row) | _row_tokens(cell, cells)) & around:
                    continue
                if _same_answer(gap, cell.answer):
                    if _tokens(cell.row) & around:
                        reason = f"cell '{cell.answer}' is the gap of {cloze.id}"
                        repeats.append(Repeat(cell.card.id, RepeatAction.DROP, cloze.id, reason))
                    continue
                amounts = _amounts(cell.answer)
                if amounts and amounts <= _amounts(gap) and _tokens(cell.row) & around:
                    # "Weekly SC injection (0.1-0.2ml)" of TRT Women, and
                    # "... for women, often {{10–20 units (0.1–0.2ml)
                    # weekly}}": the cloze asks the same dose, in its sentence.
                    reason = f"the amounts of cell '{cell.answer}' are hidden by {cloze.id}"
                    repeats.append(Repeat(cell.card.id, RepeatAction.DROP, cloze.id, reason))
                    continue
                if any(_same_answer(gap, name) for name in names):
                    continue
                if _asks_an_item(hidden, gap, cell.answer) or (
                    len(_tokens(cell.answer)) >= 2 and _part_of(cell.answer, gap, share=1.0)
                ):
                    reason = f"gap '{gap}' repeats the cell '{cell.answer}' of {cell.card.id}"
                    repeats.append(_lesser_deletion(cloze.id, number, cell.card.id, reason))
    return repeats


# A figure standing on its own: not a name's ("IGF-1", "T4"), whose digit
# follows a letter, with or without a hyphen.
_AMOUNT = re.compile(r"(?<![A-Za-z])(?<![A-Za-z][-\u2010])\d+(?:\.\d+)?")


def _amounts(text: str) -> set[str]:
    """The figures a text gives ("0.1", "0.2" of "0.1-0.2ml"), not the
    digits of names ("IGF-1", "T4")."""
    return set(_AMOUNT.findall(text))


def _asks_an_item(hidden: list[str], gap: str, cell: str) -> bool:
    """Whether the gap falls in an item of the cell ("reduced IGF-1 levels" of
    "Suppressed GH secretion, reduced IGF-1 levels") whose words the cloze's
    gaps together hide at least half of."""
    hidden_tokens = set().union(*(_tokens(h) for h in hidden))
    for item in _ITEM_BREAK.split(cell):
        item_tokens = _tokens(item)
        if len(item_tokens) < 2 or not _part_of(gap, item):
            continue  # one word of a list of names is one member, not the cell's fact
        found = sum(1 for token in item_tokens if _meets(token, hidden_tokens))
        if found / len(item_tokens) >= _ITEM_SHARE:
            return True
    return False


def _cells_against_definitions(cards: list[CardDraft], cells: list[_Cell]) -> list[Repeat]:
    """Rule: a cell that is the row's own definition, asked by a term card
    (or a "which term?") about the same name: the definition card is the
    fuller one and the cell goes."""
    repeats: list[Repeat] = []
    definitions = [named for card in cards if (named := _definition(card)) is not None]
    for cell in cells:
        if len(_tokens(cell.answer)) < 2:
            continue  # "Low", "High": a level, not a definition
        for named in definitions:
            if (
                _same_answer(named.name, cell.row)
                and _part_of(cell.answer, named.description)
                and _part_of(named.description, cell.answer, share=0.5)
            ):
                reason = f"cell '{cell.answer}' is how {named.card.id} defines {cell.row}"
                repeats.append(Repeat(cell.card.id, RepeatAction.DROP, named.card.id, reason))
                break
    return repeats


def _which_rows_against_names(cards: list[CardDraft]) -> list[Repeat]:
    """Rule: a table's "which row?" from a cell, and another card that asks
    the same name from words that hold the cell's ("which term?" from a
    description, a cloze hiding the name in a sentence): the table card,
    a bare cell among four rows, goes."""
    repeats: list[Repeat] = []
    whiches = [
        named
        for card in cards
        if card.id.startswith("table-") and (named := _which(card)) is not None
    ]
    others = [card for card in cards if not card.id.startswith("table-")]
    names = [n for card in others for n in _names_asked(card)]
    for which in whiches:
        cell = _tokens(_COLUMN_LABEL.sub("", which.description))
        for named in names:
            if not _same_answer(which.name, named.name):
                continue
            described = _tokens(named.description)
            found = sum(1 for token in cell if _meets(token, described))
            if cell and found / len(cell) >= _DESCRIBES:
                reason = f"{named.card.id} asks {which.name} from the same description"
                repeats.append(Repeat(which.card.id, RepeatAction.DROP, named.card.id, reason))
                break
    return repeats


def _later_deletions_asked_elsewhere(
    clozes: list[CardDraft], cards: list[CardDraft]
) -> list[Repeat]:
    """Rule: a cloze's second (or later) deletion that another card asks (the
    same name from a description of the sentence's thing, or a definition
    cut from this very sentence) is shown; the first deletion stays the card's
    question."""
    repeats: list[Repeat] = []
    for cloze in clozes:
        plain = _plain(str(cloze.fields["text"]))
        for number, gap in _deletions(str(cloze.fields["text"]))[1:]:
            for other in cards:
                if other is cloze:
                    continue
                asked = _asks_gap_elsewhere(other, gap, plain)
                if asked:
                    reason = f"deletion c{number} '{gap}' is asked by {other.id}"
                    repeats.append(Repeat(cloze.id, RepeatAction.UNHIDE, other.id, reason, number))
                    break
    return repeats


def _clozes_cut_from_definitions(clozes: list[CardDraft], cards: list[CardDraft]) -> list[Repeat]:
    """Rule: a cloze on the very sentence a term card answers with, when that
    sentence opens with the term ("Hypothyroidism is a state in which the
    thyroid gland produces too little hormone, slowing {{metabolism}}": "X
    is ...", a definition) and the term stays shown, asks a piece of the
    definition the term card asks whole: the cloze goes. A cloze hiding the
    term asks the other way round (from the definition to the term) and stays."""
    definitions = [
        (card, front[1], " ".join(words(str(card.fields["back"]))))
        for card in cards
        if (front := _TERM_FRONT.match(str(card.fields.get("front", ""))))
        and isinstance(card.fields.get("back"), str)
    ]
    repeats: list[Repeat] = []
    for cloze in clozes:
        text = str(cloze.fields["text"])
        gaps = [gap for _, gap in _deletions(text)]
        plain = " ".join(words(_plain(text)))
        for card, term, back in definitions:
            opens = re.match(rf"{re.escape(' '.join(words(term)))} (?:is|are) ", back)
            if opens and plain.endswith(back) and not any(_same_answer(g, term) for g in gaps):
                reason = f"{card.id} asks the definition this cloze cuts a piece from"
                repeats.append(Repeat(cloze.id, RepeatAction.DROP, card.id, reason))
                break
    return repeats


def _clozes_pairing_names_asked_elsewhere(
    clozes: list[CardDraft], cards: list[CardDraft]
) -> list[Repeat]:
    """Rule: a cloze of two or more gaps, each a name another card asks (a
    term card, a "which?" card), is a recap that pairs names the deck asks
    on their own ("Treatment with {{levothyroxine}} restores normal thyroid
    hormone levels in most people with {{hypothyroidism}}"): each gap is read
    off the other, and nothing new is asked. One gap listing such names
    ("the work of {{osteoblasts and osteoclasts}}") pairs them the same way.
    A cloze of one gap, a name in its defining sentence, asks the name from
    its definition and stays."""
    names = [
        (other, definition.name)
        for other in cards
        if other.kind is not CardKind.CLOZE
        for definition in [_definition(other)]
        if definition is not None
    ]
    repeats: list[Repeat] = []
    for cloze in clozes:
        # "{{osteoblasts and osteoclasts}}" pairs two names in one gap.
        gaps = [
            member
            for _, gap in _deletions(str(cloze.fields["text"]))
            for member in _LIST_MEMBER_BREAK.split(gap)
            if member.strip()
        ]
        askers = [
            next((o.id for o, name in names if _same_answer(gap, name)), None) for gap in gaps
        ]
        if len(gaps) >= 2 and all(askers):
            reason = f"every gap is a name asked elsewhere ({', '.join(map(str, askers))})"
            repeats.append(Repeat(cloze.id, RepeatAction.DROP, str(askers[0]), reason))
    return repeats


def _asks_gap_elsewhere(other: CardDraft, gap: str, sentence: str) -> bool:
    """Whether another card asks this gap about this sentence's thing."""
    back = other.fields.get("back")
    if isinstance(back, str) and _TERM_FRONT.match(str(other.fields.get("front", ""))):
        # A definition cut from this sentence, holding the gap, asks it too.
        cut = " ".join(words(back))
        return bool(cut) and cut in " ".join(words(sentence)) and _part_of(gap, back, share=1.0)
    for named in _names_asked(other):
        if other.kind is CardKind.CLOZE:
            continue  # two clozes hiding one name in two sentences ask two facts
        described = _tokens(named.description)
        if _same_answer(gap, named.name) and len(described & _tokens(sentence)) >= 2:
            return True
    return False


def _clozes_hiding_the_same_words(
    clozes: list[CardDraft], glossary_ids: frozenset[str]
) -> list[Repeat]:
    """Rule: a glossary cloze (which hides its term) and a section cloze that
    hide the same words in sentences saying the same thing (two more words in
    common around the gap) ask one fact. The one whose shown words give away
    less of its gap stays; on a tie the section card stays. Two section clozes
    hiding the same words ("weekly", "10 minutes") most often ask it about two
    things, and both stay."""
    repeats: list[Repeat] = []
    for one in (card for card in clozes if card.id in glossary_ids):
        for other in (card for card in clozes if card.id not in glossary_ids):
            gap = _shared_gap(one, other)
            if gap is None or len(_context(one) & _context(other)) < _SAME_CONTEXT:
                continue
            lesser, kept = sorted(
                (one, other),
                key=lambda c: (_leaked(c, gap), c.id in glossary_ids),
                reverse=True,
            )
            reason = f"{kept.id} hides the same words '{gap}' about the same thing"
            repeats.append(Repeat(lesser.id, RepeatAction.DROP, kept.id, reason))
    return repeats


def _shared_gap(one: CardDraft, other: CardDraft) -> str | None:
    """A gap both clozes hide, if any."""
    for _, gap in _deletions(str(one.fields["text"])):
        for _, hidden in _deletions(str(other.fields["text"])):
            if _same_answer(gap, hidden):
                return gap
    return None


def _context(cloze: CardDraft) -> set[str]:
    """The content words a cloze shows around its gaps."""
    return _tokens(_DELETION.sub(" ", str(cloze.fields["text"])))


def _leaked(cloze: CardDraft, gap: str) -> int:
    """How many of the gap's words the cloze shows elsewhere in its text."""
    shown = _context(cloze)
    return sum(1 for token in _tokens(gap) if token in shown)


def _names(cards: list[CardDraft], cells: list[_Cell]) -> list[str]:
    """The names the article asks or defines: terms, abbreviations, the answers
    of "which?" cards, the words a glossary cloze hides, table rows."""
    names = [cell.row for cell in cells]
    for card in cards:
        term = _BOLD_TERM.search(str(card.fields.get("front", "")))
        if card.id.startswith(("term-", "abbr-")) and term is not None:
            names.append(term.group(1))
        elif card.id.startswith("term-") and card.kind is CardKind.CLOZE:
            names += [gap for _, gap in _deletions(str(card.fields["text"]))]
        named = _which(card)
        if named is not None:
            names.append(named.name)
    return names


def _lesser_deletion(card_id: str, number: int, kept: str, reason: str) -> Repeat:
    """A cloze's first deletion is its question (the card goes); a later one is shown."""
    if number == 1:
        return Repeat(card_id, RepeatAction.DROP, kept, reason)
    return Repeat(card_id, RepeatAction.UNHIDE, kept, reason, number)


def _first_per_card(repeats: list[Repeat]) -> list[Repeat]:
    """One verdict per card (or deletion), and none against a card that is itself
    dropped: two copies of one fact keep one, never zero."""
    dropped: set[str] = set()
    keepers: set[str] = set()
    result: list[Repeat] = []
    seen: set[tuple[str, int]] = set()
    for r in repeats:
        key = (r.card_id, r.deletion)
        if key in seen or r.kept in dropped or r.card_id in dropped:
            continue
        if r.action is RepeatAction.DROP and r.card_id in keepers:
            continue  # the card another repeat was dropped for stays
        seen.add(key)
        keepers.add(r.kept)
        if r.action is RepeatAction.DROP:
            dropped.add(r.card_id)
        result.append(r)
    return result


def _cell(card: CardDraft) -> _Cell | None:
    """The row, table and answer of a table cell card."""
    if not card.id.startswith("table-") or card.kind is not CardKind.BASIC:
        return None
    front = str(card.fields.get("front", ""))
    row = _CELL_FRONT.match(front)
    table = _TABLE_NAME.search(front)
    if row is None or table is None:
        return None
    return _Cell(card, table.group(1), row.group(1), str(card.fields.get("back", "")))


def _row_tokens(cell: _Cell, cells: list[_Cell]) -> set[str]:
    """What a row is about: its name and every cell it holds."""
    tokens = _tokens(cell.row)
    for other in cells:
        if other.table == cell.table and other.row == cell.row and other is not cell:
            tokens |= _tokens(other.answer)
    return tokens


def _which(card: CardDraft) -> _Named | None:
    """A card that asks a name from a quoted description."""
    answer = card.fields.get("answer")
    prompt = card.fields.get("question", card.fields.get("front"))
    if not isinstance(answer, str) or not isinstance(prompt, str):
        return None
    described = _DESCRIBED.search(prompt)
    if described is None:
        return None
    return _Named(card, answer, described.group(1))


def _definition(card: CardDraft) -> _Named | None:
    """A card that pairs a name with its definition, either way round."""
    front = str(card.fields.get("front", ""))
    term = _TERM_FRONT.match(front)
    if term is not None and isinstance(card.fields.get("back"), str):
        return _Named(card, term.group(1), str(card.fields["back"]))
    if card.id.startswith("table-"):
        return None
    return _which(card)


def _names_asked(card: CardDraft) -> list[_Named]:
    """The names a card asks, each with the words it gives to find them."""
    if card.kind is CardKind.CLOZE:
        text = str(card.fields["text"])
        return [_Named(card, gap, _plain(text)) for _, gap in _deletions(text)]
    which = _which(card)
    return [which] if which is not None else []


def _deletions(text: str) -> list[tuple[int, str]]:
    """A cloze's deletions, (number, hidden words), by number."""
    found = {int(m.group(1)): m.group(2) for m in _DELETION.finditer(text)}
    return sorted(found.items())


def _plain(text: str) -> str:
    """A cloze's text as the article says it, every deletion shown."""
    return _DELETION.sub(lambda m: m.group(2), text)


def _unhide(text: str, numbers: set[int]) -> str:
    """The cloze text with the given deletions shown as plain words."""
    return _DELETION.sub(lambda m: m.group(2) if int(m.group(1)) in numbers else m.group(0), text)


def _forms(answer: str) -> list[set[str]]:
    """An answer's content words, and those of each way it is written:
    "insulin-like growth factor 1 (IGF-1)" is also "IGF-1" alone."""
    forms = [_tokens(answer)]
    abbreviation = ABBREVIATION.search(answer)
    if abbreviation is None:
        return [form for form in forms if form]
    letters = abbreviation.group(1)
    named = answer[: abbreviation.start()].rstrip()
    spelled = long_form(named, letters)
    rest = named.removesuffix(spelled) if spelled and named.endswith(spelled) else None
    # "the pulsatile release of growth hormone (GH)" is not "GH", but it is
    # "pulsatile GH release" as a table cell writes it: its letters stand for
    # the long form alone.
    if rest is None or not _tokens(rest):
        forms.append(_tokens(letters))
    else:
        forms.append(_tokens(f"{rest} {letters} {answer[abbreviation.end() :]}"))
    forms.append(_tokens(ABBREVIATION.sub("", answer)))
    return [form for form in forms if form]


def _same_answer(one: str, other: str) -> bool:
    """Whether two answers are the same words, however written."""
    return any(a == b for a in _forms(one) for b in _forms(other))


def _part_of(part: str, whole: str, share: float = _COVERED) -> bool:
    """Whether (nearly) all of `part`'s content words are in `whole`, and
    `part` is not the same answer (an equal answer is another rule's)."""
    if _same_answer(part, whole):
        return False
    whole_tokens = _tokens(whole)
    for form in _forms(part):
        found = sum(1 for token in form if _meets(token, whole_tokens))
        if found / len(form) >= share:
            return True
    return False


def _meets(token: str, tokens: set[str]) -> bool:
    """A word in a set of words, or its derived form there."""
    if token in tokens:
        return True
    return len(token) >= _SHORTEST_STEM and any(
        len(other) >= _SHORTEST_STEM
        and (other.startswith(token) or token.startswith(other))
        and abs(len(other) - len(token)) <= _LONGEST_ENDING
        for other in tokens
    )


def _tokens(text: str) -> set[str]:
    """The content words of a text, singular, hyphenated words split."""
    result: set[str] = set()
    for word in words(text):
        for piece in word.split("-"):
            if piece and piece not in STOPWORDS:
                result.add(singular(piece))
    return result
