"""FSRS scheduling through the library, study-day boundaries and interval labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from endoquiz import Library, Rating, State, StudySettings, format_interval
from endoquiz.scheduling import next_study_day_start, study_day_start
from tests.conftest import WriteDeck, basic_deck

G, A = Rating.GOOD, Rating.AGAIN


def test_intervals_match_py_fsrs_reference(data_dir: Path, write_deck: WriteDeck) -> None:
    """py-fsrs's own test_review_card sequence, through the library, reopened
    from disk between answers, each review at the card's due time: answered
    at the same time of day, the days are the same whether counted in whole
    days (py-fsrs) or study days (Anki)."""
    deck = write_deck(basic_deck("conformance", ["only"]))
    review_time = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
    with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
        library.add_deck(deck, now=review_time)

    intervals = []
    for rating in [G, G, G, G, G, G, A, A, G, G, G, G, G]:
        with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
            session = library.review("conformance", now=review_time)
            card = session.next_card(review_time)
            assert card is not None and card.id == "only"
            session.answer(card, rating, review_time)
            due = library.card_state("conformance", "only").due
            assert due is not None
            intervals.append((due - review_time).days)
            review_time = due

    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
        log = library.review_log()
    assert [entry.rating for entry in log] == [G, G, G, G, G, G, A, A, G, G, G, G, G]
    assert [entry.state_before for entry in log][:2] == [State.NEW, State.LEARNING]


def test_fuzz_spreads_intervals_but_stays_near_the_unfuzzed_one(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("fuzz", [f"c{i}" for i in range(20)]))
    intervals: dict[bool, list[int]] = {}
    for fuzz in (False, True):
        with Library.open(tmp_path / f"data-{fuzz}", fuzz=fuzz, timezone=UTC) as library:
            library.add_deck(deck)
            library.update_settings(new_per_day=100)
            now = datetime(2024, 1, 1, 10, tzinfo=UTC)
            session = library.review("fuzz", now=now)
            days = []
            for card in library.deck("fuzz").cards:
                # Easy on a new card gives a review interval of several days.
                state = session.answer(card, Rating.EASY, now)
                assert state.due is not None
                days.append((state.due - now).days)
            intervals[fuzz] = days
    assert len(set(intervals[False])) == 1
    unfuzzed = intervals[False][0]
    assert len(set(intervals[True])) > 1
    assert unfuzzed >= 5
    # Anki fuzzes 8 days to 6..10 (py-fsrs's rounding could add one more day).
    assert all(unfuzzed - 2 <= d <= unfuzzed + 2 for d in intervals[True]), intervals


def test_study_day_rolls_over_at_four_local_time() -> None:
    zone = ZoneInfo("Europe/Berlin")
    # 02:30 in Berlin on 5 March is still the study day of 4 March.
    late = datetime(2024, 3, 5, 2, 30, tzinfo=zone)
    assert study_day_start(late, 4, zone) == datetime(2024, 3, 4, 4, 0, tzinfo=zone)
    assert next_study_day_start(late, 4, zone) == datetime(2024, 3, 5, 4, 0, tzinfo=zone)
    morning = datetime(2024, 3, 5, 4, 0, tzinfo=zone)
    assert study_day_start(morning, 4, zone) == datetime(2024, 3, 5, 4, 0, tzinfo=zone)


def test_study_day_across_daylight_saving_change() -> None:
    zone = ZoneInfo("Europe/Berlin")
    # Clocks go forward on 31 March 2024: that study day is 23 hours long.
    start = study_day_start(datetime(2024, 3, 30, 12, tzinfo=zone), 4, zone)
    end = next_study_day_start(datetime(2024, 3, 30, 12, tzinfo=zone), 4, zone)
    assert end - start == timedelta(hours=23)
    assert end == datetime(2024, 3, 31, 4, 0, tzinfo=zone)


def test_naive_datetimes_are_refused(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("naive", ["a"])))
    with pytest.raises(ValueError, match="timezone-aware"):
        library.review("naive", now=datetime(2024, 1, 1, 10))


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=4), "4d"),
        (timedelta(days=90), "3mo"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=548), "1.5y"),
        (timedelta(days=-1), "0s"),
    ],
)
def test_interval_labels(interval: timedelta, label: str) -> None:
    assert format_interval(interval) == label


@pytest.mark.parametrize(
    "change",
    [
        {"desired_retention": 1.2},
        {"learning_steps": (0.0,)},
        {"maximum_interval": 0},
        {"day_starts_at": 24},
        {"new_per_day": -1},
    ],
)
def test_out_of_range_settings_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        StudySettings(**change)  # type: ignore[arg-type]


def test_settings_persist_and_shape_the_schedule(data_dir: Path, write_deck: WriteDeck) -> None:
    deck = write_deck(basic_deck("steps", ["a"]))
    with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
        library.add_deck(deck)
        library.update_settings(learning_steps=(5.0, 30.0))
    with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
        assert library.settings.learning_steps == (5.0, 30.0)
        now = datetime(2024, 1, 1, 10, tzinfo=UTC)
        session = library.review("steps", now=now)
        card = session.next_card(now)
        assert card is not None
        assert session.next_intervals(card, now)[Rating.AGAIN] == timedelta(minutes=5)
        state = session.answer(card, Rating.GOOD, now)
        assert state.due == now + timedelta(minutes=30)


@pytest.mark.parametrize(
    "change",
    [{"desired_retention": 0.69}, {"desired_retention": 0.98}, {"quiz_schedule": "sometimes"}],
)
def test_retention_range_and_quiz_policy_are_checked(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        StudySettings(**change)  # type: ignore[arg-type]


def test_workload_note_says_what_retention_costs() -> None:
    from endoquiz.scheduling import interval_ratio, workload_note

    assert workload_note(0.9).startswith("The default: about 10% of cards forgotten")
    assert "Fewer reviews" in workload_note(0.8) and "20% of cards forgotten" in workload_note(0.8)
    assert "More reviews" in workload_note(0.95)
    ratios = [interval_ratio(r / 100) for r in range(70, 98)]
    assert ratios == sorted(ratios, reverse=True)  # higher retention, shorter intervals


def test_the_workload_note_follows_the_learner_s_fitted_curve() -> None:
    import fsrs

    from endoquiz.scheduling import workload_note

    # A fitted decay of 0.5 instead of FSRS-6's 0.1542: a flatter curve,
    # on which 80% retention stretches intervals less than by default.
    fitted = (*fsrs.scheduler.DEFAULT_PARAMETERS[:20], 0.5)
    assert "about 3.3× as long" in workload_note(0.8)
    assert "about 2.4× as long" in workload_note(0.8, fitted)
    assert workload_note(0.8, None) == workload_note(0.8)


def test_appearance_is_kept_in_the_progress_database(data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        assert (library.appearance.theme, library.appearance.zoom) == ("system", 100)
        library.update_appearance(theme="dark", zoom=125)
        with pytest.raises(ValueError):
            library.update_appearance(theme="purple")
    with Library.open(data_dir) as library:
        assert (library.appearance.theme, library.appearance.zoom) == ("dark", 125)
