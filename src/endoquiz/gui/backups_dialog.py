"""File → Backups…: the backups of the learner's progress, to make or restore one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from endoquiz import Backup, Library, StoreError
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.theme import zoom_factor


class BackupsDialog(QDialog):
    """Lists the backups, newest first; backs up now, or restores the one
    selected after asking (the present progress is backed up first)."""

    # A backup replaced the progress: pages showing cards must start afresh.
    restored = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("Backups")
        intro = QLabel(
            "endoquiz backs up your progress every 30 minutes while you study and when you "
            "quit, keeping every backup of the last day, then one a day for 12 days, one a "
            "week for 10 weeks and one a month for 9 months."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Made", "Size"])
        self.table.setAccessibleName("Backups")
        # One tab stop: Tab moves on, the arrow keys move inside.
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.backup_button = QPushButton("&Back up now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button = QPushButton("Show &folder")
        folder_button.clicked.connect(self._show_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.backup_button, self.restore_button, folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        # Larger by the zoom, within the screen: at 200% a fixed size left
        # the table room for three backups.
        fit_to_screen(self, QSize(520, 420) * zoom_factor())
        self._backups: list[Backup] = []
        self.refresh()

    def refresh(self) -> None:
        self._backups = self.library.backups()
        self.table.setRowCount(len(self._backups))
        for row, backup in enumerate(self._backups):
            made = QTableWidgetItem(backup.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
            made.setToolTip(str(backup.path))
            size = QTableWidgetItem(f"{backup.size / 1e6:.1f} MB")
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, made)
            self.table.setItem(row, 1, size)
        if self._backups:
            self.table.selectRow(0)
        else:
            self.status.setText("No backup yet.")
        self._update_buttons()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def back_up_now(self) -> None:
        try:
            path = self.library.backup()
        except StoreError as error:
            self.status.setText(f"The backup failed: {error}")
            return
        self.refresh()
        self.status.setText(f"Backed up to {path}")

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        made = backup.created.astimezone().strftime("%Y-%m-%d %H:%M")
        answer = QMessageBox.question(
            self,
            "Restore backup",
            f"Replace your progress with the backup of {made}?\n\n"
            "Your present progress is backed up first, so you can come back to it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            safety = self.library.restore(backup.path)
        except StoreError as error:
            self.status.setText(f"Nothing was changed: {error}")
            return
        self.refresh()
        self.status.setText(
            f"Restored the backup of {made}. Your progress before it is in {safety.name}."
        )
        self.restored.emit()

    def _show_folder(self) -> None:
        self.library.backup_folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.backup_folder)))
