"""Events read from another computer's journal: what is taken, what is refused, and where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from endoquiz import Library
from endoquiz.scheduling import AnswerMode
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.event_schema import InvalidEventError, event_from_json, events_from_lines
from endoquiz.store.sync_events import EventKind, SyncEvent, new_event_id
from endoquiz.sync.journal import SegmentProblem, read_segments, write_segment

DEVICE = "c0c0c0c0c0c0c0c0"
ANSWER = {
    "rating": 3,
    "answered": 1_700_000_000_000,
    "duration": 4000,
    "mode": "review",
    "tz": 60,
    "before": [0, 0, None],
    "after": [2, 1_700_086_400_000, 3.2, 5.1, None, 1_700_000_000_000, 1, 0],
    "suspends": False,
    "replaces": None,
}


def event(kind: EventKind, body: dict[str, Any], card: bool = True) -> SyncEvent:
    deck, card_id = ("deck", "card") if card else (None, None)
    return SyncEvent(new_event_id(), Stamp(1_700_000_000_000, 7, DEVICE), kind, deck, card_id, body)


EVERY_KIND = [
    event(EventKind.ANSWER, ANSWER),
    event(EventKind.ANSWER, {**ANSWER, "mode": "quiz", "history": True, "replaces": "f" * 32}),
    event(EventKind.UNDO, {"target": "e" * 32}, card=False),
    event(EventKind.SUSPEND, {"value": 1}),
    event(EventKind.FLAG, {"value": 4}),
    event(EventKind.RESET, {}),  # as an endoquiz before `at` wrote it
    event(EventKind.RESET, {"at": 1_700_000_000_000}),
    event(EventKind.STATE, {"after": ANSWER["after"]}),
    event(EventKind.SETTING, {"key": "study_settings", "value": {"a": [1, None]}}, card=False),
]


@pytest.mark.parametrize("written", EVERY_KIND, ids=lambda e: e.kind.value)
def test_every_kind_of_event_reads_back_as_written(written: SyncEvent) -> None:
    read = event_from_json(written.to_json())

    assert (read.id, read.stamp, read.kind, read.deck_id, read.card_id) == (
        written.id,
        written.stamp,
        written.kind,
        written.deck_id,
        written.card_id,
    )
    assert json.loads(json.dumps(read.body)) == json.loads(json.dumps(written.body))
    assert read.to_json() == written.to_json()


@pytest.mark.parametrize("mode", list(AnswerMode))
def test_an_answer_of_every_mode_is_read(mode: AnswerMode) -> None:
    line = event(EventKind.ANSWER, {**ANSWER, "mode": mode.value}).to_json()

    assert event_from_json(line).answer.mode is mode


def test_a_field_of_a_newer_endoquiz_is_ignored() -> None:
    record = json.loads(event(EventKind.FLAG, {"value": 2}).to_json())
    record["colour"] = "red"

    assert event_from_json(json.dumps(record)).body == {"value": 2}


def mutated(change: dict[str, Any], drop: str | None = None) -> str:
    record = json.loads(event(EventKind.ANSWER, ANSWER).to_json())
    record.update(change)
    if drop is not None:
        del record[drop]
    return json.dumps(record)


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (mutated({"rating": 0}), "rating"),
        (mutated({"rating": True}), "rating"),
        (mutated({"answered": -1}), "answered"),
        (mutated({"mode": "cram"}), "mode"),
        (mutated({"tz": 10_000}), "tz"),
        (mutated({"before": [0, 0]}), "before"),
        (mutated({"after": [2, 1, "x", 5.0, None, 1, 1, 0]}), "after"),
        (mutated({"after": [9, 1, 3.0, 5.0, None, 1, 1, 0]}), "after"),
        (mutated({"suspends": 1}), "suspends"),
        (mutated({"replaces": "not an id"}), "replaces"),
        (mutated({"replaces": "G" * 32}), "bad event id"),
        (mutated({"id": "g" * 32}), "bad event id"),
        (mutated({"hlc": "1700000000000-000000-XXXXXXXXXXXXXXXX"}), "not a clock stamp"),
        (mutated({"hlc": 5}), "hlc"),
        (mutated({"deck": ""}), "deck"),
        (mutated({"card": "c" * 201}), "card"),
        (mutated({"kind": "teleport"}), "kind"),
        (mutated({}, drop="rating"), "rating"),
        (mutated({}, drop="deck"), "deck"),
        (json.dumps({"id": "a" * 32, "hlc": "1700000000000-000000-" + DEVICE}), "kind"),
        (json.dumps({"kind": "setting", "id": "a" * 32, "hlc": "x" * 37, "key": "k"}), "value"),
        (mutated({"x": "y" * 50_000}), "characters is no event"),
        ("[1, 2]", "not a JSON object"),
        ("{not json}", "malformed"),
        ("", "not a JSON object"),
    ],
)
def test_a_line_that_is_no_event_is_refused_with_its_number_and_why(line: str, said: str) -> None:
    good = event(EventKind.ANSWER, ANSWER).to_json()

    with pytest.raises(InvalidEventError) as refused:
        events_from_lines([good, good, line, good])

    assert refused.value.number == 3
    assert said in str(refused.value)


def test_a_setting_too_long_is_refused() -> None:
    line = event(EventKind.SETTING, {"key": "k", "value": ["x" * 10] * 2000}, card=False).to_json()

    with pytest.raises(InvalidEventError, match="too long"):
        event_from_json(line)


@pytest.mark.parametrize("depth", [17, 500, 24_900])
def test_a_setting_nested_too_deeply_is_refused_not_a_crash(depth: int) -> None:
    good = event(EventKind.FLAG, {"value": 1}).to_json()
    line = (
        f'{{"id":"{"a" * 32}","hlc":"1700000000000-000000-{DEVICE}","kind":"setting",'
        f'"key":"k","value":{"[" * depth}{"]" * depth}}}'
    )

    with pytest.raises(InvalidEventError, match="nested too deeply") as refused:
        events_from_lines([good, line])

    assert refused.value.number == 2


def test_a_setting_of_a_few_levels_is_taken() -> None:
    value = {"steps": [[1, 2], {"a": [3]}], "n": 1}
    line = event(EventKind.SETTING, {"key": "k", "value": value}, card=False).to_json()

    assert event_from_json(line).body == {"key": "k", "value": value}


def test_two_events_on_one_line_or_one_across_two_are_refused() -> None:
    first, second = (event(EventKind.FLAG, {"value": n}).to_json() for n in (1, 2))
    # Two lines that read as two events only when run together.
    joined = f"{first} {second}"

    with pytest.raises(InvalidEventError):
        events_from_lines([joined, first])
    split = first.index(',"hlc"')
    with pytest.raises(InvalidEventError):
        events_from_lines([first[: split + 1], "{" + first[split + 1 :]])


def test_a_segment_whose_checksum_holds_but_whose_event_is_bad_is_not_merged(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    good = event(EventKind.FLAG, {"value": 1}).to_json()
    write_segment(folder, DEVICE, [good, mutated({"rating": 9})])

    (problem,) = read_segments(folder, {})

    assert isinstance(problem, SegmentProblem)
    assert problem.reason.startswith("line 3: ") and "rating" in problem.reason
    with Library.open(tmp_path / "data") as library:
        report = library.sync(folder)
        assert report.received == 0 and library.review_log() == []
        assert any("line 3" in text for text in report.problems)
