"""Shows a card's Markdown safely: no raw HTML, no links followed, images only from the deck."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

# GitHub-flavoured Markdown with raw HTML off: a deck cannot inject markup.
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


class CardView(QTextBrowser):
    """A read-only Markdown view for card text.

    Links are shown but never followed (a deck must not open `javascript:`,
    `file:` or remote addresses), and images load only from files inside the
    folder of the deck being shown: nothing is fetched from the network.
    """

    def __init__(self, parent: QWidget | None = None, *, text_scale: float = 1.0) -> None:
        """`text_scale` enlarges the text relative to the app's font: cards
        being studied read better larger than the rest of the interface."""
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self._deck_folder: Path | None = None
        self._text_scale = text_scale

    def show_markdown(self, markdown: str, deck_folder: Path | None = None) -> None:
        """Render Markdown; relative images resolve inside `deck_folder`."""
        self._deck_folder = deck_folder.resolve() if deck_folder is not None else None
        document = self.document()
        font = QFont(self.font())  # follows the app's zoom
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self._text_scale)
        document.setDefaultFont(font)
        document.setDocumentMargin(12 * self._text_scale)
        document.setMarkdown(markdown, MARKDOWN_FEATURES)
        # The cursor is left at the end, and showing the view scrolls to it.
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)

    def follow_internal_links(self) -> None:
        """Let `#heading` links (a document's table of contents) scroll to
        their heading; every other link still goes nowhere."""
        self.anchorClicked.connect(self._scroll_to_heading)

    def _scroll_to_heading(self, url: QUrl) -> None:
        if url.scheme() or url.path() or not url.fragment():
            return
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and _slug(block.text()) == url.fragment():
                cursor = QTextCursor(block)
                self.setTextCursor(cursor)
                # Put the heading at the top, not just anywhere in view.
                self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
                self.ensureCursorVisible()
                return
            block = block.next()

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt's name
        """Only images inside the deck folder; everything else loads nothing."""
        if self._deck_folder is None or kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        qurl = url if isinstance(url, QUrl) else QUrl(url)
        if qurl.scheme() not in ("", "file") or qurl.host():
            return None
        candidate = (self._deck_folder / qurl.path()).resolve()
        if not candidate.is_relative_to(self._deck_folder) or not candidate.is_file():
            return None
        return super().loadResource(kind, QUrl.fromLocalFile(str(candidate)))


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: 'Ids and progress' -> 'ids-and-progress'."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")
