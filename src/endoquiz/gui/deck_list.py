"""The deck list page: the tree of decks with today's counts, and beside it the
selected deck's overview, details, and Study / Quiz buttons."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from endoquiz import DeckStatus, InstalledDeck, Library
from endoquiz.gui.accessibility import describe
from endoquiz.gui.card_view import CardView
from endoquiz.gui.clock import Clock, wall_clock
from endoquiz.gui.deck_overview import OverviewPanel
from endoquiz.gui.deck_tree_view import DeckRows, DeckTree, deck_id_at
from endoquiz.gui.keys import activate_focused_button
from endoquiz.gui.scaled_font import scale_font
from endoquiz.gui.wording import count_text

# Cards in learning count once due within 20 minutes: the counts shown are
# read again this often, so that one coming due shows without a click.
COUNTS_EVERY_MS = 60_000
# The disclaimer's line beside the deck: its first sentence, cut to this many
# characters; the whole text is a click away.
DISCLAIMER_LINE_CHARS = 90
# The splitter shares sizes given to it out in proportion: any unit will do.
SPLIT_UNIT = 1000


def disclaimer_line(disclaimer: str) -> str:
    """A disclaimer in one short line: its first sentence as plain text (no
    Markdown emphasis), cut with '…'."""
    words = " ".join(disclaimer.replace("*", "").split())
    first = words.split(". ")[0].rstrip(".") + "."
    if len(first) <= DISCLAIMER_LINE_CHARS:
        return first
    return first[: DISCLAIMER_LINE_CHARS - 1].rstrip() + "…"


def decks_status(entries: list[InstalledDeck]) -> str:
    """The status bar's line under the deck list: how many decks, and which
    of their files are missing or invalid."""
    problems = [e for e in entries if e.status is not DeckStatus.OK]
    # The data folder is in Help → About: a path here is noise to a learner.
    message = f"{len(entries)} deck{'s' * (len(entries) != 1)}"
    if problems:
        message += " · " + ", ".join(f"{e.id} is {e.status.value}" for e in problems)
    return message


class ElidedLine(QLabel):
    """One line of plain text cut with '…' to the label's width: it asks for
    no width of its own, so it never squeezes the deck tree beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.full_text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_line(self, text: str) -> None:
        self.full_text = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        elide = Qt.TextElideMode.ElideRight
        self.setText(self.fontMetrics().elidedText(self.full_text, elide, self.width()))


class DeckListPage(QWidget):
    """Signals:
    study_requested(str): the learner wants to study a deck (and its children).
    quiz_requested(str): the learner wants a quiz on a deck.
    deck_selected(str): the current deck changed.
    """

    study_requested = Signal(str)
    quiz_requested = Signal(str)
    deck_selected = Signal(str)

    def __init__(
        self, library: Library, parent: QWidget | None = None, *, clock: Clock = wall_clock
    ) -> None:
        """`clock`: the time the counts and the overview are read at."""
        super().__init__(parent)
        self.library = library
        self.clock = clock
        self.model = DeckRows(self)
        self.tree = DeckTree()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Decks")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        # Every column as wide as its content, the room left over at the
        # right: the counts stay beside a short name instead of across the
        # window from it.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # see DeckTree.fit_columns
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated.connect(self._activated)

        self.title = QLabel()
        describe(self.title, "Deck title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a deck's title is text, not markup
        self.title.setWordWrap(True)
        scale_font(self.title, 1.3, bold=True)
        self.overview = OverviewPanel()
        # Read once the selection rests: holding an arrow key down the tree
        # must not wait for each deck's figures on a large collection.
        self._overview_timer = QTimer(self)
        self._overview_timer.setSingleShot(True)
        self._overview_timer.setInterval(0)
        self._overview_timer.timeout.connect(self._show_overview)
        self.details = CardView()
        self.details.setAccessibleName("Deck details")
        self.study_button = QPushButton("&Study")
        self.study_button.setAccessibleName("Study the selected deck")
        self.study_button.setToolTip("Study what is due (Enter)")
        self.study_button.clicked.connect(lambda: self._request(self.study_requested))
        self.quiz_button = QPushButton("&Quiz")
        self.quiz_button.setAccessibleName("Take a quiz on the selected deck")
        self.quiz_button.clicked.connect(lambda: self._request(self.quiz_requested))

        # The disclaimer, once for the deck (or the article's group) in one
        # line, and the whole of it behind a button.
        self.disclaimer = ElidedLine()
        self.disclaimer.setAccessibleName("Disclaimer")
        self.disclaimer_button = QPushButton("Full &disclaimer…")
        self.disclaimer_button.setAccessibleName("Read the full disclaimer")
        self.disclaimer_button.clicked.connect(self._show_disclaimer)
        self._disclaimer_text = ""

        buttons = QHBoxLayout()
        buttons.addWidget(self.study_button)
        buttons.addWidget(self.quiz_button)
        buttons.addStretch()
        disclaimer_row = QHBoxLayout()
        disclaimer_row.addWidget(self.disclaimer, 1)
        disclaimer_row.addWidget(self.disclaimer_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.title)
        side_layout.addWidget(self.overview)
        side_layout.addLayout(buttons)
        side_layout.addLayout(disclaimer_row)
        side_layout.addWidget(self.details, 1)
        self.splitter = splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self._split = False  # the tree's share is set when first shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._entries: dict[str, InstalledDeck] = {}
        self._titles: dict[str, tuple[str, str]] = {}
        self.counts_timer = QTimer(self)
        self.counts_timer.setInterval(COUNTS_EVERY_MS)
        self.counts_timer.timeout.connect(self.follow_changes)
        self.counts_timer.start()

    # -- content -----------------------------------------------------------

    def refresh(self, select: str | None = None) -> list[InstalledDeck]:
        """Rebuild the tree from the library, keeping (or setting) the
        selection; the decks as listed."""
        keep = select or self.current_deck_id()
        entries = self.library.decks()
        counts = self.library.deck_counts(now=self.clock())
        self._titles = self.library.deck_titles()
        self._entries = {entry.id: entry for entry in entries}
        items = self.model.rebuild(entries, counts, self._titles)
        self.tree.expandAll()
        self.tree.fit_columns()
        target = items.get(keep or "") or (next(iter(items.values()), None))
        if target is not None:
            self.tree.setCurrentIndex(target.index())
        else:
            self._show_details(None)
        return entries

    def follow_changes(self) -> None:
        """Read today's counts again into the rows, when the list shows
        (hidden, it is refreshed when shown again): the library saved a
        change, or time brought cards in learning due."""
        if self.isVisible():
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Read today's counts again into the rows as they are, and the
        selected deck's overview."""
        self._overview_timer.start()
        counts = self.library.deck_counts(now=self.clock())
        self.model.show_counts(counts)

    def lists_other_decks(self) -> bool:
        """Whether the list shows, and the decks installed, or their titles,
        are no longer those it lists (hidden, it is rebuilt when shown)."""
        return self.isVisible() and self.library.deck_titles() != self._titles

    def title_of(self, deck_id: str) -> str:
        """A deck's (or a group's) full title."""
        return self._titles.get(deck_id, (deck_id, deck_id))[0]

    def current_deck_id(self) -> str | None:
        return deck_id_at(self.tree.currentIndex())

    def counts_text(self, deck_id: str) -> list[str]:
        """The New / Learning / Due cells of a deck's row, as shown."""
        return self.model.counts_text(deck_id)

    # -- reacting ----------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        deck_id = self.current_deck_id()
        self._show_details(deck_id)
        if deck_id is not None:
            self.deck_selected.emit(deck_id)

    def _show_details(self, deck_id: str | None) -> None:
        entry = self._entries.get(deck_id or "")
        has_deck = deck_id is not None
        self.study_button.setEnabled(has_deck)
        self.quiz_button.setEnabled(has_deck)
        self.overview.setVisible(has_deck)
        self._set_disclaimer(None)
        if has_deck:
            self._overview_timer.start()
        if deck_id is None:
            self.title.setText("No decks yet")
            self.details.show_markdown(
                "Import a deck or an Anki package with **File → Import…**, or drop a `.yaml` "
                "or `.apkg` file here."
            )
            return
        if entry is None:
            self.title.setText(self.title_of(deck_id))
            children = [e for i, e in self._entries.items() if i.startswith(deck_id + "/")]
            parts = [
                f"{count_text(len(children), 'deck')}, "
                f"{count_text(sum(e.card_count for e in children), 'card')}. "
                "Studying this studies every deck in it, in order."
            ]
            parts += [f"- {self._titles[e.id][1]}" for e in children if e.id in self._titles]
            disclaimers = {e.disclaimer for e in children if e.disclaimer}
            if len(disclaimers) == 1:
                self._set_disclaimer(disclaimers.pop())
            self.details.show_markdown("\n\n".join(parts))
            return
        self.title.setText(entry.title)
        parts = []
        if entry.status is not DeckStatus.OK:
            problems = "\n".join(f"    {d}" for d in entry.diagnostics)
            parts.append(f"**This deck's file is {entry.status.value}**; its progress is kept.")
            if problems:
                parts.append(problems)
        if entry.description:
            parts.append(entry.description)
        parts.append(f"{entry.card_count} cards · `{entry.id}`")
        self._set_disclaimer(entry.disclaimer)
        self.details.show_markdown("\n\n".join(parts), entry.path.parent)

    def _set_disclaimer(self, disclaimer: str | None) -> None:
        self._disclaimer_text = disclaimer or ""
        self.disclaimer.set_line(disclaimer_line(disclaimer) if disclaimer else "")
        self.disclaimer.setToolTip(self._disclaimer_text)
        self.disclaimer.setVisible(bool(disclaimer))
        self.disclaimer_button.setVisible(bool(disclaimer))

    def _show_disclaimer(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Disclaimer", self._disclaimer_text)
        box.setParent(self, box.windowFlags())
        box.setTextFormat(Qt.TextFormat.MarkdownText)
        box.open()

    def _show_overview(self) -> None:
        deck_id = self.current_deck_id()
        # Hidden, the page waits to be shown (see showEvent): a window closed
        # may have closed its library too.
        if deck_id is None or not self.isVisible():
            return
        try:
            now = self.clock()
            overview = self.library.deck_overview(deck_id, now=now)
        except KeyError:  # gone since it was listed: the next refresh drops it
            return
        desired = self.library.settings.desired_retention
        self.overview.show_overview(overview, desired, now)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._split:
            # Three fifths for the tree, as the stretch factors share out
            # more room: the splitter's first split follows the size hints,
            # and the details' hint at 200% zoom left the tree room for
            # "In…" in place of a deck's name.
            self.splitter.setSizes([3 * SPLIT_UNIT, 2 * SPLIT_UNIT])
            self._split = True
        self._overview_timer.start()  # the figures may have changed meanwhile

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not activate_focused_button(event, self):
            super().keyPressEvent(event)

    def _activated(self, _index: QModelIndex) -> None:
        self._request(self.study_requested)

    def _request(self, signal: SignalInstance) -> None:
        deck_id = self.current_deck_id()
        if deck_id is not None:
            signal.emit(deck_id)
