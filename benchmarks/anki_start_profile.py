"""Makes an Anki base folder for bench_anki_start.py, run with Anki's Python.

`anki_start_profile.py BASE CARDS.json`: one profile, English chosen and
update checks and sync off, so that Anki starts straight to its deck list
with no first-run dialog; then the cards of CARDS.json (a list of
[deck id, front, back]) added as Basic notes, each deck id's "/" becoming
Anki's "::" so that both apps list the same tree, expanded as endoquiz
shows it (Anki makes new decks collapsed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anki.lang

anki.lang.set_lang("en_US")  # before aqt's profiles name the first profile

from anki.collection import AddNoteRequest, Collection  # noqa: E402
from aqt.profiles import ProfileManager  # noqa: E402


def make_profile(base: Path) -> str:
    """The path of the collection of a new profile in `base`."""
    profiles = ProfileManager(ProfileManager.get_created_base_folder(str(base)))
    profiles.setupMeta()
    profiles.meta["defaultLang"] = "en_US"  # else the first start asks
    profiles.meta["firstRun"] = False
    profiles.meta["check_for_updates"] = False
    profiles.meta["check_for_addon_updates"] = False
    profiles.load(profiles.profiles()[0])
    profiles.profile["autoSync"] = False
    profiles.save()
    return str(profiles.collectionPath())


def add_cards(collection: Collection, cards: list[list[str]]) -> int:
    basic = collection.models.by_name("Basic")
    deck_ids: dict[str, int] = {}
    requests = []
    for deck, front, back in cards:
        if deck not in deck_ids:
            deck_ids[deck] = collection.decks.id(deck.replace("/", "::"))
        note = collection.new_note(basic)
        note["Front"], note["Back"] = front, back
        requests.append(AddNoteRequest(note, deck_ids[deck]))
    collection.add_notes(requests)
    for deck in collection.decks.all():
        deck["collapsed"] = False
        collection.decks.save(deck)
    return int(collection.card_count())


def main() -> None:
    base, cards_file = Path(sys.argv[1]), Path(sys.argv[2])
    collection = Collection(make_profile(base))
    try:
        print(add_cards(collection, json.loads(cards_file.read_text(encoding="utf-8"))))
    finally:
        collection.close()


if __name__ == "__main__":
    main()
