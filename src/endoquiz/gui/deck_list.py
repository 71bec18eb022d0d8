"""The deck list: a tree of decks with today's counts, details, and Study / Quiz buttons."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from endoquiz import DeckStatus, InstalledDeck, Library, SessionCounts
from endoquiz.diagnostics import isolated
from endoquiz.gui.card_view import CardView
from endoquiz.gui.keys import activate_focused_button

COLUMNS = ("Deck", "New", "Learning", "Due")
COUNT_LABELS = ("new", "learning", "due")
DECK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Cards in learning count once due within 20 minutes: the counts shown are
# read again this often, so that one coming due shows without a click.
COUNTS_EVERY_MS = 60_000


class DeckListPage(QWidget):
    """Signals:
    study_requested(str): the learner wants to study a deck (and its children).
    quiz_requested(str): the learner wants a quiz on a deck.
    deck_selected(str): the current deck changed.
    """

    study_requested = Signal(str)
    quiz_requested = Signal(str)
    deck_selected = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Decks")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated.connect(self._activated)

        self.title = QLabel()
        self.title.setAccessibleName("Deck title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a deck's title is text, not markup
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.details = CardView()
        self.details.setAccessibleName("Deck details")
        self.study_button = QPushButton("&Study")
        self.study_button.setAccessibleName("Study the selected deck")
        self.study_button.setToolTip("Study what is due (Enter)")
        self.study_button.clicked.connect(lambda: self._request(self.study_requested))
        self.quiz_button = QPushButton("&Quiz")
        self.quiz_button.setAccessibleName("Take a quiz on the selected deck")
        self.quiz_button.clicked.connect(lambda: self._request(self.quiz_requested))

        buttons = QHBoxLayout()
        buttons.addWidget(self.study_button)
        buttons.addWidget(self.quiz_button)
        buttons.addStretch()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.title)
        side_layout.addWidget(self.details, 1)
        side_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
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
        counts = self.library.deck_counts()
        self._titles = self.library.deck_titles()
        self._entries = {entry.id: entry for entry in entries}
        self.model.removeRows(0, self.model.rowCount())
        items: dict[str, QStandardItem] = {}
        for entry in entries:
            parts = entry.id.split("/")
            for depth in range(1, len(parts) + 1):
                node = "/".join(parts[:depth])
                if node in items:
                    continue
                parent = items.get("/".join(parts[: depth - 1])) if depth > 1 else None
                known = self._entries.get(node)
                row = self._row(node, known, counts.get(node))
                (parent or self.model.invisibleRootItem()).appendRow(row)
                items[node] = row[0]
        self.tree.expandAll()
        target = items.get(keep or "") or (next(iter(items.values()), None))
        if target is not None:
            self.tree.setCurrentIndex(target.index())
        else:
            self._show_details(None)
        return entries

    def _row(
        self, node: str, entry: InstalledDeck | None, counts: SessionCounts | None
    ) -> list[QStandardItem]:
        name = isolated(self._titles.get(node, (node, node))[1])
        if entry is not None and entry.status is not DeckStatus.OK:
            name += f"  ({entry.status.value})"
        first = QStandardItem(name)
        first.setData(node, DECK_ID_ROLE)
        first.setToolTip(node)
        row = [first]
        for _ in COUNT_LABELS:
            item = QStandardItem()
            item.setData(node, DECK_ID_ROLE)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.append(item)
        _show_counts(row[1:], counts)
        return row

    def follow_changes(self) -> None:
        """Read today's counts again into the rows, when the list shows
        (hidden, it is refreshed when shown again): the library saved a
        change, or time brought cards in learning due."""
        if self.isVisible():
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Read today's counts again into the rows as they are."""
        counts = self.library.deck_counts()
        root = self.model.invisibleRootItem()
        rows = [root.child(row, 0) for row in range(root.rowCount())]
        while rows:
            item = rows.pop()
            parent = item.parent() or root
            cells = [parent.child(item.row(), column) for column in range(1, len(COLUMNS))]
            _show_counts(cells, counts.get(item.data(DECK_ID_ROLE)))
            rows += [item.child(row, 0) for row in range(item.rowCount())]

    def title_of(self, deck_id: str) -> str:
        """A deck's (or a group's) full title."""
        return self._titles.get(deck_id, (deck_id, deck_id))[0]

    def current_deck_id(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        deck_id = index.siblingAtColumn(0).data(DECK_ID_ROLE)
        return str(deck_id) if deck_id is not None else None

    def counts_text(self, deck_id: str) -> list[str]:
        """The New / Learning / Due cells of a deck's row, as shown."""
        for row in range(self.model.rowCount()):
            found = self._find(self.model.item(row, 0), deck_id)
            if found is not None:
                return [found.siblingAtColumn(c).data() for c in range(1, len(COLUMNS))]
        raise KeyError(deck_id)

    def _find(self, item: QStandardItem | None, deck_id: str) -> QModelIndex | None:
        if item is None:
            return None
        if item.data(DECK_ID_ROLE) == deck_id:
            return item.index()
        for child in range(item.rowCount()):
            found = self._find(item.child(child, 0), deck_id)
            if found is not None:
                return found
        return None

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
        if deck_id is None:
            self.title.setText("No decks yet")
            self.details.show_markdown(
                "Import a deck with **File → Import deck…**, or drop a `.yaml` file here."
            )
            return
        if entry is None:
            self.title.setText(self.title_of(deck_id))
            children = [e for i, e in self._entries.items() if i.startswith(deck_id + "/")]
            parts = [
                f"{len(children)} decks, {sum(e.card_count for e in children)} cards. "
                "Studying this studies every deck in it, in order."
            ]
            parts += [f"- {self._titles[e.id][1]}" for e in children if e.id in self._titles]
            disclaimers = {e.disclaimer for e in children if e.disclaimer}
            if len(disclaimers) == 1:
                parts.append(f"> {disclaimers.pop()}")
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
        if entry.disclaimer:
            parts.append(f"> {entry.disclaimer}")
        self.details.show_markdown("\n\n".join(parts), entry.path.parent)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not activate_focused_button(event, self):
            super().keyPressEvent(event)

    def _activated(self, _index: QModelIndex) -> None:
        self._request(self.study_requested)

    def _request(self, signal: SignalInstance) -> None:
        deck_id = self.current_deck_id()
        if deck_id is not None:
            signal.emit(deck_id)


def _show_counts(cells: list[QStandardItem], counts: SessionCounts | None) -> None:
    """A row's New, Learning and Due cells, spoken with their names."""
    values = counts or SessionCounts(0, 0, 0)
    for cell, value, label in zip(cells, values, COUNT_LABELS, strict=True):
        cell.setText(str(value))
        cell.setAccessibleText(f"{value} {label}")
