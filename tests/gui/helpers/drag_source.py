"""A second process that starts a real XDND drag of FILE when the mouse is pressed
and moved on its window (the test drives the mouse with xdotool).

Usage: drag_source.py FILE X Y W H
Prints "READY" once mapped and "DRAGGED <action>" when the drag ends.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

from tests.gui.helpers.qtready import announce_when_exposed


class Source(QLabel):
    def __init__(self, path: str) -> None:
        super().__init__("drag me")
        self.path = path
        self.press: QPoint | None = None
        self.dragging = False

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.press = e.position().toPoint()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.press is None or self.dragging:
            return
        if (e.position().toPoint() - self.press).manhattanLength() < 4:
            return
        self.dragging = True
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(self.path)])
        drag = QDrag(self)
        drag.setMimeData(mime)
        action = drag.exec(Qt.DropAction.CopyAction)
        print(f"DRAGGED {action.name}", flush=True)
        self.dragging = False
        self.press = None


def main() -> int:
    path = sys.argv[1]
    x, y, w, h = (int(v) for v in sys.argv[2:6])
    app = QApplication(sys.argv[:1])
    win = Source(path)
    win.setGeometry(x, y, w, h)
    win.show()
    announce_when_exposed(win)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
