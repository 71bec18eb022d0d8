"""What the window's progress commands do: Tools → Check database, File →
Backups, Export and Import progress, and the backups made while studying."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from endoquiz import StoreError
from endoquiz.gui.theme import apply_appearance

if TYPE_CHECKING:
    from endoquiz.gui.main_window import MainWindow


def check_database(window: MainWindow) -> None:
    """Tools → Check database, as in Anki: the whole database checked,
    damaged card text read again from the deck files, schedules set from
    the review log where they disagree, and the report."""
    try:
        found = window.library.check_database()
    except StoreError as error:
        QMessageBox.warning(window, "Check database", f"The check could not run: {error}.")
        return
    report = "\n".join(found.report())
    if found.integrity or found.problems:
        QMessageBox.warning(window, "Check database", report)
    else:
        QMessageBox.information(window, "Check database", report)
    if found.damaged_content or found.derived:
        window.reload_decks()


def open_backups(window: MainWindow) -> None:
    """File → Backups: the backups listed, one restored on request."""
    from endoquiz.gui.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.library, window)
    dialog.restored.connect(lambda: progress_replaced(window))
    with window.folder_sync.held():  # no sync's connection on a file a restore replaces
        dialog.exec()


def export_progress(window: MainWindow, path: Path | None) -> None:
    """Write the progress to one file, to take to another machine (the file
    asked for when `path` is None)."""
    from endoquiz import PROGRESS_FILE_SUFFIX, progress_file_path

    if path is None:
        name, _ = QFileDialog.getSaveFileName(
            window,
            "Export progress",
            str(Path.home() / f"endoquiz{PROGRESS_FILE_SUFFIX}"),
            f"endoquiz progress (*{PROGRESS_FILE_SUFFIX})",
        )
        if not name:
            return
        path = Path(name)
    path = progress_file_path(path)  # the format's own suffix, whatever was typed
    try:
        answers = window.library.export_progress(path)
    except StoreError as error:
        QMessageBox.warning(window, "Export progress", f"Nothing was exported: {error}")
        return
    QMessageBox.information(
        window,
        "Export progress",
        f"{answers} answers, your cards' progress and your settings are in {path}.\n\n"
        "On the other machine: File > Import progress….",
    )


def import_progress(window: MainWindow, path: Path | None) -> None:
    """Merge a progress file from another machine (backing up first; the
    file asked for when `path` is None)."""
    from endoquiz import PROGRESS_FILE_SUFFIX

    if path is None:
        name, _ = QFileDialog.getOpenFileName(
            window,
            "Import progress",
            str(Path.home()),
            f"endoquiz progress (*{PROGRESS_FILE_SUFFIX});;All files (*)",
        )
        if not name:
            return
        path = Path(name)
    window.show_decks()  # no session goes on over the merged progress
    try:
        updated, added, safety = window.library.import_progress(path)
    except StoreError as error:
        QMessageBox.warning(window, "Import progress", f"Nothing was changed: {error}")
        return
    progress_replaced(window)
    QMessageBox.information(
        window,
        "Import progress",
        f"{added} answers added and {updated} cards updated from {path.name}.\n\n"
        f"Your progress before the import is in the backup {safety.name}.",
    )


def progress_replaced(window: MainWindow) -> None:
    """After a restore or an import: no page may go on with the replaced progress."""
    window.show_decks()
    window.reload_decks()
    if window.browser is not None:
        window.browser.run_search()  # its rows were read from the old database
    apply_appearance(window.library.appearance)


def back_up_if_due(window: MainWindow, *, quitting: bool) -> None:
    """A backup when one is due; a failure is said, never raised: the
    answers themselves are already saved."""
    try:
        made = window.library.backup_if_due(quitting=quitting)
    except StoreError as error:
        window.statusBar().showMessage(f"Backup failed: {error}")
        print(f"endoquiz: backup failed: {error}", file=sys.stderr)
        return
    if made is not None:
        window.statusBar().showMessage(f"Progress backed up to {made.name}", 5000)
