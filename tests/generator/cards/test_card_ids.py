"""Card ids that stay put: unique within an article, made of content."""

from __future__ import annotations

from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id, shuffled

DOSE = "The dose is adjusted every 6–8 weeks according to TSH results until the level settles."


def test_a_taken_id_gets_the_next_free_number() -> None:
    ids = CardIds()

    assert [ids.claim("term-fatigue") for _ in range(3)] == [
        "term-fatigue",
        "term-fatigue-2",
        "term-fatigue-3",
    ]
    assert ids.claim("term-fatigue-2") == "term-fatigue-2-2"
    assert CardIds().claim("term-fatigue") == "term-fatigue"


def test_a_sentence_id_is_its_key_and_a_hash_of_the_sentence() -> None:
    assert sentence_card_id("cloze", "6–8 weeks", DOSE) == "cloze-68-weeks-9004cf"
    assert sentence_card_id("cloze", "6–8 weeks", DOSE + " ") != "cloze-68-weeks-9004cf"


def test_choices_are_shuffled_the_same_way_on_every_run() -> None:
    choices = ["Fatigue", "Cold Intolerance", "Weight Change", "Palpitations"]

    order = shuffled("which-fatigue", choices)

    assert order == ["Cold Intolerance", "Weight Change", "Fatigue", "Palpitations"]
    assert shuffled("which-fatigue", list(reversed(choices))) == order
    assert shuffled("which-palpitations", choices) != order
