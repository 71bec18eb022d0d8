"""The deck list's tree: its rows (each deck and group with today's counts)
and the view that shows them, in text a little larger than the app's."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from endoquiz import DeckStatus, InstalledDeck, SessionCounts, isolated
from endoquiz.gui.scaled_font import scale_font
from endoquiz.gui.theme import text_colours

COLUMNS = ("Deck", "New", "Learning", "Due")
COUNT_LABELS = ("new", "learning", "due")
DECK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The tree's text against the app's font (13 px at 100% zoom on most
# desktops: ~15 px), and its rows against a line of that text (~29 px): a
# list read at a glance, as Anki's is.
TREE_FONT_SCALE = 1.15
ROW_HEIGHT_LINES = 1.75


class DeckRows(QStandardItemModel):
    """The tree's rows: a deck (or a group of decks) a row, its title and
    its New, Learning and Due counts; every cell carries the deck's id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))

    def rebuild(
        self,
        entries: list[InstalledDeck],
        counts: Mapping[str, SessionCounts],
        titles: Mapping[str, tuple[str, str]],
    ) -> dict[str, QStandardItem]:
        """Rows for the installed decks and every group above them, in the
        order given; each row's first item by deck id, in the order made."""
        installed = {entry.id: entry for entry in entries}
        self.removeRows(0, self.rowCount())
        items: dict[str, QStandardItem] = {}
        for entry in entries:
            parts = entry.id.split("/")
            for depth in range(1, len(parts) + 1):
                node = "/".join(parts[:depth])
                if node in items:
                    continue
                parent = items.get("/".join(parts[: depth - 1])) if depth > 1 else None
                row = _row(node, titles, installed.get(node), counts.get(node))
                (parent or self.invisibleRootItem()).appendRow(row)
                items[node] = row[0]
        return items

    def show_counts(self, counts: Mapping[str, SessionCounts]) -> None:
        """Today's counts into the rows as they are."""
        root = self.invisibleRootItem()
        rows = [root.child(row, 0) for row in range(root.rowCount())]
        while rows:
            item = rows.pop()
            parent = item.parent() or root
            cells = [parent.child(item.row(), column) for column in range(1, len(COLUMNS))]
            _show_counts(cells, counts.get(item.data(DECK_ID_ROLE)))
            rows += [item.child(row, 0) for row in range(item.rowCount())]

    def counts_text(self, deck_id: str) -> list[str]:
        """The New / Learning / Due cells of a deck's row, as shown."""
        for row in range(self.rowCount()):
            found = self._find(self.item(row, 0), deck_id)
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


def deck_id_at(index: QModelIndex) -> str | None:
    """The id of the deck in an index's row; None for no row."""
    if not index.isValid():
        return None
    deck_id = index.siblingAtColumn(0).data(DECK_ID_ROLE)
    return str(deck_id) if deck_id is not None else None


def _row(
    node: str,
    titles: Mapping[str, tuple[str, str]],
    entry: InstalledDeck | None,
    counts: SessionCounts | None,
) -> list[QStandardItem]:
    name = isolated(titles.get(node, (node, node))[1])
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


def _show_counts(cells: list[QStandardItem], counts: SessionCounts | None) -> None:
    """A row's New, Learning and Due cells, spoken with their names, each in
    its theme colour; a zero in the muted colour, so that what waits stands out."""
    values = counts or SessionCounts(0, 0, 0)
    palette = text_colours()
    colours = (palette.new, palette.learning, palette.due)
    for cell, value, label, colour in zip(cells, values, COUNT_LABELS, colours, strict=True):
        cell.setText(str(value))
        cell.setAccessibleText(f"{value} {label}")
        cell.setForeground(QBrush(QColor(colour if value else palette.muted)))


class RoomyRows(QStyledItemDelegate):
    """Rows a line and three quarters of the tree's text tall."""

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        room = round(option.fontMetrics.height() * ROW_HEIGHT_LINES)
        return QSize(hint.width(), max(hint.height(), room))


class DeckTree(QTreeView):
    """The decks' tree, in text a little larger than the app's, following
    the zoom when the app's font changes."""

    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(RoomyRows(self))
        scale_font(self, TREE_FONT_SCALE)

    def fit_columns(self) -> None:
        """The counts as wide as their content; the names as wide as theirs
        too, but never so wide that they push the counts out of sight (a long
        article title is cut short instead)."""
        header = self.header()
        counts = 0
        for column in range(1, header.count()):
            self.resizeColumnToContents(column)
            counts += header.sectionSize(column)
        room = self.viewport().width() - counts
        names = max(self.sizeHintForColumn(0), header.sectionSizeHint(0))
        header.resizeSection(0, max(80, min(names, room)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_columns()
