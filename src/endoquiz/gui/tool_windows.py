"""The windows the main window's menus open beside it: settings, the card
browser, statistics, and Help's documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from endoquiz import find_doc
from endoquiz.gui.dialogs import MarkdownDialog, about_markdown

if TYPE_CHECKING:
    from endoquiz.gui.browser import CardBrowser
    from endoquiz.gui.main_window import MainWindow
    from endoquiz.gui.stats_page import StatisticsWindow


def show_on_top(window: QWidget) -> None:
    """Show a window above the others, with the keyboard's focus."""
    window.show()
    window.raise_()
    window.activateWindow()


def open_settings(window: MainWindow) -> None:
    """File → Settings…: applied to the look and the deck list at once."""
    from endoquiz.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.library, window, window.folder_sync)
    dialog.applied.connect(window.settings_applied)
    dialog.exec()


def open_browser(window: MainWindow) -> CardBrowser:
    """Show the card browser (one window, kept while the app runs)."""
    from endoquiz.gui.browser import CardBrowser

    if window.browser is None:
        window.browser = CardBrowser(window.library, window.changes, parent=window)
    window.browser.show()
    window.browser.show_changes()  # what changed while it was closed
    show_on_top(window.browser)
    return window.browser


def open_statistics(window: MainWindow) -> StatisticsWindow:
    """Show the statistics of the selected deck tree (or all decks), fresh."""
    from endoquiz.gui.stats_page import StatisticsWindow

    if window.statistics_window is None:
        window.statistics_window = StatisticsWindow(
            window.library, window.deck_list.current_deck_id(), window, clock=window.clock
        )
    else:
        window.statistics_window.refresh()
    show_on_top(window.statistics_window)
    return window.statistics_window


def show_deck_format(window: MainWindow) -> None:
    """Help → Deck format: docs/deck-format.md, or why it cannot be shown."""
    doc = find_doc("deck-format.md")
    if doc is None:
        QMessageBox.information(window, "Deck format", "The deck format document is missing.")
        return
    MarkdownDialog("Deck format", doc.read_text(encoding="utf-8"), doc.parent, window).exec()


def show_about(window: MainWindow) -> None:
    """Help → About endoquiz."""
    MarkdownDialog("About endoquiz", about_markdown(window.library.data_dir), None, window).exec()
