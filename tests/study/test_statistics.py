"""Statistics: the figures of the statistics page and of `endoquiz stats`."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating
from endoquiz.cli import main
from endoquiz.study.statistics import FORECAST_DAYS
from tests.conftest import WriteDeck, basic_deck, study

# Mid-morning UTC: far from the 04:00 rollover.
DAY1 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def history(library: Library, write_deck: WriteDeck) -> Library:
    """Study on 1, 2 and 4 May (a gap on the 3rd), then reviews on 5 May."""
    library.add_deck(write_deck(basic_deck("bio/cells", [f"c{i}" for i in range(10)]), "c.yaml"))
    library.add_deck(write_deck(basic_deck("bio/genes", ["g0", "g1"]), "g.yaml"))
    study(library, "bio/cells", DAY1, [Rating.EASY, Rating.EASY, Rating.EASY])
    study(library, "bio/cells", DAY1 + timedelta(days=1), [Rating.EASY, Rating.AGAIN])
    study(library, "bio/genes", DAY1 + timedelta(days=3), [Rating.EASY])
    return library


def test_today_heatmap_and_streak(history: Library) -> None:
    now = DAY1 + timedelta(days=3, hours=2)
    stats = history.statistics(now=now)
    assert stats.heatmap == {date(2024, 5, 1): 3, date(2024, 5, 2): 2, date(2024, 5, 4): 1}
    assert (stats.today.answers, stats.today.cards) == (1, 1)
    assert stats.today.time == timedelta(seconds=5)
    assert stats.today.again_rate == 0
    assert stats.today.streak_days == 1  # the 3rd broke it
    # The next morning, before any answer, yesterday's streak still counts.
    next_day = history.statistics(now=now + timedelta(days=1))
    assert (next_day.today.answers, next_day.today.streak_days) == (0, 1)
    assert next_day.today.again_rate is None
    # Per deck tree: the genes deck alone studied only on the 4th.
    assert history.statistics("bio/genes", now=now).heatmap == {date(2024, 5, 4): 1}


def test_counts_by_state_and_forecast(history: Library) -> None:
    now = DAY1 + timedelta(days=3, hours=2)
    stats = history.statistics(now=now)
    cells = stats.counts["bio/cells"]
    # Four Easy answers made young review cards; Again left one in learning.
    assert (cells.new, cells.learning, cells.young, cells.mature) == (5, 1, 4, 0)
    assert stats.counts["bio/genes"].new == 1
    assert stats.total.new == 6
    assert len(stats.forecast) == FORECAST_DAYS
    # Every studied card is due in the next 30 days (Easy gives about a week).
    assert sum(stats.forecast) == 6
    assert stats.forecast[0] >= 1  # the learning card, overdue since the 2nd


def test_true_retention_counts_review_cards_only(history: Library) -> None:
    # The learning card comes first (it does not count), then the five young
    # review cards: three recalled, two forgotten.
    later = DAY1 + timedelta(days=20)
    ratings = [Rating.EASY, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    study(history, "bio", later, ratings)
    stats = history.statistics(now=later)
    week, month, year = stats.retention
    assert (week.days, week.reviews, week.recalled, week.retention) == (7, 5, 3, 0.6)
    assert (month.reviews, year.reviews) == (5, 5)
    assert stats.desired_retention == 0.9
    # Quiz answers are not study: they do not count.
    quiz = history.quiz("bio", size=3, seed=1, now=later)
    for question in quiz.questions:
        quiz.time_out(question, later)
    assert history.statistics(now=later).retention[0].reviews == 5


def test_retrievability_histogram_has_every_studied_card(history: Library) -> None:
    stats = history.statistics(now=DAY1 + timedelta(days=3, hours=2))
    assert sum(stats.retrievability) == 6
    assert len(stats.retrievability) == 10
    # Just reviewed, the genes card is near certain recall: the top bucket.
    assert stats.retrievability[9] >= 1


def test_deck_overview_before_studying(history: Library) -> None:
    # The genes deck was last studied on the 4th, its parent's other deck on the 2nd.
    fourth = DAY1 + timedelta(days=3)
    assert history.deck_overview("bio/genes", fourth + timedelta(days=1)).last_studied == fourth
    cells = history.deck_overview("bio/cells", fourth + timedelta(days=1))
    assert cells.last_studied == DAY1 + timedelta(days=1)
    # As the true retention test: on the 21st, five review cards answered,
    # three recalled; then a quiz, which is not study.
    later = DAY1 + timedelta(days=20)
    ratings = [Rating.EASY, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    study(history, "bio", later, ratings)
    quiz = history.quiz("bio/genes", size=2, seed=1, now=later + timedelta(hours=1))
    for question in quiz.questions:
        quiz.time_out(question, later + timedelta(hours=1))
    now = later + timedelta(hours=2)
    whole = history.deck_overview("bio", now)  # a parent that is only a prefix of ids
    assert whole.deck_id == "bio"
    assert whole.counts == history.deck_counts(now)["bio"]
    assert whole.last_studied == later  # the quiz an hour later does not count
    month = whole.retention
    assert (month.days, month.reviews, month.recalled, month.retention) == (30, 5, 3, 0.6)
    assert month == history.statistics("bio", now).retention[1]
    genes = history.deck_overview("bio/genes", now)
    assert genes.counts == history.deck_counts(now)["bio/genes"]
    assert genes.last_studied == later
    # A month on, the 21st's reviews have left the 30 days.
    assert history.deck_overview("bio", later + timedelta(days=30)).retention.reviews == 0


def test_deck_overview_of_a_deck_never_studied(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("fresh", ["a", "b", "c"])))
    overview = library.deck_overview("fresh", DAY1)
    assert (overview.counts.new, overview.counts.learning, overview.counts.review) == (3, 0, 0)
    assert overview.last_studied is None
    assert (overview.retention.reviews, overview.retention.retention) == (0, None)
    with pytest.raises(KeyError):
        library.deck_overview("fre", DAY1)  # not a deck, nor a prefix of one's id


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone set to UTC, the zone the `library` fixture opens in:
    the command line reads the machine's, and between 04:00 UTC and 04:00
    local time the two zones are on different study days."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("machine_in_utc")
def test_cli_prints_the_same_figures(
    history: Library, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    expected = history.statistics().to_json_dict()
    history.close()
    assert main(["--data-dir", str(data_dir), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected
    assert main(["--data-dir", str(data_dir), "stats", "--deck", "bio/genes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Statistics for bio/genes")
    assert "Cards: 1 new, 0 learning, 1 young, 0 mature, 0 suspended" in out
    assert main(["--data-dir", str(data_dir), "stats", "--deck", "nope"]) == 2
