"""What every chart of the statistics page shares: hover values, PNG export,
theme changes, and the shades mixed from the palette."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QSizePolicy, QToolTip, QWidget


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of `b` over `a`: shades that sit between two palette colours,
    so they work on a light and a dark background alike."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


class ChartWidget(QWidget):
    """What both charts share: hover values, PNG export, theme changes.

    Subclasses compute their geometry in `_layout` (on new data and on
    resize) into `_hit_rects`, one per item, so painting and hovering only
    walk precomputed lists.
    """

    def __init__(self, name: str, file_stem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setMouseTracking(True)  # hover values without a pressed button
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._file_stem = file_stem
        self._hit_rects: list[QRectF] = []
        self.hovered: int | None = None
        self.hover_text = ""

    # -- for subclasses ----------------------------------------------------

    def _layout(self) -> None:
        raise NotImplementedError

    def item_text(self, index: int) -> str:
        """What hovering item `index` shows."""
        raise NotImplementedError

    # -- hover -------------------------------------------------------------

    def item_at(self, pos: QPointF) -> int | None:
        """The item under a point of the widget, if any."""
        for index, rect in enumerate(self._hit_rects):
            if rect.contains(pos):
                return index
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.item_at(event.position())
        if index != self.hovered:
            self.hovered = index
            self.update()
        self.hover_text = self.item_text(index) if index is not None else ""
        if self.hover_text:
            # Shown at once (not after the tool-tip delay) and tied to the
            # item's rectangle, so it follows the pointer from item to item.
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.hover_text,
                self,
                self._hit_rects[index].toAlignedRect() if index is not None else self.rect(),
            )
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self.hovered, self.hover_text = None, ""
        self.update()
        super().leaveEvent(event)

    # -- export ------------------------------------------------------------

    def save_png(self, path: str | Path) -> bool:
        """Save the chart as drawn (in the current theme) as a PNG; False if
        the file could not be written."""
        return self.grab().save(str(path), "PNG")

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        save = menu.addAction("Save as PNG…")
        save.triggered.connect(self.save_as)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def save_as(self) -> None:
        """Ask where, then save as PNG."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Save chart as PNG", f"{self._file_stem}.png", "PNG images (*.png)"
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.save_png(path):
            QMessageBox.warning(self, "Save as PNG", f"Could not write {path}.")

    # -- geometry and theme ------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._layout()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # Colours are read from the palette at paint time; a new font changes
        # the room labels take.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._layout()
            self.update()
        super().changeEvent(event)

    def _colour(self, role: QPalette.ColorRole) -> QColor:
        return self.palette().color(role)
