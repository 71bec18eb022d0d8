"""Personal FSRS parameters, fitted to a learner's own review history.

The fitting is done by `fsrs-rs-python`, the Rust engine Anki uses. A card's
study answers (review mode, in order) become training items: for each answer
given on a later day than the one before it, the answers so far with the days
between them, whose last answer is the one to predict. The result is compared
with the default parameters on the same history (log loss and RMSE), for the
learner to decide.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from endoquiz.progress_store import ReviewEntry

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

__all__ = [
    "MIN_REVIEWS",
    "NotEnoughReviewsError",
    "Optimization",
    "optimize",
    "optimize_command",
    "training_items",
]

# Below this, the fit follows noise more than memory (Anki asks for 400 too).
MIN_REVIEWS = 400


class NotEnoughReviewsError(ValueError):
    """The review history is too short to fit parameters to."""


@dataclass(frozen=True, slots=True)
class Optimization:
    """Parameters fitted to a history, and how well each set predicts it.

    Attributes:
        reviews: answers used.
        log_loss / rmse: of the default parameters, then of the fitted ones,
            on the same history (lower is better).
    """

    parameters: tuple[float, ...]
    reviews: int
    default_log_loss: float
    default_rmse: float
    log_loss: float
    rmse: float

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict the history better."""
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
    """fsrs-rs items from review log entries (any order, review mode only).

    Days between answers are study days: `day_shift` moves UTC so that a day
    starts at the learner's rollover hour.
    """
    import fsrs_rs_python as fsrs_rs

    by_card: dict[tuple[str, str], list[ReviewEntry]] = {}
    for entry in entries:
        if entry.mode == "review":
            by_card.setdefault((entry.deck_id, entry.card_id), []).append(entry)
    items: list[FSRSItem] = []
    for reviews in by_card.values():
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
                items.append(fsrs_rs.FSRSItem(list(history)))
    return items


def evaluate(parameters: Sequence[float], items: Sequence[FSRSItem]) -> tuple[float, float]:
    """(log loss, RMSE) of parameters on items."""
    import fsrs_rs_python as fsrs_rs

    evaluation = fsrs_rs.FSRS(list(parameters)).evaluate(items)
    return float(evaluation.log_loss), float(evaluation.rmse_bins)


def optimize(entries: Sequence[ReviewEntry], day_shift: timedelta) -> Optimization:
    """Fit FSRS-6 parameters to a review history.

    Raises:
        NotEnoughReviewsError: with fewer than MIN_REVIEWS study answers.
    """
    import fsrs_rs_python as fsrs_rs

    study = [entry for entry in entries if entry.mode == "review"]
    if len(study) < MIN_REVIEWS:
        raise NotEnoughReviewsError(
            f"{len(study)} reviews so far; personal parameters need at least {MIN_REVIEWS}"
        )
    items = training_items(study, day_shift)
    default = list(fsrs_rs.DEFAULT_PARAMETERS)
    fitted = fsrs_rs.FSRS(default).compute_parameters(items)
    default_loss, default_rmse = evaluate(default, items)
    loss, rmse = evaluate(fitted, items)
    return Optimization(tuple(fitted), len(study), default_loss, default_rmse, loss, rmse)
