"""Shows a card's Markdown safely: no raw HTML, no links followed, images only from the deck."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

# GitHub-flavoured Markdown with raw HTML off: a deck cannot inject markup.
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)

# What one view lays out at most. Qt's layout time grows faster than the
# text: a paragraph of 100,000 characters takes about a second, one of a
# megabyte minutes, and each table row about half a millisecond. A card is
# far below both limits (deck fields hold at most 20,000 characters); a
# deck preview reaches them at a few hundred cards.
MAX_RENDERED_CHARS = 100_000
MAX_RENDERED_LINES = 3_000
# An image a card shows: a file of at most MAX_IMAGE_BYTES, of at most
# MAX_IMAGE_PIXELS once decoded (a small file can claim a huge picture):
# a 12-megapixel photo fits.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
# Pictures only: an SVG may draw other files (its <image> reads any local
# path), and the rarer formats are not worth their parsers' risks.
IMAGE_FORMATS = frozenset({"png", "jpeg", "gif", "bmp", "webp"})
_IMAGE = QTextDocument.ResourceType.ImageResource.value


def bounded(markdown: str) -> str:
    """`markdown` cut to MAX_RENDERED_CHARS and MAX_RENDERED_LINES, at a line
    end where there is one, with a note saying how much is not shown."""
    end = min(len(markdown), MAX_RENDERED_CHARS)
    newline = -1
    for _ in range(MAX_RENDERED_LINES):
        newline = markdown.find("\n", newline + 1, end)
        if newline < 0:
            break
    else:
        end = newline
    if end == len(markdown) or markdown[end:].isspace():
        return markdown[:end]
    if markdown[end] != "\n":
        # Cut inside a line: drop the whole line, unless it is the only one.
        line_end = markdown.rfind("\n", 0, end)
        if line_end > 0:
            end = line_end
    hidden = len(markdown) - end
    return (
        markdown[:end]
        + f"\n\n---\n\n*{hidden:,} more characters are not shown: too long to display.*"
    )


class CardView(QTextBrowser):
    """A read-only Markdown view for card text.

    Links are shown but never followed (a deck must not open `javascript:`,
    `file:` or remote addresses), and images load only from files inside the
    folder of the deck being shown, within MAX_IMAGE_BYTES and
    MAX_IMAGE_PIXELS: nothing is fetched from the network or read from
    elsewhere. Text beyond MAX_RENDERED_CHARS or MAX_RENDERED_LINES is not
    shown.
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
        document.setMarkdown(bounded(markdown), MARKDOWN_FEATURES)
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
        """An image from inside the deck folder, or `image_not_shown`; for any
        other kind of resource, nothing.

        Never None, nor data that does not decode: Qt then reads the name
        itself. QTextDocument opens it as a local file (an absolute path, or
        one relative to the working directory: `/dev/zero` took all memory,
        `/dev/stdin` hung), and the image handler loads it again by name.
        """
        if kind != _IMAGE:
            return QByteArray()
        image = self._deck_image(url if isinstance(url, QUrl) else QUrl(url))
        return image if image is not None else self.image_not_shown

    @property
    def image_not_shown(self) -> QImage:
        """What stands for an image that is not shown: a small grey square."""
        image = QImage(16, 16, QImage.Format.Format_ARGB32)
        image.fill(QColor(128, 128, 128, 96))
        return image

    def _deck_image(self, url: QUrl) -> QImage | None:
        """The image a URL names inside the deck folder, decoded here within
        the size limits, or None."""
        if self._deck_folder is None or url.scheme() not in ("", "file") or url.host():
            return None
        try:
            candidate = (self._deck_folder / url.path()).resolve()
            if not candidate.is_relative_to(self._deck_folder) or not candidate.is_file():
                return None
            with candidate.open("rb") as stream:
                data = stream.read(MAX_IMAGE_BYTES + 1)
        except (OSError, ValueError):  # unreadable, or a NUL in the name
            return None
        if len(data) > MAX_IMAGE_BYTES:
            return None
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        if bytes(reader.format().data()).decode("ascii", "replace") not in IMAGE_FORMATS:
            return None
        size = reader.size()  # from the header, before decoding anything
        if not size.isValid() or size.width() * size.height() > MAX_IMAGE_PIXELS:
            return None
        image = reader.read()
        return None if image.isNull() else image


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: 'Ids and progress' -> 'ids-and-progress'."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")
