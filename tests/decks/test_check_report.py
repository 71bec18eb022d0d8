"""The report that gathers a deck file's diagnostics while it is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz.decks.check_report import MAX_ERRORS, CheckReport, ErrorLimitError
from endoquiz.decks.deck_loader import load_deck
from endoquiz.decks.diagnostics import Severity
from endoquiz.decks.yaml_tree import ScalarNode

DECK = Path("deck.yaml")
VALID = Path(__file__).parents[1] / "data" / "valid" / "all_kinds.yaml"


def test_the_report_lists_in_file_order_and_keeps_the_deck_only_without_errors() -> None:
    deck = load_deck(VALID)
    report = CheckReport(DECK)
    report.warning(ScalarNode("2", plain=True, line=2, column=4), "second")
    assert report.result(deck).deck is deck
    report.error_at(1, 4, "first")
    check = report.result(deck)
    assert [(d.line, d.severity) for d in check.diagnostics] == [
        (1, Severity.ERROR),
        (2, Severity.WARNING),
    ]
    assert check.deck is None


def test_the_report_stops_checking_past_the_error_limit() -> None:
    report = CheckReport(DECK)
    for line in range(1, MAX_ERRORS + 1):
        report.error_at(line, 1, "bad")
    with pytest.raises(ErrorLimitError):
        report.error_at(MAX_ERRORS + 1, 1, "bad")
    assert str(report.result(None).diagnostics[-1]) == (
        f"deck.yaml:{MAX_ERRORS + 1}:1: error: more than {MAX_ERRORS} errors; "
        "checking stopped here: fix these and check the file again"
    )
