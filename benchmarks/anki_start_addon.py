"""An Anki add-on for bench_anki_start.py: says when the deck list is shown.

Copied into the profile's addons21/ folder, where Anki loads it at start. Once
the deck browser has rendered and its web page has loaded (Anki runs queued
scripts only after the page's DOM is ready), it prints SHOWN_LINE, the epoch
time and how many decks the page lists; the benchmark measures the memory
then, and ends Anki.
"""

from __future__ import annotations

import time
from typing import Any

from aqt import gui_hooks

# The same words as endoquiz's line, so that one reader finds both.
SHOWN_LINE = "endoquiz: deck list shown at "
_said: list[bool] = []


def _deck_browser_rendered(deck_browser: Any) -> None:
    if _said:  # the deck browser renders again after each change
        return
    _said.append(True)

    def page_ready(decks_listed: object) -> None:
        print(f"{SHOWN_LINE}{time.time():.6f} with {decks_listed} decks", flush=True)

    deck_browser.web.evalWithCallback("document.querySelectorAll('a.deck').length", page_ready)


gui_hooks.deck_browser_did_render.append(_deck_browser_rendered)
