"""The forgetting curve, what retention does to intervals, intervals as Anki shows them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import fsrs

from endoquiz.scheduling.settings import StudySettings


def decay_of(parameters: Sequence[float] | None) -> float:
    """The forgetting curve's decay of FSRS parameters (fitted ones, or
    FSRS-6's defaults for None): its 21st parameter, negated."""
    return -float((parameters or fsrs.scheduler.DEFAULT_PARAMETERS)[20])


def forgetting_curve(settings: StudySettings) -> tuple[float, float]:
    """(factor, decay) of the forgetting curve R(t) = (1 + factor * t / S) ** decay
    of the parameters in use, for SQL that computes retrievability."""
    decay = decay_of(settings.parameters)
    return 0.9 ** (1 / decay) - 1, decay


def retrievability(elapsed_days: float, stability: float, factor: float, decay: float) -> float:
    """FSRS's probability of recall `elapsed_days` after the last answer, for
    a card of this stability, on the curve (factor, decay) of
    `forgetting_curve`; `store.expressions.retrievability_sql` is the same
    in SQL."""
    return float((1 + factor * max(0.0, elapsed_days) / stability) ** decay)


def interval_ratio(
    retention: float, reference: float = 0.9, parameters: Sequence[float] | None = None
) -> float:
    """How much longer intervals are at a desired retention than at `reference`,
    on the curve of these FSRS parameters (the learner's fitted ones, or the
    defaults for None).

    With FSRS's forgetting curve R(t) = (1 + F t / S) ** D, the interval that
    keeps recall at r is proportional to r ** (1 / D) - 1.
    """
    decay = decay_of(parameters)

    def interval_factor(r: float) -> float:
        return float(r ** (1 / decay) - 1)

    return interval_factor(retention) / interval_factor(reference)


def workload_note(retention: float, parameters: Sequence[float] | None = None) -> str:
    """One line on what a desired retention means for a learner's workload,
    on the curve of their FSRS parameters (fitted, or the defaults for None).

    It states only what the model says: how intervals change, and the share of
    cards forgotten by the time they come due (each of which costs relearning).
    """
    ratio = interval_ratio(retention, parameters=parameters)
    forgotten = f"about {1 - retention:.0%} of cards forgotten by the time they are due"
    if abs(ratio - 1) < 0.05:
        return f"The default: {forgotten}."
    if ratio > 1:
        return f"Fewer reviews (intervals about {ratio:.1f}× as long as at 90%), but {forgotten}."
    return f"More reviews (intervals about {ratio:.2f}× as long as at 90%), with {forgotten}."


def format_interval(interval: timedelta) -> str:
    """An interval as Anki shows it on its buttons: 45s, 10m, 3h, 4d, 3mo, 1.5y."""
    seconds = max(0.0, interval.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30
        return f"{months:.1f}".rstrip("0").rstrip(".") + "mo"
    years = days / 365
    return f"{years:.1f}".rstrip("0").rstrip(".") + "y"
