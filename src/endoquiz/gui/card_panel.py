"""The card browser's side panel: a card as shown, where it is written, its review history."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from endoquiz import CardMatch, Library, Rating, format_interval, revealed_markdown
from endoquiz.gui.card_columns import local_minute
from endoquiz.gui.card_view import CardView

__all__ = ["CardPanel"]


class CardPanel(QWidget):
    """Shows one card: its title line, the card, the actions given (`actions`,
    under the card), the file and line it is written at, and its answers."""

    def __init__(self, library: Library, actions: QLayout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.card_title = QLabel()
        self.card_title.setObjectName("cardTitle")
        self.card_title.setWordWrap(True)
        self.card_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card_view = CardView()
        self.card_view.setAccessibleName("Card")
        self.location_label = QLabel()
        self.location_label.setObjectName("cardLocation")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history = QTableWidget(0, 4)
        self.history.setAccessibleName("Review history")
        self.history.setTabKeyNavigation(False)
        self.history.setHorizontalHeaderLabels(["Date", "Rating", "Interval", "Mode"])
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setWordWrap(False)
        self.history.setAlternatingRowColors(True)
        history_header = self.history.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        history_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history_label = QLabel("Review history")

        side = QVBoxLayout(self)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.card_title)
        side.addWidget(self.card_view, 3)
        side.addLayout(actions)
        side.addWidget(self.location_label)
        side.addWidget(self.history_label)
        side.addWidget(self.history, 2)

    def show_card(self, match: CardMatch | None, state: str = "") -> None:
        """Show a card (None: no card), `state` saying its state as the table's
        tooltip does (with "suspended" and the flag)."""
        if match is None:
            self.card_title.setText("No card selected")
            self.card_view.show_markdown("")
            self.location_label.clear()
            self.history.setRowCount(0)
            self.history_label.setText("Review history")
            return
        card = match.card()
        folder = self.library.deck_folder(match.deck_id)
        self.card_view.show_markdown(revealed_markdown(card), folder)
        self.card_title.setText(
            f"<b>{html.escape(match.deck_id)}</b> · <code>{html.escape(match.card_id)}</code>"
            f" · {match.kind} · {state} · {match.reps} answer{'s' * (match.reps != 1)}, "
            f"{match.lapses} lapse{'s' * (match.lapses != 1)}"
        )
        try:
            self.show_location(*self.library.card_location(match.deck_id, match.card_id))
        except KeyError:
            self.location_label.clear()
        entries = self.library.review_log(match.deck_id, match.card_id)
        self.history_label.setText(f"Review history ({len(entries)} answers)")
        self.history.setRowCount(len(entries))
        for number, entry in enumerate(reversed(entries)):  # newest first
            cells = (
                local_minute(entry.reviewed_at),
                Rating(entry.rating).name.capitalize(),
                format_interval(entry.interval) if entry.interval > timedelta(0) else "now",
                entry.mode,
            )
            for column, text in enumerate(cells):
                self.history.setItem(number, column, QTableWidgetItem(text))

    def show_location(self, path: Path, line: int) -> None:
        """Say the deck file and line a card is written at."""
        self.location_label.setText(f"{path}:{line}")
