"""An export onto a full disk or a read-only folder, made real (see tests/test_disk_faults.py)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import WriteDeck, basic_deck
from tests.test_disk_faults import pytestmark as needs_namespaces
from tests.test_disk_faults import run_in_namespace

pytestmark = needs_namespaces

# The library is kept beside the deck, off the small disk; only the package
# goes to it.
EXPORT = """
with Library.open(Path(deck).parent / "data") as library:
    library.add_deck(deck)
    for name in ("full", "read-only"):
        if name == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        try:
            library.export_anki("big", mount / "big.apkg")
        except StoreError as error:
            result[name] = str(error)
        result[name + " files"] = sorted(p.name for p in mount.iterdir())
"""


def test_a_package_the_disk_cannot_hold_is_refused_in_one_line_and_leaves_nothing(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("big", [f"card-{n}" for n in range(3000)]))
    result = run_in_namespace(EXPORT, tmp_path / "mnt", "64k", deck)
    assert result["full"].startswith("big.apkg cannot be written: the disk is full")
    assert result["read-only"].startswith("big.apkg cannot be written: ")
    assert "read-only" in result["read-only"]
    assert result["full files"] == result["read-only files"] == []
    assert all("\n" not in result[name] for name in ("full", "read-only"))
