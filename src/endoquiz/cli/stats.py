"""`endoquiz stats`: the statistics page's figures, as lines or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from endoquiz import Statistics


def run(data_dir: Path, deck_id: str | None, as_json: bool) -> int:
    """Print the statistics of every deck, or of `deck_id` and its children."""
    import json

    try:
        with opened_library(data_dir, "stats") as library:
            stats = library.statistics(deck_id)
    except KeyError:
        print(f"endoquiz stats: error: no deck '{deck_id}' is installed", file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        print(json.dumps(stats.to_json_dict(), indent=2))
    else:
        print("\n".join(_lines(stats, deck_id)))
    return EXIT_OK


def _lines(stats: Statistics, deck_id: str | None) -> list[str]:
    """The figures as a person reads them, one line each."""
    from endoquiz import HEATMAP_DAYS

    today = stats.today
    again = f"{today.again_rate:.0%}" if today.again_rate is not None else "-"
    lines = [
        f"Statistics for {deck_id or 'all decks'}",
        f"Today: {today.answers} answers on {today.cards} cards in "
        f"{round(today.time.total_seconds() / 60)} min; Again {again}; "
        f"streak {today.streak_days} day(s)",
        f"Reviews in the last {HEATMAP_DAYS} days: "
        f"{sum(stats.heatmap.values())} on {len(stats.heatmap)} study days",
        "Due in the next 30 days: " + " ".join(str(n) for n in stats.forecast),
    ]
    for period in stats.retention:
        value = f"{period.retention:.1%}" if period.retention is not None else "-"
        lines.append(
            f"True retention, last {period.days} days: {value} of {period.reviews} reviews "
            f"(desired {stats.desired_retention:.0%})"
        )
    total = stats.total
    lines.append(
        f"Cards: {total.new} new, {total.learning} learning, {total.young} young, "
        f"{total.mature} mature, {total.suspended} suspended"
    )
    lines.append(
        "Retrievability (0-10% ... 90-100%): " + " ".join(str(n) for n in stats.retrievability)
    )
    return lines
