"""Personal FSRS parameters: fitted to a simulated learner, they predict
that learner's answers on cards they were not fitted to better than the defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import fsrs
import pytest

from endoquiz import Library, Rating
from endoquiz.cli import main
from endoquiz.optimizer import MIN_REVIEWS, NotEnoughReviewsError, evaluate, optimize
from endoquiz.optimizer import training_items as items_of
from endoquiz.progress_store import ReviewEntry
from endoquiz.scheduling import StudySettings
from tests.conftest import WriteDeck, basic_deck
from tests.simulation import START, simulate

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
    assert result.better
    default_loss, _ = evaluate(fsrs.scheduler.DEFAULT_PARAMETERS, items_of(test, NO_SHIFT))
    fitted_loss, _ = evaluate(result.parameters, items_of(test, NO_SHIFT))
    assert fitted_loss < default_loss * 0.9
    # Parameters the app's scheduler accepts as they are.
    StudySettings(parameters=result.parameters)


def test_too_few_reviews_are_refused(simulated_log: list[ReviewEntry]) -> None:
    with pytest.raises(NotEnoughReviewsError, match=f"399 reviews so far.*{MIN_REVIEWS}"):
        optimize(simulated_log[:399], NO_SHIFT)


def test_quiz_answers_are_not_training_data(simulated_log: list[ReviewEntry]) -> None:
    as_quiz = [replace(e, mode="quiz") for e in simulated_log]
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
    assert "Applied" in capsys.readouterr().out
    with Library.open(data_dir) as library:
        assert library.settings.parameters is not None
        assert len(library.settings.parameters) == 21
