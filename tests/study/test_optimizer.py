"""Personal FSRS parameters: fitted to a simulated learner, they predict
that learner's answers on cards they were not fitted to better than the defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import fsrs
import pytest

from endoquiz import Library, Rating, State
from endoquiz.cli import main
from endoquiz.scheduling import AnswerMode, StudySettings
from endoquiz.store.rows import ReviewEntry
from endoquiz.study.optimizer import (
    KEPT_CURRENT,
    MIN_REVIEWS,
    NotEnoughReviewsError,
    Optimization,
    evaluate,
    optimize,
)
from endoquiz.study.optimizer import training_items as items_of
from tests.conftest import WriteDeck, basic_deck
from tests.simulation import START, STRONG_MEMORY, simulate

NO_SHIFT = timedelta(0)


@pytest.fixture(scope="module")
def simulated_log(tmp_path_factory: pytest.TempPathFactory) -> list[ReviewEntry]:
    folder = tmp_path_factory.mktemp("optimizer")
    deck = folder / "deck.yaml"
    deck.write_text(basic_deck("memory", [f"c{i:03}" for i in range(240)]), encoding="utf-8")
    with Library.open(folder / "data", fuzz=False, timezone=UTC) as library:
        library.add_deck(deck)
        simulate(library, "memory", days=120, seed=7)
        return library.review_log()


def test_fitted_parameters_predict_held_out_cards_better(
    simulated_log: list[ReviewEntry],
) -> None:
    # Fit on two thirds of the cards, judge on the rest: a fit that merely
    # memorised its own data would not carry over.
    held_out = {f"c{i:03}" for i in range(0, 240, 3)}
    train = [e for e in simulated_log if e.card_id not in held_out]
    test = [e for e in simulated_log if e.card_id in held_out]
    assert len(train) >= MIN_REVIEWS

    result = optimize(train, NO_SHIFT)

    assert result.reviews == len(train)
    assert result.better and not result.kept_current
    default_loss, _ = evaluate(fsrs.scheduler.DEFAULT_PARAMETERS, items_of(test, NO_SHIFT))
    fitted_loss, _ = evaluate(result.parameters, items_of(test, NO_SHIFT))
    true_loss, _ = evaluate(STRONG_MEMORY, items_of(test, NO_SHIFT))
    # Better than the defaults, and at least halfway to the learner's own
    # memory model (on these few held-out cards, itself not far ahead).
    assert fitted_loss < default_loss
    assert fitted_loss - true_loss < (default_loss - true_loss) / 2
    # This learner keeps new cards far longer than the defaults assume.
    defaults = fsrs.scheduler.DEFAULT_PARAMETERS
    assert all(result.parameters[i] > 2 * defaults[i] for i in range(4))
    # Parameters the app's scheduler accepts as they are.
    StudySettings(parameters=result.parameters)


def answer(number: int, card_id: str, day: int, rating: Rating = Rating.GOOD) -> ReviewEntry:
    at = START + timedelta(days=day)
    return ReviewEntry(
        number, "memory", card_id, rating, at, 3000, AnswerMode.REVIEW,
        State.REVIEW, State.REVIEW, at + timedelta(days=1), 5.0, 5.0,
    )  # fmt: skip


def test_items_come_in_the_order_of_the_answers_they_predict() -> None:
    """fsrs-rs weighs an item by its place in the list, the last ones (taken
    for the most recent) most: Anki gives them in review-time order."""
    log = [
        answer(1, "a", 0, Rating.AGAIN),
        answer(2, "a", 1),
        answer(3, "a", 3),
        answer(4, "b", 0, Rating.HARD),
        answer(5, "b", 2),
    ]
    items = [repr(item) for item in items_of(log, NO_SHIFT)]
    assert items == [
        "FSRSItem { reviews: [FSRSReview { rating: 1, delta_t: 0 }, "
        "FSRSReview { rating: 3, delta_t: 1 }] }",
        "FSRSItem { reviews: [FSRSReview { rating: 2, delta_t: 0 }, "
        "FSRSReview { rating: 3, delta_t: 2 }] }",
        "FSRSItem { reviews: [FSRSReview { rating: 1, delta_t: 0 }, "
        "FSRSReview { rating: 3, delta_t: 1 }, FSRSReview { rating: 3, delta_t: 2 }] }",
    ]
    assert [repr(item) for item in items_of(reversed(log), NO_SHIFT)] == items


def test_log_loss_does_not_depend_on_the_order_of_the_log(
    simulated_log: list[ReviewEntry],
) -> None:
    """Issue 13: the defaults' log loss moved with the order in which cards
    (or decks) came, as the most recent weight fell on the last card."""
    by_card = sorted(simulated_log, key=lambda e: (e.card_id, e.reviewed_at))
    by_card_backwards = sorted(by_card, key=lambda e: e.card_id, reverse=True)
    losses = {
        evaluate(fsrs.scheduler.DEFAULT_PARAMETERS, items_of(log, NO_SHIFT))[0]
        for log in (simulated_log, by_card, by_card_backwards)
    }
    assert len(losses) == 1


def test_a_fit_no_better_keeps_the_parameters_in_use(simulated_log: list[ReviewEntry]) -> None:
    """As Anki: the parameters in use, when a fit predicts the history no
    better (here the same fit again: as good, not better)."""
    first = optimize(simulated_log, NO_SHIFT)
    assert not first.kept_current
    again = optimize(simulated_log, NO_SHIFT, current=first.parameters)
    assert again.kept_current
    assert again.parameters == first.parameters
    # (RMSE sums its bins in no fixed order: the last digits may differ.)
    assert again.log_loss == first.log_loss
    assert again.rmse == pytest.approx(first.rmse)
    assert Optimization.from_json_dict(again.to_json_dict()) == again


def test_too_few_reviews_are_refused(simulated_log: list[ReviewEntry]) -> None:
    with pytest.raises(NotEnoughReviewsError, match=f"399 reviews so far.*{MIN_REVIEWS}"):
        optimize(simulated_log[:399], NO_SHIFT)


def test_quiz_answers_are_not_training_data(simulated_log: list[ReviewEntry]) -> None:
    as_quiz = [replace(e, mode=AnswerMode.QUIZ) for e in simulated_log]
    with pytest.raises(NotEnoughReviewsError, match=r"^0 reviews"):
        optimize(as_quiz, NO_SHIFT)
    assert items_of(as_quiz, NO_SHIFT) == []


def test_library_optimize_then_apply_changes_the_intervals(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("memory", [f"c{i:03}" for i in range(90)])))
    simulate(library, "memory", days=60, seed=3)
    result = library.optimize(now=START + timedelta(days=60))
    assert result.reviews == sum(e.mode == "review" for e in library.review_log())

    def first_good_interval() -> timedelta:
        library.reset_progress([("memory", "c000")])
        now = START + timedelta(days=61)
        session = library.review("memory", now=now)
        card = session.next_card(now)
        while card is not None and card.id != "c000":
            session.answer(card, Rating.GOOD, now)
            card = session.next_card(now)
        assert card is not None
        return session.next_intervals(card, now)[Rating.EASY]

    default_interval = first_good_interval()
    library.update_settings(parameters=result.parameters)
    assert library.settings.parameters == result.parameters
    # This learner's first Easy is worth far more than the default 8 days.
    assert first_good_interval() > default_interval * 1.5


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        StudySettings(parameters=(1.0, 2.0))


def test_cli_reports_then_applies(
    data_dir: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "optimize"]) == 1
    assert "0 reviews so far; personal parameters need at least 400" in capsys.readouterr().err

    with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
        library.add_deck(write_deck(basic_deck("memory", [f"c{i:03}" for i in range(90)])))
        simulate(library, "memory", days=60, seed=3)

    assert main(["--data-dir", str(data_dir), "optimize"]) == 0
    out = capsys.readouterr().out
    assert "Default parameters: log loss" in out and "Not applied" in out
    with Library.open(data_dir) as library:
        assert library.settings.parameters is None

    assert main(["--data-dir", str(data_dir), "optimize", "--apply"]) == 0
    out = capsys.readouterr().out
    assert "Applied" in out and KEPT_CURRENT not in out
    with Library.open(data_dir) as library:
        applied = library.settings.parameters
        assert applied is not None and len(applied) == 21

    # Fitted again to the same answers: no better than the parameters in use.
    assert main(["--data-dir", str(data_dir), "optimize", "--apply"]) == 0
    assert KEPT_CURRENT in capsys.readouterr().out
    with Library.open(data_dir) as library:
        assert library.settings.parameters == applied
