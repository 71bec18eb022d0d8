"""Which part of a sentence a cloze hides: the informative fact, never a gap the card gives away."""

from __future__ import annotations

from endoquiz.generator.article_model import Article, Paragraph
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.sections import cloze_cards


def cloze_texts(title: str, *sentences: str) -> list[str]:
    """The cloze texts a learner sees for a one-paragraph article section."""
    article = Article(
        "a.txt", title, "a", paragraphs=[Paragraph("Fundamentals", None, sentences, 3)]
    )
    return [
        str(c.fields["text"])
        for c in cloze_cards(ArticleText.of(article), "Fundamentals", CardIds())
    ]


def test_a_share_is_not_asked_beside_the_rest_of_its_whole() -> None:
    sentence = (
        "About 99% of the body’s calcium is stored in the skeleton, and less than 1% "
        "circulates in the blood."
    )

    texts = cloze_texts("Calcium and the Parathyroid Glands", sentence)

    assert not [t for t in texts if "::99%}}" in t]


def test_a_measure_is_asked_before_the_contrast_it_explains() -> None:
    sentence = (
        "Intact PTH has a half-life of only 2–4 minutes in the blood, which is why a single "
        "injection produces a short peak rather than a sustained rise."
    )

    texts = cloze_texts("Calcium and the Parathyroid Glands", sentence)

    assert texts == [sentence.replace("2–4 minutes", "{{c1::2–4 minutes}}")]


def test_a_contrast_with_mere_constancy_is_not_asked() -> None:
    # "rather than at a steady rate" is the gap's antonym: "bursts" is read off it.
    sentence = "Cortisol is released in bursts rather than at a steady rate."

    texts = cloze_texts("Sleep and the Adrenal Glands", sentence)

    assert not [t for t in texts if "{{c1::bursts}}" in t]


def test_a_nickname_its_sentence_explains_is_not_asked() -> None:
    sentence = (
        "Vitamin D is often called the sunshine vitamin, because the skin makes it when "
        "exposed to ultraviolet B light."
    )

    texts = cloze_texts("Bone and Minerals", sentence)

    assert not [t for t in texts if "sunshine vitamin}}" in t]


def test_a_possessive_name_is_asked_whole() -> None:
    sentence = (
        "Tapping the facial nerve may make the corner of the mouth twitch, known as "
        "Chvostek's sign, in a patient with low calcium."
    )

    texts = cloze_texts("Bone and Minerals", sentence)

    assert texts == [sentence.replace("Chvostek's sign", "{{c1::Chvostek's sign}}")]


def test_a_qualifier_of_the_whole_claim_stays_in_view() -> None:
    sentence = (
        "The CaSR is also expressed in the kidney, where its activation reduces calcium "
        "reabsorption independently of PTH."
    )

    texts = cloze_texts("Bone and Minerals", sentence)

    assert texts == [sentence.replace("calcium reabsorption", "{{c1::calcium reabsorption}}")]


def test_an_amount_a_prefix_tells_is_not_asked() -> None:
    sentence = (
        "Hypothyroidism is a state in which the gland produces too little hormone, slowing growth."
    )

    texts = cloze_texts("Bone and Minerals", sentence)

    assert not [t for t in texts if "{{c1::too little hormone}}" in t]


def test_a_rise_the_sentence_already_shows_is_not_asked() -> None:
    sentence = (
        "The pancreas then produces more insulin, attempting to force the glucose into cells, "
        "leading to elevated insulin levels in the bloodstream."
    )

    texts = cloze_texts("Bone and Minerals", sentence)

    assert not [t for t in texts if "{{c1::elevated insulin levels}}" in t]


def test_one_side_of_a_whereas_mirror_is_not_asked() -> None:
    sentence = (
        "Intermittent PTH stimulates bone formation, whereas continuous PTH excess drives "
        "bone resorption through RANKL."
    )
    # RANKL named before: the sentence's other candidate is its mirrored half.
    before = "RANKL, a membrane protein made by osteoblasts, drives the formation of osteoclasts."

    texts = cloze_texts("Calcium Balance", before, sentence)

    assert not [t for t in texts if "{{c1::bone formation}}" in t]
