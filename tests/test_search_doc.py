"""docs/search.md stays true: every `endoquiz cards` example it gives finds
cards in the bundled decks, or prints the error it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import NamedTuple

import pytest

from endoquiz import Library
from endoquiz.cli import main
from endoquiz.paths import bundled_decks_dir

ROOT = Path(__file__).resolve().parents[1]
# The documents whose examples are run. README.md's are not yet: its example
# is changed by the integrator (see this branch's notes), then it joins here.
EXAMPLE_DOCUMENTS = ("docs/search.md", "README.md")
_FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A command line as the documents write it: a prompt and the venv's path optional.
_COMMAND = re.compile(r"^(?:\$ )?(?:\.venv/bin/)?endoquiz cards(?:\s+(.*))?$")


class Example(NamedTuple):
    document: str
    query: list[str]
    error: str | None  # the error line shown after it, if it shows one


def examples(document: str) -> list[Example]:
    found = []
    text = (ROOT / document).read_text(encoding="utf-8")
    for block in _FENCED.findall(text):
        lines = block.splitlines()
        for number, line in enumerate(lines):
            command = _COMMAND.match(line)
            if command is None:
                continue
            after = lines[number + 1] if number + 1 < len(lines) else ""
            error = after if after.startswith("endoquiz cards: error:") else None
            words = shlex.split(command[1] or "", comments=True)
            found.append(Example(document, words, error))
    return found


ALL_EXAMPLES = [example for document in EXAMPLE_DOCUMENTS for example in examples(document)]


@pytest.fixture(scope="module")
def bundled_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the bundled decks installed, as the app's first start leaves it."""
    data_dir = tmp_path_factory.mktemp("bundled") / "data"
    bundled = bundled_decks_dir()
    assert bundled is not None
    with Library.open(data_dir) as library:
        _, errors = library.add_decks_in(bundled)
        assert errors == []
    return data_dir


def test_the_documents_give_examples() -> None:
    assert len([e for e in ALL_EXAMPLES if e.error is None]) >= 5


@pytest.mark.parametrize(
    "example", ALL_EXAMPLES, ids=[" ".join(e.query) or "(none)" for e in ALL_EXAMPLES]
)
def test_each_example_does_what_the_document_says(
    example: Example, bundled_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--data-dir", str(bundled_library), "cards", *example.query])
    out, err = capsys.readouterr()
    if example.error is not None:
        assert (status, err.strip()) == (2, example.error)
        return
    assert status == 0, err
    found = out.splitlines()
    assert found, f"{example.document}: endoquiz cards {shlex.join(example.query)} finds nothing"
    assert err.strip() == f"{len(found)} card(s)"
