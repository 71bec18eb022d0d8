"""Renders the app icon's SVG to the PNG sizes a hicolor icon theme wants.

Run at build time (QtSvg is used here only, and left out of the bundle):
`python packaging/render_icons.py OUT_DIR` writes OUT_DIR/<size>x<size>/apps/endoquiz.png.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).with_name("icons") / "endoquiz.svg"


def main(out_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}x{size}" / "apps" / "endoquiz.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            raise SystemExit(f"cannot write {target}")
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]))
