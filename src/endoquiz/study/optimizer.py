"""Personal FSRS parameters, fitted to a learner's own review history.

The fitting is done by `fsrs-rs-python`, the Rust engine Anki uses, with the
inputs Anki gives it. A card's study answers (review mode, in order) become
training items: for each answer given on a later study day than the one
before it, the answers so far with the study days between them, whose last
answer is the one to predict. The items go to fsrs-rs in the order of the
answers they predict, as Anki sends them: fsrs-rs weighs an item by its
place in the list (the last ones, taken for the most recent, count most).
As in Anki, a fit that does not predict the history better than the
parameters in use keeps those. The result is compared with the default
parameters on the same history (log loss and RMSE), for the learner to decide.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from endoquiz.scheduling import AnswerMode
from endoquiz.store.rows import ReviewEntry

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

__all__ = [
    "KEPT_CURRENT",
    "MIN_REVIEWS",
    "NotEnoughReviewsError",
    "Optimization",
    "optimize",
    "optimize_command",
    "training_items",
]

# Below this, the fit follows noise more than memory (Anki asks for 400 too).
MIN_REVIEWS = 400
# What a learner is told when the fit was no better than the parameters in use.
KEPT_CURRENT = "A new fit predicted your answers no better than the parameters in use: kept."
# Passes over the history Anki asks fsrs-rs for (fsrs-rs's own default is 5).
ANKI_EPOCHS = 8


class NotEnoughReviewsError(ValueError):
    """The review history is too short to fit parameters to."""


@dataclass(frozen=True, slots=True)
class Optimization:
    """Parameters fitted to a history, and how well each set predicts it.

    Attributes:
        parameters: the fitted parameters, or those in use when the fit did
            not predict the history better (`kept_current`).
        reviews: answers used.
        log_loss / rmse: of the default parameters, then of `parameters`,
            on the same history (lower is better).
        kept_current: the fit was no better than the parameters in use, which
            `parameters` are (as Anki keeps them).
    """

    parameters: tuple[float, ...]
    reviews: int
    default_log_loss: float
    default_rmse: float
    log_loss: float
    rmse: float
    kept_current: bool = False

    @property
    def better(self) -> bool:
        """Whether `parameters` predict the history better than the defaults."""
        return self.log_loss < self.default_log_loss

    def to_json_dict(self) -> dict[str, object]:
        """Plain JSON (as `endoquiz optimize --json` prints it)."""
        return {
            "parameters": list(self.parameters),
            "reviews": self.reviews,
            "default_log_loss": self.default_log_loss,
            "default_rmse": self.default_rmse,
            "log_loss": self.log_loss,
            "rmse": self.rmse,
            "kept_current": self.kept_current,
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, object]) -> Optimization:
        """Back from `to_json_dict`; KeyError, TypeError or ValueError if malformed."""
        parameters = data["parameters"]
        if not isinstance(parameters, list):
            raise TypeError("parameters must be a list")
        figures = {
            key: float(data[key])  # type: ignore[arg-type]
            for key in ("default_log_loss", "default_rmse", "log_loss", "rmse")
        }
        return cls(
            parameters=tuple(float(value) for value in parameters),
            reviews=int(data["reviews"]),  # type: ignore[call-overload]
            kept_current=data.get("kept_current") is True,
            **figures,
        )


def optimize_command(data_dir: str) -> list[str]:
    """The command line that fits parameters in a separate process and prints
    them as JSON. A process, not a thread: fsrs-rs holds Python's GIL while it
    fits, which would freeze the window for seconds on a large history."""
    if getattr(sys, "frozen", False):
        program = [sys.executable]  # the bundle's executable is the CLI too
    else:
        program = [sys.executable, "-m", "endoquiz"]
    return [*program, "--data-dir", data_dir, "optimize", "--json"]


def training_items(entries: Iterable[ReviewEntry], day_shift: timedelta) -> list[FSRSItem]:
    """fsrs-rs items from review log entries (any order, review mode only),
    in the order of the answers they predict.

    Days between answers are study days: `day_shift` moves UTC so that a day
    starts at the learner's rollover hour.
    """
    return [item for _, item in _training_items(entries, day_shift)]


def _training_items(
    entries: Iterable[ReviewEntry], day_shift: timedelta
) -> list[tuple[int, FSRSItem]]:
    """(card number, item) of each training item, in the order of the answers
    they predict (Anki's revlog order); a card number is the same for every
    item of one card."""
    import fsrs_rs_python as fsrs_rs

    by_card: dict[tuple[str, str], list[ReviewEntry]] = {}
    for entry in entries:
        if entry.mode is AnswerMode.REVIEW:
            by_card.setdefault((entry.deck_id, entry.card_id), []).append(entry)
    items: list[tuple[tuple[datetime, int], int, FSRSItem]] = []
    for number, reviews in enumerate(by_card.values()):
        reviews.sort(key=lambda e: (e.reviewed_at, e.id))
        history = []
        previous_day: int | None = None
        for entry in reviews:
            day = (entry.reviewed_at + day_shift).toordinal()
            delta = 0 if previous_day is None else day - previous_day
            previous_day = day
            history.append(fsrs_rs.FSRSReview(int(entry.rating), delta))
            # Only answers given a day or more after the one before are
            # predicted (same-day learning steps stay in the history): fsrs-rs
            # refuses items that end on a same-day answer.
            if delta > 0:
                predicted = (entry.reviewed_at, entry.id)
                items.append((predicted, number, fsrs_rs.FSRSItem(list(history))))
    items.sort(key=lambda item: item[0])
    return [(number, item) for _, number, item in items]


def evaluate(parameters: Sequence[float], items: Sequence[FSRSItem]) -> tuple[float, float]:
    """(log loss, RMSE) of parameters on items."""
    import fsrs_rs_python as fsrs_rs

    evaluation = fsrs_rs.FSRS(list(parameters)).evaluate(items)
    return float(evaluation.log_loss), float(evaluation.rmse_bins)


def optimize(
    entries: Sequence[ReviewEntry],
    day_shift: timedelta,
    current: Sequence[float] | None = None,
    relearning_steps: int = 1,
) -> Optimization:
    """Fit FSRS-6 parameters to a review history, as Anki does.

    Args:
        current: the parameters in use (None: the defaults), kept when the
            fit does not predict the history better.
        relearning_steps: how many the learner has; Anki gives the count to
            fsrs-rs, and with more than one keeps a worse fit only when the
            parameters in use would let a card's stability grow through its
            relearning steps.

    Raises:
        NotEnoughReviewsError: with fewer than MIN_REVIEWS study answers.
    """
    import fsrs_rs_python as fsrs_rs

    study = [entry for entry in entries if entry.mode is AnswerMode.REVIEW]
    if len(study) < MIN_REVIEWS:
        raise NotEnoughReviewsError(
            f"{len(study)} reviews so far; personal parameters need at least {MIN_REVIEWS}"
        )
    numbered = _training_items(study, day_shift)
    items = [item for _, item in numbered]
    default = list(fsrs_rs.DEFAULT_PARAMETERS)
    in_use = list(current) if current is not None else default
    fitted = fsrs_rs.FSRS(default).compute_parameters(
        items,
        card_ids=[number for number, _ in numbered],
        enable_short_term=True,
        num_relearning_steps=relearning_steps,
        training_config=fsrs_rs.TrainingConfig(num_epochs=ANKI_EPOCHS),
    )
    loss, rmse = evaluate(fitted, items)
    in_use_loss, in_use_rmse = evaluate(in_use, items)
    kept = in_use_loss <= loss and _keeps_parameters_in_use(in_use, relearning_steps)
    if kept:
        fitted, loss, rmse = in_use, in_use_loss, in_use_rmse
    default_loss, default_rmse = evaluate(default, items)
    return Optimization(
        tuple(fitted), len(study), default_loss, default_rmse, loss, rmse, kept_current=kept
    )


def _keeps_parameters_in_use(parameters: Sequence[float], relearning_steps: int) -> bool:
    """Whether Anki keeps the parameters in use over a fit no better: always
    with one relearning step or none; with more, only when a forgotten card's
    stability would not grow back past where it was over those steps
    (rslib/src/scheduler/fsrs/params.rs)."""
    import fsrs_rs_python as fsrs_rs

    if relearning_steps <= 1:
        return True
    model = fsrs_rs.FSRS(list(parameters))
    start = fsrs_rs.MemoryState(1.0, 1.0)
    memory = model.next_states(start, 0.9, 2).again.memory
    for _ in range(relearning_steps):
        memory = model.next_states(memory, 0.9, 0).good.memory
    return memory.stability < start.stability
