"""Shows a card's Markdown safely: no raw HTML, no links followed, images only from the deck."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QImageReader,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from endoquiz import CLOZE_GAP
from endoquiz.gui.theme import IMAGE_NOT_SHOWN, system_font_pixels, text_colours, zoom_factor

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
# The card being studied is set for reading, as Anki's reviewer and the
# advice for body text on screen have it: 20 px at 100 % zoom (or a quarter
# above the system font, when that is larger), lines 1.45 times the font
# size apart, and a column of about 70 characters centred in the view, its
# text aligned left. A narrow window (or a big zoom) narrows the column down
# to READING_MARGIN each side.
READING_PIXELS = 20
READING_LINE_HEIGHT = 1.45
READING_MEASURE = 70
READING_MARGIN = 24
# The source under the answer is a footnote, not part of the answer: this
# size at 100 % zoom, in the theme's muted colour, under a thin muted rule.
SOURCE_PIXELS = 13
SOURCE_PREFIX = "Source: "
# Ordinary English (of the kind cards hold): its average character width
# times READING_MEASURE is the column's width.
_MEASURE_SAMPLE = (
    "Insulin resistance signifies a cellular communication breakdown, where cells "
    "become less responsive to the hormone's glucose-delivery signal."
)


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

    def __init__(self, parent: QWidget | None = None, *, reading: bool = False) -> None:
        """`reading`: set the text for reading, as the card being studied
        (READING_PIXELS and the rest); else in the app's font, to the edges."""
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self._deck_folder: Path | None = None
        self.reading = reading
        # Each image of the shown text: its position and its own size.
        self._images: list[tuple[int, QSize]] = []

    def show_markdown(self, markdown: str, deck_folder: Path | None = None) -> None:
        """Render Markdown; relative images resolve inside `deck_folder`."""
        self._deck_folder = deck_folder.resolve() if deck_folder is not None else None
        document = self.document()
        font = QFont(self.font())  # follows the app's zoom
        if self.reading:
            font.setPixelSize(reading_pixels())
        document.setDefaultFont(font)
        document.setDocumentMargin(READING_MARGIN * zoom_factor() if self.reading else 12)
        document.setMarkdown(bounded(markdown), MARKDOWN_FEATURES)
        if self.reading:
            self._space_lines(font)
            self._accent_answer()
            self._quiet_source()
            self._centre_column()
        # Walking every fragment of a long text (a deck's preview) for images
        # it cannot hold would cost every render.
        self._images = self._find_images() if "![" in markdown else []
        self._fit_images()
        # The cursor is left at the end, and showing the view scrolls to it.
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)

    def column_width(self) -> float:
        """The width of the reading column's text, in pixels: READING_MEASURE
        characters of the card's font, or less in a narrow view."""
        metrics = QFontMetricsF(self.document().defaultFont())
        measure = (
            READING_MEASURE * metrics.horizontalAdvance(_MEASURE_SAMPLE) / len(_MEASURE_SAMPLE)
        )
        margin = READING_MARGIN * zoom_factor()
        return min(measure, self.contentsRect().width() - 2 * margin)

    def _space_lines(self, font: QFont) -> None:
        """Lines READING_LINE_HEIGHT times the font size apart. Qt's
        proportional height is a share of the font's own line height, as its
        layout rounds it: measured on a line laid out in that font."""
        sample = QTextLayout("Hg", font)
        sample.beginLayout()
        line = sample.createLine()
        sample.endLayout()  # lays the line out
        natural = line.height()
        spaced = QTextBlockFormat()
        spaced.setLineHeight(
            100 * READING_LINE_HEIGHT * font.pixelSize() / natural,
            QTextBlockFormat.LineHeightTypes.ProportionalHeight.value,
        )
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(spaced)

    def _accent_answer(self) -> None:
        """The cloze's gap and the answer revealed (the card's bold text, as
        the core marks it) in the theme's accent colour, so they stand out
        from the rest of the card; headings keep the text colour."""
        accent = QTextCharFormat()
        accent.setForeground(QColor(text_colours().accent))
        gap = QTextCharFormat(accent)
        gap.setFontWeight(QFont.Weight.Bold)
        document = self.document()
        for block in _blocks(document):
            if block.blockFormat().headingLevel():
                continue
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().fontWeight() >= QFont.Weight.Bold:
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                    )
                    cursor.mergeCharFormat(accent)
                fragments += 1
        found = document.find(CLOZE_GAP)
        while not found.isNull():
            found.mergeCharFormat(gap)
            found = document.find(CLOZE_GAP, found)

    def _quiet_source(self) -> None:
        """The rules thin and muted, and the source line (the last rule's
        "Source: ..." and its quote, at the card's end) small and muted."""
        muted = QColor(text_colours().muted)
        blocks = list(_blocks(self.document()))
        rule = QTextFormat.Property.BlockTrailingHorizontalRulerWidth
        source_start: int | None = None
        for index, block in enumerate(blocks):
            if block.blockFormat().hasProperty(rule):
                thin = QTextBlockFormat()
                # Qt draws a rule in its block's background colour.
                thin.setBackground(muted)
                QTextCursor(block).mergeBlockFormat(thin)
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if following is not None and following.text().startswith(SOURCE_PREFIX):
                    source_start = following.position()
        if source_start is None:
            return
        small = QTextCharFormat()
        small.setProperty(QTextFormat.Property.FontPixelSize, round(SOURCE_PIXELS * zoom_factor()))
        small.setForeground(muted)
        cursor = QTextCursor(self.document())
        cursor.setPosition(source_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(small)

    def _centre_column(self) -> None:
        """Side margins that centre the column: measured on the whole view,
        not the viewport, so that a scroll bar coming or going cannot move
        the column and lay the text out again (and again)."""
        side = (self.contentsRect().width() - self.column_width()) / 2
        root = self.document().rootFrame()
        frame = root.frameFormat()
        if abs(frame.leftMargin() - side) >= 0.5:
            frame.setLeftMargin(side)
            frame.setRightMargin(side)
            root.setFrameFormat(frame)

    def _find_images(self) -> list[tuple[int, QSize]]:
        """Where each image of the document is, and its size as loaded (a
        picture refused is `image_not_shown`'s)."""
        document = self.document()
        found = []
        for block in _blocks(document):
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isImageFormat():
                    name = fragment.charFormat().toImageFormat().name()
                    image = document.resource(_IMAGE, QUrl(name))
                    if isinstance(image, QImage) and not image.isNull():
                        found.append((fragment.position(), image.size()))
                fragments += 1
        return found

    def _fit_images(self) -> None:
        """Each image no wider than the text and, on a card, no taller than
        most of the view, its proportions kept, as a browser shows a picture
        with `max-width: 100%`: a photo straight from a camera would
        otherwise need scrolling both ways."""
        if not self._images:
            return
        margin = self.document().documentMargin()
        width = self.column_width() if self.reading else self.viewport().width() - 2 * margin
        height = self.viewport().height() * 0.6 if self.reading else float("inf")
        cursor = QTextCursor(self.document())
        for position, size in self._images:
            scale = min(1.0, max(width, 16) / size.width(), max(height, 16) / size.height())
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            image_format = cursor.charFormat().toImageFormat()
            if not image_format.isValid():
                continue
            image_format.setWidth(size.width() * scale)
            image_format.setHeight(size.height() * scale)
            cursor.setCharFormat(image_format)
            if self.reading:
                # The reading line height is for text: a picture's line
                # taller by half left a gap as high as half the picture.
                single = QTextBlockFormat()
                single.setLineHeight(100, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
                cursor.mergeBlockFormat(single)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.reading:
            self._centre_column()
        self._fit_images()

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
        image.fill(QColor(IMAGE_NOT_SHOWN))
        return image

    def _deck_image(self, url: QUrl) -> QImage | None:
        """The image a URL names inside the deck folder, decoded here within
        the size limits, or None."""
        if self._deck_folder is None or url.scheme() not in ("", "file") or url.host():
            return None
        try:
            # A card's `image:` comes as a `file:` address (`image_markdown`),
            # a Markdown image as a path relative to the deck's folder.
            named = (
                Path(url.toLocalFile())
                if url.scheme() == "file"
                else Path(url.path(QUrl.ComponentFormattingOption.FullyDecoded))
            )
            candidate = (self._deck_folder / named).resolve()
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


def _blocks(document: QTextDocument) -> Iterator[QTextBlock]:
    """A document's blocks, first to last."""
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def reading_pixels() -> int:
    """The size of a studied card's text: READING_PIXELS, or a quarter above
    the system font when that is larger, times the learner's zoom."""
    return round(max(READING_PIXELS, 1.25 * system_font_pixels()) * zoom_factor())


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: 'Ids and progress' -> 'ids-and-progress'."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")
