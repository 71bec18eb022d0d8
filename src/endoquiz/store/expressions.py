"""SQL expressions over the store's columns that its queries and the search language share."""

from __future__ import annotations

from collections.abc import Sequence

from endoquiz.common.clock import DAY_MS
from endoquiz.scheduling import AnswerMode

# The review log's `mode` of an answer given in study, not in a quiz.
STUDIED = AnswerMode.REVIEW.value


def retrievability_sql(last_review: str, stability: str) -> str:
    """FSRS's probability of recall now, R = (1 + factor * t / S) ** decay
    (`scheduling.retrievability`), of a card whose columns are named
    `last_review` and `stability`; its parameters are (factor, now in ms,
    decay). A card without a last review or a stability gives NULL."""
    return (
        f"(CASE WHEN {stability} > 0 AND {last_review} IS NOT NULL THEN "
        f"pow(1 + ? * max(0, ? - {last_review}) / {DAY_MS}.0 / {stability}, ?) END)"
    )


def in_clause(values: Sequence[object]) -> str:
    """`(?,?,…)`, one parameter per value, for `column IN …`."""
    return "(" + ",".join("?" * len(values)) + ")"
