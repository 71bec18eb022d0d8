"""`endoquiz optimize`: FSRS parameters fitted to the learner's reviews, applied if asked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from endoquiz import Optimization


def run(data_dir: Path, apply: bool, as_json: bool) -> int:
    """Fit the parameters, print them (as JSON if `as_json`), and with `apply`
    schedule with them."""
    import json

    from endoquiz import NotEnoughReviewsError

    with opened_library(data_dir, "optimize") as library:
        print("Fitting FSRS parameters to your review history...", file=sys.stderr)
        try:
            result = library.optimize()
        except NotEnoughReviewsError as error:
            print(f"endoquiz optimize: {error}", file=sys.stderr)
            return EXIT_INVALID
        if apply:
            library.update_settings(parameters=result.parameters)
        if as_json:
            print(json.dumps({**result.to_json_dict(), "applied": apply}, indent=2))
        else:
            _print_comparison(result, apply)
    return EXIT_OK


def _print_comparison(result: Optimization, applied: bool) -> None:
    """The fitted parameters against the defaults, and whether they are used."""
    from endoquiz import KEPT_CURRENT

    print(f"Reviews used: {result.reviews}")
    print(
        f"Default parameters: log loss {result.default_log_loss:.4f}, "
        f"RMSE {result.default_rmse:.4f}"
    )
    print(f"Your parameters:    log loss {result.log_loss:.4f}, RMSE {result.rmse:.4f}")
    print("Parameters: " + ", ".join(f"{value:.4f}" for value in result.parameters))
    if result.kept_current:
        print(KEPT_CURRENT)
    if applied:
        print("Applied: your reviews are scheduled with these parameters from now on.")
    else:
        print("Not applied (use --apply to use them).")
