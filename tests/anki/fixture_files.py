"""The fixtures Anki made (`make anki-fixtures`) and what Anki said of them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKAGES = ("modern.apkg", "legacy.apkg", "modern.colpkg", "legacy.colpkg")


def expected() -> dict[str, Any]:
    """expected.json: Anki's API on the collection ("collection") and on
    each package imported into an empty collection ("packages")."""
    value: dict[str, Any] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    return value


def extract(package: str, member: str, folder: Path) -> Path:
    """One file of a package, extracted into `folder`."""
    with zipfile.ZipFile(FIXTURES / package) as archive:
        return Path(archive.extract(member, folder))
