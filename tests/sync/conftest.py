"""What the sync tests share: a sync folder, and two computers on one deck."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from endoquiz import Library
from tests.sync.test_folder_sync import computer


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    home, work = computer(tmp_path, "home"), computer(tmp_path, "work")
    yield home, work
    home.close()
    work.close()
