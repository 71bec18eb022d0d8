"""The card editor: a card of a deck file changed or added, checked and previewed as it is typed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    CardEdit,
    CardKind,
    DeckEditError,
    DeckEntry,
    DeckError,
    Library,
    isolated,
    printable,
    revealed_markdown,
)
from endoquiz.gui.accessibility import announce, describe
from endoquiz.gui.card_view import CardView
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.theme import text_colours

__all__ = ["CHECK_DELAY_MS", "CardEditor", "open_card_editor", "proposed_id"]

# The check and preview follow the typing this long after the last key: a
# check reads, edits and validates the whole deck file (0.15 s for one of 57
# cards, 1.3 s for one of 1,000), too slow for every key. After a slow check
# the editor waits CHECK_PAUSES times as long as it took, so that a large
# deck is checked when the typing pauses, not at every word.
CHECK_DELAY_MS = 300
CHECK_PAUSES = 2


@dataclass(frozen=True, slots=True)
class _Field:
    """A key of an entry as the editor shows it."""

    key: str
    label: str
    multi_line: bool = True
    # A list written one item a line, or (tags) on one line between spaces.
    listed: bool = False


_FRONT = _Field("front", "&Front")
_BACK = _Field("back", "&Back")
_TEXT = _Field("text", "&Text")
_EXTRA = _Field("extra", "E&xtra")
_QUESTION = _Field("question", "&Question")
_CHOICES = _Field("choices", "&Choices (one a line)", listed=True)
_ANSWER = _Field("answer", "&Answer", multi_line=False)
_ACCEPT = _Field("accept", "Also a&ccept (one a line)", listed=True)
_EXPLANATION = _Field("explanation", "E&xplanation")
# A quiz's wrong options for a card it asks as multiple choice.
_DISTRACTORS = _Field("distractors", "&Wrong options in a quiz (one a line)", listed=True)
# Every kind's keys, in the deck format's order (docs/deck-format.md), and
# the keys of each kind.
KIND_KEYS_SHOWN = (
    _FRONT,
    _BACK,
    _TEXT,
    _EXTRA,
    _QUESTION,
    _CHOICES,
    _ANSWER,
    _ACCEPT,
    _EXPLANATION,
    _DISTRACTORS,
)
KIND_FIELDS: dict[CardKind, tuple[_Field, ...]] = {
    CardKind.BASIC: (_FRONT, _BACK, _DISTRACTORS),
    CardKind.REVERSE: (_FRONT, _BACK, _DISTRACTORS),
    CardKind.CLOZE: (_TEXT, _EXTRA, _DISTRACTORS),
    CardKind.CHOICE: (_QUESTION, _CHOICES, _ANSWER, _EXPLANATION),
    CardKind.TYPED: (_FRONT, _ANSWER, _ACCEPT, _EXPLANATION, _DISTRACTORS),
}
COMMON_FIELDS = (
    _Field("tags", "Ta&gs (spaces between)", multi_line=False, listed=True),
    _Field("image", "I&mage (path beside the deck)", multi_line=False),
)
SOURCE_KEYS = ("article", "section", "quote")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_CLOZE_MARK = re.compile(r"\{\{c\d+::|::[^}]*\}\}|\}\}")


def proposed_id(text: str, taken: set[str]) -> str:
    """An id for a new card from the first words of its text, not one of
    `taken`: "What does TSH do?" gives `what-does-tsh-do`."""
    words = _NOT_SLUG.sub(" ", _CLOZE_MARK.sub(" ", text).lower()).split()
    base = "-".join(words[:5])[:60].strip("-") or "card"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class _TextField(QPlainTextEdit):
    """A text of several lines in which Tab moves on, as in a form."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setAccessibleName(name)
        lines = 3
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, text: str) -> None:
        self.setPlainText(text)


class _LineField(QLineEdit):
    """A text of one line."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)

    def value(self) -> str:
        return self.text()

    def set_value(self, text: str) -> None:
        self.setText(text)
        self.setCursorPosition(0)  # a long text shows from its start


class CardEditor(QDialog):
    """Edits one entry of a deck file (`entry_id`), or adds one (after the
    entry `after`, else at the end): the fields of its kind, the card as
    study shows it, and the deck's problems, checked as they are typed.
    Save (Ctrl+S, Ctrl+Enter) writes through the library, which keeps the
    rest of the file as written; Cancel (Esc) asks before dropping changes.

    Signals:
        saved(CardEdit): the edit was written and the deck synced.
    """

    saved = Signal(object)

    def __init__(
        self,
        library: Library,
        changes: LibraryChanges,
        deck_id: str,
        *,
        entry_id: str | None = None,
        after: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Raises DeckEditError when the entry cannot be read, KeyError for
        a deck not installed, DeckError for a card added to a deck whose
        file has errors (`open_card_editor` says each in a dialog)."""
        super().__init__(parent)
        self.library = library
        self.changes = changes
        self.deck_id = deck_id
        self.after = after
        self.entry: DeckEntry | None = (
            library.card_entry(deck_id, entry_id) if entry_id is not None else None
        )
        deck = library.deck(deck_id) if self.entry is None else None
        self._hash = self.entry.content_hash if self.entry else (deck.content_hash if deck else "")
        self._taken = {card.note_id for card in deck.cards} if deck is not None else set()
        self._id_typed = False
        self.last_edit: CardEdit | None = None
        title = library.deck_titles().get(deck_id, (deck_id, ""))[0]
        what = f"Edit card {entry_id}" if entry_id is not None else "Add a card"
        self.setWindowTitle(f"{what} - {isolated(title)}")

        self.kind = QComboBox()
        self.id_field = _LineField("Id")
        self.fields: dict[str, _TextField | _LineField] = {}
        self.form = self._build_form()
        self.problems = QLabel()
        self.preview = CardView(reading=True)
        self.preview_note = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self._build_layout()

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check)

        self._fill()
        self._initial = self.values()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.id_field.textEdited.connect(self._id_edited)
        for widget in self.fields.values():
            widget.textChanged.connect(self._changed)
        fit_to_screen(self, QSize(1000, 680))
        self.check()

    def _build_form(self) -> QFormLayout:
        """The kind, the id, every kind's fields (those of other kinds
        hidden) and the source when the entry has one, each labelled."""
        self.kind.setAccessibleName("Kind")
        for kind in CardKind:
            self.kind.addItem(kind.value, kind.value)
        self.id_field.setPlaceholderText("made from the first words; lowercase, digits, - _ .")
        form = QFormLayout()
        # Labels above their fields: the fields get the whole width, which
        # a zoomed window (200% on a small screen) does not have to spare.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(_label("&Kind", self.kind), self.kind)
        form.addRow(_label("&Id", self.id_field), self.id_field)
        for field in (*KIND_KEYS_SHOWN, *COMMON_FIELDS):
            name = _plain_label(field.label)
            several_lines = field.multi_line or (field.listed and field.key != "tags")
            widget = _TextField(name) if several_lines else _LineField(name)
            self.fields[field.key] = widget
            form.addRow(_label(field.label, widget), widget)
        if self.entry is not None and "source" in self.entry.fields:
            for key in SOURCE_KEYS:
                widget = _LineField(f"Source {key}")
                self.fields[f"source.{key}"] = widget
                form.addRow(_label(f"Source {key}", widget), widget)
        return form

    def _build_layout(self) -> None:
        """The fields and the problems (scrolling when the window is short:
        zoomed on a small screen) beside the preview, the buttons under."""
        describe(self.problems, "Problems in the deck")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAccessibleName("Preview of the card")
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        describe(self.preview_note, "Preview")
        self.save_button.setText("&Save (Ctrl+S)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancel (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

        form_side = QWidget()
        left = QVBoxLayout(form_side)
        left.addLayout(self.form)
        left.addWidget(self.problems)
        left.addStretch()
        form_scroll = QScrollArea()
        form_scroll.setWidget(form_side)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        preview_side = QWidget()
        right = QVBoxLayout(preview_side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.preview_note)
        right.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(form_scroll)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The focus where typing starts: the kind of a new card, else the
        first field of the card's kind (set once shown, when the rows of
        the kind are the ones visible)."""
        super().showEvent(event)
        first = self.fields[KIND_FIELDS[self.current_kind()][0].key]
        (self.kind if self.entry is None else first).setFocus()

    # -- the entry ----------------------------------------------------------

    def current_kind(self) -> CardKind:
        return CardKind(self.kind.currentData())

    def _fill(self) -> None:
        """The entry's values in their fields; the kind and id fixed for a
        card that exists (its progress is kept by id)."""
        entry = self.entry
        if entry is None:
            self._show_kind_rows()
            return
        self.kind.setCurrentIndex(self.kind.findData(entry.kind.value))
        self.kind.setEnabled(False)
        self.id_field.setText(entry.entry_id)
        self.id_field.setReadOnly(True)
        self.id_field.setToolTip("A card's id cannot be changed: its progress is kept by it")
        for key, value in entry.fields.items():
            if key == "source" and isinstance(value, Mapping):
                for part in SOURCE_KEYS:
                    if f"source.{part}" in self.fields:
                        self.fields[f"source.{part}"].set_value(str(value.get(part, "")))
            elif key in self.fields:
                self.fields[key].set_value(_shown(key, value))
        self._show_kind_rows()

    def _show_kind_rows(self) -> None:
        wanted = {field.key for field in KIND_FIELDS[self.current_kind()]}
        wanted |= {field.key for field in COMMON_FIELDS}
        for key, widget in self.fields.items():
            visible = key in wanted or key.startswith("source.")
            self.form.setRowVisible(widget, visible)

    def values(self) -> dict[str, str | list[str] | dict[str, str] | None]:
        """The fields of the kind as the library takes them: an empty field
        removes its key."""
        values: dict[str, str | list[str] | dict[str, str] | None] = {}
        for field in (*KIND_FIELDS[self.current_kind()], *COMMON_FIELDS):
            text = self.fields[field.key].value()
            if field.listed:
                items = text.split() if field.key == "tags" else text.splitlines()
                cleaned = [item.strip() for item in items if item.strip()]
                values[field.key] = cleaned or None
            else:
                values[field.key] = text if text.strip() else None
        if "source.article" in self.fields:
            source = {
                key: self.fields[f"source.{key}"].value().strip()
                for key in SOURCE_KEYS
                if self.fields[f"source.{key}"].value().strip()
            }
            values["source"] = source or None
        if self.entry is None:
            kind = self.current_kind()
            values = {"id": self.id_field.text().strip(), **values}
            if kind is not CardKind.BASIC:
                values = {"kind": kind.value, **values}
        return values

    @property
    def dirty(self) -> bool:
        """Whether anything was changed since the editor opened."""
        return self.values() != self._initial

    # -- as it is typed -------------------------------------------------------

    def _changed(self) -> None:
        if self.entry is None and not self._id_typed:
            first = self.fields[KIND_FIELDS[self.current_kind()][0].key].value()
            self.id_field.setText(proposed_id(first, self._taken) if first.strip() else "")
        self.check_timer.start()

    def _id_edited(self, _text: str) -> None:
        self._id_typed = True
        self.check_timer.start()

    def _kind_changed(self) -> None:
        self._show_kind_rows()
        self._changed()

    def _run(self, write: bool) -> CardEdit:
        values = self.values()
        if self.entry is not None:
            return self.library.update_card(
                self.deck_id,
                self.entry.entry_id,
                values,
                expected_hash=self._hash,
                dry_run=not write,
            )
        return self.library.add_card(
            self.deck_id, values, after=self.after, expected_hash=self._hash, dry_run=not write
        )

    def check(self) -> None:
        """Check the card as typed, without writing: its problems beside the
        fields, the card as study shows it (kept as it was while the deck
        has errors)."""
        self.check_timer.stop()
        started = time.perf_counter()
        try:
            edit = self._run(write=False)
        except DeckEditError as error:
            self._show_problems([str(error)], error=True)
            return
        self.last_edit = edit
        took_ms = (time.perf_counter() - started) * 1000
        self.check_timer.setInterval(max(CHECK_DELAY_MS, round(CHECK_PAUSES * took_ms)))
        lines = [
            f"line {d.line}: {d.severity.value}: {d.message}"
            for d in edit.check.diagnostics
            if d.is_error or d.line == edit.line
        ]
        self._show_problems(lines, error=not edit.ok)
        deck = edit.check.deck
        if deck is None:
            self.preview_note.setText("Preview (as it was: fix the problems to see it again)")
            return
        cards = [card for card in deck.cards if card.note_id == edit.entry_id]
        markdown = "\n\n---\n\n".join(revealed_markdown(card) for card in cards)
        self.preview.show_markdown(markdown, edit.path.parent)
        count = len(cards)
        self.preview_note.setText(
            "Preview, as study shows it" + (f" ({count} cards)" if count > 1 else "")
        )

    def _show_problems(self, lines: list[str], *, error: bool) -> None:
        text = "\n".join(printable(line) for line in lines) or "No problems."
        self.problems.setStyleSheet(f"color:{text_colours().error};" if error else "")
        changed = text != self.problems.text()
        self.problems.setText(text)
        self.save_button.setEnabled(not error)
        if changed and error:
            announce(self.problems, text)

    # -- save, cancel -----------------------------------------------------------

    def save(self) -> None:
        """Write the card (when the deck then has no error) and close;
        with nothing changed, just close."""
        if self.entry is not None and not self.dirty:
            self.accept()
            return
        result: list[CardEdit] = []

        def write() -> CardEdit:
            edit = self._run(write=True)
            result.append(edit)
            return edit

        try:
            self.changes.apply(self, write, what="The card")
        except DeckEditError as error:
            QMessageBox.warning(self, "Not saved", f"{error}")
            return
        if not result:
            return
        edit = result[0]
        self.last_edit = edit
        if not edit.written:
            self.check()
            return
        self.saved.emit(edit)
        self.accept()

    def reject(self) -> None:
        """Close without saving; asks first when something was changed."""
        if self.dirty:
            typing_in = QApplication.focusWidget()
            answer = QMessageBox.question(
                self,
                "Discard changes?",
                "This card has changes that are not saved. Discard them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                # Back to the field being typed in, the editor active again.
                self.activateWindow()
                if typing_in is not None and self.isAncestorOf(typing_in):
                    typing_in.setFocus()
                return
        super().reject()

    def done(self, result: int) -> None:
        # No check after the editor closed (and is deleted).
        self.check_timer.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.dirty and self.result() != QDialog.DialogCode.Accepted:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _label(text: str, buddy: QWidget) -> QLabel:
    """A field's label; its underlined letter (Alt+letter) moves to the field."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _plain_label(label: str) -> str:
    """A label as a screen reader names its field: no mnemonic, no hint."""
    return label.replace("&", "").split(" (")[0]


def _shown(key: str, value: object) -> str:
    """A value as its field shows it: a list one item a line (tags on one)."""
    if isinstance(value, tuple | list):
        return (" " if key == "tags" else "\n").join(str(item) for item in value)
    return str(value)


def open_card_editor(
    parent: QWidget,
    library: Library,
    changes: LibraryChanges,
    deck_id: str,
    *,
    entry_id: str | None = None,
    after: str | None = None,
    on_saved: Callable[[CardEdit], None] | None = None,
) -> CardEditor | None:
    """Open the editor as a window over `parent` (not waiting for it), or
    say in a dialog why the card cannot be edited here."""
    try:
        editor = CardEditor(
            library, changes, deck_id, entry_id=entry_id, after=after, parent=parent
        )
    except DeckError as error:  # a card added to a deck whose file has errors
        QMessageBox.warning(
            parent,
            "The card cannot be added here",
            f"The deck file has errors; fix them first:\n{error.message}",
        )
        return None
    except (DeckEditError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        QMessageBox.warning(parent, "The card cannot be edited here", str(message))
        return None
    if on_saved is not None:
        editor.saved.connect(on_saved)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.setWindowModality(Qt.WindowModality.WindowModal)
    editor.show()
    return editor
