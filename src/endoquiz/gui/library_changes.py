"""The one place where the GUI changes the library: the change runs, a
failure to save is said in one dialog, and every window that shows the
library is told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from endoquiz import Library, StoreError, StoreWriteError

if TYPE_CHECKING:
    from endoquiz import OfferedDeck, SharedDeck, SyncReport

T = TypeVar("T")


class LibraryChanges(QObject):
    """Runs the GUI's changes to the library, as Anki's `CollectionOp` does.

    A page answering a card, the card browser suspending one: each runs its
    change through `apply`, which says a StoreError (a full disk, a
    read-only folder, a card answered in another window) in one dialog, and
    emits `changed` when anything was saved, for the deck list, the card
    browser and the statistics window to follow.

    Signals:
        changed(): the library saved a change; what shows it is read again.
    """

    changed = Signal()

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library

    def apply(
        self, parent: QWidget, change: Callable[[], T], *, what: str = "That change"
    ) -> T | None:
        """Run `change`, and return what it returns; None when it raised a
        StoreError, which is said in a dialog over `parent` (`what` names
        the change: "Your answer"). `changed` is emitted when the library
        wrote anything: after a change that only shows something (an answer
        revealed), nothing follows."""
        before = self.library.changes
        try:
            result: T | None = change()
        except StoreError as error:
            say_store_error(parent, error, what)
            result = None
        # Other errors (a damaged database) go on to the app's handler.
        if self.library.changes != before:
            self.changed.emit()
        return result

    def install_offered_deck(self, offered: OfferedDeck) -> SharedDeck:
        """Install a deck another computer put in the sync folder
        (`Library.install_offered_deck`: checked whole first, its progress
        merged already applied), and emit `changed`: the deck list shows it.

        Raises:
            StoreError: as `Library.install_offered_deck` (a `SharedDeckError`
                for a damaged file), for the caller to say beside the decks
                that did install; nothing of this deck was written then.
        """
        before = self.library.changes
        try:
            return self.library.install_offered_deck(offered)
        finally:
            if self.library.changes != before:
                self.changed.emit()

    def sync(self) -> SyncReport:
        """Sync through the folder set (`Library.sync`) on the window's
        thread, to its end (at quit), and follow it as `synced` does.

        Raises:
            SyncFolderError, StoreError: as `Library.sync`, for the caller to
                say quietly (a sync runs unasked, every few minutes).
        """
        report = self.library.sync()
        self.synced(report)
        return report

    def sync_in_worker(self, folder: Path) -> SyncReport:
        """Sync through `folder` on a database connection of the sync's own
        (`Library.sync(own_connection=True)`): called in a worker thread, it
        touches nothing the window's thread uses, and emits nothing. The
        window's thread calls `synced` with the report once it has ended.

        Raises:
            SyncFolderError, StoreError: as `Library.sync`.
        """
        return self.library.sync(folder, own_connection=True)

    def synced(self, report: SyncReport) -> None:
        """After a sync, on the window's thread: emit `changed` when it
        brought in other computers' answers or changes, or worked cards out
        again, so that every window that shows them reads them again. Only
        sending this computer's own events changes nothing shown, so
        nothing follows."""
        if report.received or report.settled:
            self.changed.emit()


def say_store_error(parent: QWidget | None, error: StoreError, what: str = "That change") -> None:
    """The one dialog for a StoreError met while changing the library. A
    write that failed left nothing of the change behind (each write is one
    transaction): it says so. Anything else (the next card's stored text
    damaged and its deck file gone, a card answered in another window) is
    said in its own words."""
    text = str(error)
    if not isinstance(error, StoreWriteError):
        QMessageBox.warning(parent, "endoquiz", f"{text[:1].upper()}{text[1:]}.")
        return
    QMessageBox.warning(
        parent,
        "Not saved",
        f"{what} was not saved: {text}.\n\nNothing of it was written, and everything saved "
        "before it is kept: try again once the problem is fixed (for a full disk, free some "
        "space).",
    )
