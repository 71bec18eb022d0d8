"""Print endoquiz's AT-SPI accessibility tree as JSON (run by the system Python, which has pyatspi).

Each node: role, name, description, its text (for text and label nodes),
whether it is showing, and its children. Only what a screen reader reads;
nothing is changed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyatspi  # type: ignore[import-not-found]  # Debian's python3-pyatspi

MAX_CHILDREN = 200


def node(accessible: Any) -> dict[str, Any]:
    text = ""
    try:
        interface = accessible.queryText()
        text = interface.getText(0, interface.characterCount)
    except NotImplementedError:
        pass
    states = accessible.getState()
    return {
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "text": text,
        "showing": states.contains(pyatspi.STATE_SHOWING),
        "children": [
            node(accessible.getChildAtIndex(index))
            for index in range(min(accessible.childCount, MAX_CHILDREN))
            if accessible.getChildAtIndex(index) is not None
        ],
    }


def main() -> int:
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [desktop.getChildAtIndex(index) for index in range(desktop.childCount)]
    app = next((app for app in apps if app is not None and app.name == "endoquiz"), None)
    print(json.dumps(node(app) if app is not None else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
