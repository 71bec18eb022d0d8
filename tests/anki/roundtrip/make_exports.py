"""Writes the packages `make anki-roundtrip` has Anki import, with endoquiz (its .venv)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Run as a script from the checkout: the decks the tests export are shared.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.anki.export_decks import export_packages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder to write them in (it must not exist)")
    args = parser.parse_args(argv)
    for name, path in export_packages(args.folder).items():
        print(f"{name}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
