"""The English the pages say: days, counted nouns and a study session's summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from endoquiz import Rating, SessionSummary
from endoquiz.gui.wording import count_text, day_text, session_summary_lines


def test_days_and_counts_read_as_english() -> None:
    assert day_text(date(2024, 5, 3)) == "3 May 2024"
    assert [count_text(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]


def test_a_session_summary_says_what_was_done_and_what_waits() -> None:
    returns = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
    summary = SessionSummary(
        answers=3,
        cards=1,
        time=timedelta(minutes=2),
        ratings={Rating.AGAIN: 1, Rating.HARD: 0, Rating.GOOD: 2, Rating.EASY: 0},
        due_tomorrow=4,
        held_back=1,
        learning_returns=returns,
    )
    at = returns.astimezone().strftime("%H:%M")
    assert session_summary_lines(summary, learning_later=2) == [
        "1 card studied (3 answers) in 2 min",
        "Again 1, Good 2",
        f"2 cards in learning come back today, from {at}",
        "1 related card comes back tomorrow: a card's siblings wait a day",
        "Due tomorrow: 4",
    ]


def test_a_summary_leaves_out_what_did_not_happen() -> None:
    summary = SessionSummary(
        answers=1, cards=1, time=timedelta(0), ratings={Rating.EASY: 1}, due_tomorrow=0
    )
    assert session_summary_lines(summary, learning_later=0) == [
        "1 card studied (1 answer) in 0 min",
        "Easy 1",
    ]
