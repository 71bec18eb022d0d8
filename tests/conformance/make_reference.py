"""Makes anki_reference.json: answer sequences run through Anki's own scheduler.

Each sequence is one card of a fresh Anki collection (FSRS on, Anki's default
parameters and the settings endoquiz has by default unless the sequence says
otherwise), answered at the times the sequence gives: minutes after the last
answer, or on the card's due day at a clock time, early or late. Anki runs
with its clock stopped by libfaketime at a time read from a file this script
rewrites before each answer, and with ANKI_TEST_MODE=1, which turns off its
fuzz and load balancing. What Anki gives (the state, the interval, the
four buttons' intervals, the memory state) is written with the absolute times
of the answers, for `test_anki_conformance.py` to replay through `Library`.

Run it with `make conformance-reference`, which installs the pinned `anki`
wheel in `build/venv-anki/` (requirements/anki-reference.txt); Linux only, as
libfaketime is. Neither `anki` nor this script is used by the app or by
`make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ANKI_VERSION = "26.9.3"
FAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "anki_reference.json"

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
# Anki's card queues whose due is a day number (review, day learning).
DAY_QUEUES = (2, 3)
# Local hours at which Anki's clock, in test mode, runs two hours behind.
TEST_MODE_SHIFTED_HOURS = (2, 3)
# Sequences stop at answers this far ahead (intervals of decades add up).
LAST_YEAR = 2200

# The settings of both sides unless a sequence says otherwise: endoquiz's
# defaults, which are Anki's (retention 0.9, steps of 1 and 10 minutes, a
# relearning step of 10, a maximum of 36500 days, the day starting at 04:00),
# in UTC.
DEFAULTS: dict[str, Any] = {
    "zone": "UTC",
    "day_starts_at": 4,
    "desired_retention": 0.9,
    "learning_steps": [1.0, 10.0],
    "relearning_steps": [10.0],
    "maximum_interval": 36500,
}


# -- timings ------------------------------------------------------------------
# When each answer is given, as data (the worker resolves it against the
# card's state in Anki):
#   {"after": minutes}            minutes after the previous answer
#   {"due": "HH:MM"}              on the card's due study day at that local
#                                 time; at its due time if it is due today
#   {"due": "HH:MM", "days": n}   n study days after (late) or before (early)
#                                 the due day, never before the last answer


def after(minutes: float) -> dict[str, Any]:
    return {"after": minutes}


def due(clock: str = "12:00", days: int = 0) -> dict[str, Any]:
    return {"due": clock, "days": days}


def answers(timing: dict[str, Any], *ratings: int) -> list[dict[str, Any]]:
    return [{"rating": rating, "timing": timing} for rating in ratings]


def plan(*answers: tuple[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Answers as (rating, timing) pairs."""
    return [{"rating": rating, "timing": timing} for rating, timing in answers]


def graduate() -> list[dict[str, Any]]:
    """A new card answered Good twice, 10 minutes apart: into review."""
    return plan((GOOD, after(0)), (GOOD, after(10)))


def fixed_sequences() -> list[dict[str, Any]]:
    """Sequences chosen to show each rule: study days, ordering, steps across
    the rollover, long intervals, maximum intervals, relearning, zones."""
    return [
        {
            "name": "good-x8-at-05:00",
            "start": "2024-01-01T05:00:00",
            "answers": graduate() + answers(due("05:00"), *[GOOD] * 8),
        },
        {
            "name": "good-x8-evening-then-morning",
            "start": "2024-01-01T21:00:00",
            "answers": graduate()
            + [
                {"rating": GOOD, "timing": due("05:00" if i % 2 == 0 else "22:30")}
                for i in range(8)
            ],
        },
        {
            "name": "one-day-card-answered-next-morning",
            "start": "2024-01-01T23:00:00",
            "answers": plan(
                (GOOD, after(0)),
                (HARD, after(10)),
                (GOOD, after(6)),
                (GOOD, due("04:30")),
                (GOOD, due("04:30")),
                (GOOD, due("04:30")),
            ),
        },
        {
            "name": "same-day-repeats",
            "start": "2024-01-01T09:00:00",
            "answers": graduate()
            + answers(after(30), GOOD, GOOD, HARD, EASY)
            + answers(due("09:00"), GOOD)
            + answers(after(60), GOOD, HARD, GOOD, EASY, EASY)
            + answers(due("09:00"), GOOD)
            + answers(after(5), HARD, GOOD),
        },
        {
            "name": "learning-step-across-rollover",
            "start": "2024-01-01T05:55:00",
            "day_starts_at": 6,
            "answers": plan(
                (GOOD, after(0)), (GOOD, due("07:00")), (GOOD, due("07:00")), (GOOD, due("07:00"))
            ),
        },
        {
            "name": "steps-across-rollover-at-midnight",
            "start": "2024-01-01T23:52:00",
            "day_starts_at": 0,
            "answers": plan(
                (AGAIN, after(0)),
                (GOOD, after(1)),
                (HARD, after(2)),
                (GOOD, due("00:30")),
                (AGAIN, due("23:55")),
                (GOOD, due("08:00")),
                (GOOD, due("08:00")),
            ),
        },
        {
            "name": "relearning",
            "start": "2024-01-01T10:00:00",
            "answers": graduate()
            + answers(due("10:00"), GOOD, GOOD)
            + plan(
                (AGAIN, due("10:00")),
                (AGAIN, after(10)),
                (HARD, after(10)),
                (GOOD, after(10)),
                (GOOD, due("10:00")),
                (AGAIN, due("10:00")),
                (EASY, after(10)),
                (GOOD, due("10:00")),
                (AGAIN, due("10:00")),
                (GOOD, due("10:00")),
            ),
        },
        {
            "name": "early-reviews",
            "start": "2024-01-01T08:00:00",
            "answers": graduate()
            + answers(due("08:00"), GOOD, GOOD)
            + answers(due("08:00", days=-1), GOOD, GOOD, HARD)
            + answers(due("08:00", days=-5), GOOD, EASY)
            + answers(due("08:00", days=-20), GOOD),
        },
        {
            "name": "late-reviews",
            "start": "2024-01-01T08:00:00",
            "answers": graduate()
            + answers(due("08:00", days=3), GOOD, GOOD, HARD)
            + answers(due("19:00", days=30), GOOD, AGAIN)
            + answers(after(10), GOOD)
            + answers(due("08:00", days=100), GOOD, EASY),
        },
        {
            "name": "easy-all-the-way",
            "start": "2024-01-01T12:00:00",
            "answers": answers(after(0), EASY) + answers(due("12:00"), *[EASY] * 7),
        },
        {
            "name": "hard-all-the-way",
            "start": "2024-01-01T12:00:00",
            "answers": answers(after(0), HARD, HARD)
            + answers(after(6), GOOD, HARD)
            + answers(due("12:00"), *[HARD] * 10),
        },
        {
            "name": "maximum-interval-30",
            "start": "2024-01-01T12:00:00",
            "maximum_interval": 30,
            "answers": graduate()
            + answers(due("12:00"), GOOD, GOOD, EASY, GOOD, HARD)
            + answers(due("12:00", days=20), GOOD, EASY),
        },
        {
            "name": "maximum-interval-3",
            "start": "2024-01-01T12:00:00",
            "maximum_interval": 3,
            "answers": answers(after(0), GOOD)
            + answers(after(10), GOOD)
            + answers(due("12:00"), GOOD, HARD, GOOD, AGAIN)
            + answers(after(10), GOOD)
            + answers(due("12:00", days=2), GOOD),
        },
        {
            "name": "maximum-interval-365-easy",
            "start": "2024-01-01T12:00:00",
            "maximum_interval": 365,
            "answers": answers(after(0), EASY) + answers(due("12:00"), *[EASY] * 5),
        },
        {
            "name": "custom-steps-with-a-day-step",
            "start": "2024-01-01T12:00:00",
            "learning_steps": [5.0, 30.0, 1440.0],
            "relearning_steps": [10.0, 60.0],
            "answers": plan(
                (HARD, after(0)),
                (GOOD, after(6)),
                (HARD, after(30)),
                (GOOD, after(30)),
                (GOOD, due("12:00")),
                (GOOD, due("12:00")),
                (AGAIN, due("12:00")),
                (GOOD, after(10)),
                (HARD, after(60)),
                (GOOD, after(60)),
                (GOOD, due("12:00")),
            ),
        },
        {
            "name": "one-learning-step-no-relearning-steps",
            "start": "2024-01-01T12:00:00",
            "learning_steps": [15.0],
            "relearning_steps": [],
            "answers": plan(
                (HARD, after(0)),
                (HARD, after(20)),
                (GOOD, after(20)),
                (GOOD, due("12:00")),
                (AGAIN, due("12:00")),
                (AGAIN, due("12:00")),
                (GOOD, due("12:00")),
            ),
        },
        *(
            {
                "name": f"retention-{retention:.2f}",
                "start": "2024-01-01T12:00:00",
                "desired_retention": retention,
                "answers": graduate()
                + answers(due("12:00"), GOOD, GOOD, HARD, GOOD, AGAIN)
                + answers(after(10), GOOD)
                + answers(due("12:00"), GOOD, EASY),
            }
            for retention in (0.8, 0.95)
        ),
        {
            "name": "tokyo-rollover-4",
            "start": "2024-01-01T01:00:00",
            "zone": "Asia/Tokyo",
            "answers": plan(
                (GOOD, after(0)),
                (GOOD, after(10)),
                (GOOD, due("01:30")),
                (GOOD, due("04:30")),
                (GOOD, due("01:30")),
                (GOOD, due("23:00")),
            ),
        },
        {
            "name": "new-york-across-daylight-saving",
            "start": "2024-03-05T12:00:00",
            "zone": "America/New_York",
            "answers": graduate()
            + answers(due("12:00"), GOOD, GOOD, GOOD)
            + answers(due("12:00", days=-2), GOOD),
        },
    ]


RANDOM_SEQUENCES = 60


def random_sequences(seed: int = 13) -> list[dict[str, Any]]:
    """Random cards: ratings weighted as learners answer, timings of every
    kind, varied rollover hours, maximum intervals and retention."""
    rng = random.Random(seed)
    sequences = []
    for number in range(RANDOM_SEQUENCES):
        rollover = rng.choice([0, 2, 4, 4, 4, 6, 12, 23])
        sequence: dict[str, Any] = {
            "name": f"random-{number:02}",
            "start": f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}T"
            f"{rng.randint(0, 23):02}:{rng.choice([0, 15, 30, 45, 55]):02}:00",
            "day_starts_at": rollover,
            "maximum_interval": rng.choice([36500, 36500, 36500, 365, 60, 10]),
            "desired_retention": rng.choice([0.9, 0.9, 0.9, 0.85, 0.95]),
            "answers": [],
        }
        for _ in range(rng.randint(8, 24)):
            rating = rng.choices([AGAIN, HARD, GOOD, EASY], weights=[12, 10, 63, 15])[0]
            clock = f"{rng.randint(0, 23):02}:{rng.choice([0, 10, 30, 50]):02}"
            kind = rng.choices(["after", "due", "late", "early"], weights=[25, 45, 18, 12])[0]
            if kind == "after":
                timing = after(rng.choice([1, 3, 10, 11, 30, 90, 300, 1000]))
            elif kind == "due":
                timing = due(clock)
            elif kind == "late":
                timing = due(clock, days=rng.choice([1, 2, 3, 7, 20, 60]))
            else:
                timing = due(clock, days=-rng.choice([1, 2, 3, 10]))
            sequence["answers"].append({"rating": rating, "timing": timing})
        sequences.append(sequence)
    return sequences


# -- the worker: one sequence through Anki, under libfaketime -----------------


def run_sequence(spec: dict[str, Any], clock_file: Path) -> list[dict[str, Any]]:
    """Answers one card in a fresh collection as `spec` says; runs in a
    process whose clock libfaketime reads from `clock_file`."""
    from anki.collection import Collection

    zone = ZoneInfo(spec["zone"])
    start = outside_test_mode_shift(datetime.fromisoformat(spec["start"]).replace(tzinfo=zone))
    set_clock(clock_file, start)
    folder = tempfile.mkdtemp(prefix="anki-reference-")
    path = str(Path(folder) / "collection.anki2")
    col = Collection(path)
    col.set_config("rollover", spec["day_starts_at"])
    col.set_config("fsrs", True)
    col.close()
    # Reopened so that no day boundary computed before the rollover was set
    # is kept in the collection's cache.
    col = Collection(path)
    deck_id = col.decks.id("Default")
    config = col.decks.config_dict_for_deck_id(deck_id)
    config["new"]["delays"] = spec["learning_steps"]
    config["lapse"]["delays"] = spec["relearning_steps"]
    config["rev"]["maxIvl"] = spec["maximum_interval"]
    config["desiredRetention"] = spec["desired_retention"]
    col.decks.update_config(config)
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "front", "back"
    col.add_note(note, deck_id)
    card_id = note.cards()[0].id

    results: list[dict[str, Any]] = []
    moment = start
    for answer in spec["answers"]:
        card = col.get_card(card_id)
        moment = answer_moment(col, card, answer["timing"], moment, zone, spec)
        if moment.year >= LAST_YEAR:
            break  # Python's clock ends in 2262; a card this far out is done
        set_clock(clock_file, moment)
        card = col.get_card(card_id)
        secs_until_rollover = col.sched.day_cutoff - int(moment.timestamp())
        try:
            states = col._backend.get_scheduling_states(card_id)
        except BaseException as error:  # pyo3's PanicException is a BaseException
            if type(error).__name__ != "PanicException":
                raise
            # Without fuzz (test mode) Anki panics when a (re)learning card's
            # Good interval reaches the maximum: Easy's minimum (Good + 1) is
            # then above the maximum, and u32::clamp refuses. With fuzz on, it
            # gives the maximum. The card cannot be answered; its sequence ends.
            # The panic leaves the collection unusable: not even closed.
            results.append({"at": iso(moment), "stopped": str(error)})
            return results
        buttons = [
            interval_text(*scheduled(state, secs_until_rollover))
            for state in (states.again, states.hard, states.good, states.easy)
        ]
        card.start_timer()
        col.sched.answerCard(card, answer["rating"])
        card = col.get_card(card_id)
        ivl = col.db.scalar("SELECT ivl FROM revlog WHERE cid = ? ORDER BY id DESC", card_id)
        # The memory state as Anki stores it (rounded, in the card's JSON).
        memory = json.loads(col.db.scalar("SELECT data FROM cards WHERE id = ?", card_id))
        results.append(
            {
                "at": iso(moment),
                "rating": answer["rating"],
                "buttons": buttons,
                "state": STATES[card.type],
                "interval": f"{ivl}d" if ivl > 0 else f"{-ivl}s",
                "stability": memory["s"],
                "difficulty": memory["d"],
            }
        )
    col.close()
    return results


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def scheduled(state: Any, secs_until_rollover: int) -> tuple[int, int]:
    """(days, seconds) of a next state as Anki labels its button: a step in
    seconds that passes the rollover counts in days (IntervalKind::maybe_as_days)."""
    normal = state.normal
    kind = normal.WhichOneof("kind")
    if kind == "review":
        return normal.review.scheduled_days, 0
    secs = (
        normal.learning.scheduled_secs
        if kind == "learning"
        else normal.relearning.learning.scheduled_secs
    )
    if secs >= secs_until_rollover:
        return (secs - secs_until_rollover) // 86_400 + 1, 0
    return 0, secs


def interval_text(days: int, seconds: int) -> str:
    return f"{days}d" if days else f"{seconds}s"


def answer_moment(
    col: Any,
    card: Any,
    timing: dict[str, Any],
    previous: datetime,
    zone: ZoneInfo,
    spec: dict[str, Any],
) -> datetime:
    """When an answer of `timing` is given, for the card as it is now: a new
    card is answered when the sequence starts, and no answer comes less than a
    minute after the one before."""
    if card.queue == 0:
        return previous
    if "after" in timing:
        return outside_test_mode_shift(previous + timedelta(minutes=timing["after"]))
    moment = max(previous + timedelta(minutes=1), due_moment(col, card, timing, zone, spec))
    return outside_test_mode_shift(moment)


def outside_test_mode_shift(moment: datetime) -> datetime:
    """`moment`, or two hours later when it is from 02:00 to 04:00 local time:
    in test mode Anki moves its clock back two hours then (rslib/src/timestamp.rs,
    "to accommodate Python tests"), so it cannot be given an answer at those
    times."""
    if moment.hour in TEST_MODE_SHIFTED_HOURS:
        return moment + timedelta(hours=2)
    return moment


def due_moment(
    col: Any, card: Any, timing: dict[str, Any], zone: ZoneInfo, spec: dict[str, Any]
) -> datetime:
    """The time a `due` timing names."""
    rollover = spec["day_starts_at"]
    if card.queue in DAY_QUEUES:
        # A day number: days since the collection was created, today being
        # col.sched.today, whose study day ends at col.sched.day_cutoff.
        ends = datetime.fromtimestamp(col.sched.day_cutoff, zone)
        due_day = study_date(ends, rollover) - timedelta(days=col.sched.today - card.due + 1)
    else:
        due_time = datetime.fromtimestamp(card.due, zone)
        if timing.get("days", 0) == 0:
            return due_time
        due_day = study_date(due_time, rollover)
    return at_clock(due_day + timedelta(days=timing.get("days", 0)), timing["due"], rollover, zone)


def study_date(moment: datetime, rollover: int) -> date:
    """The calendar date on which the study day containing `moment` begins."""
    return (moment - timedelta(hours=rollover)).date()


def at_clock(day: date, clock: str, rollover: int, zone: ZoneInfo) -> datetime:
    """Local time `clock` in the study day that begins on `day`."""
    hour, minute = (int(part) for part in clock.split(":"))
    calendar_day = day if hour >= rollover else day + timedelta(days=1)
    return datetime.combine(calendar_day, time(hour, minute), tzinfo=zone)


def set_clock(clock_file: Path, moment: datetime) -> None:
    """Stops the worker's clock at `moment`: libfaketime reads the file at
    every clock call. A time without "@" stands still; "@" would start a
    clock a few microseconds early, before a rollover set on the second."""
    clock_file.write_text(clock_text(moment), encoding="utf-8")


def clock_text(moment: datetime) -> str:
    # Local time in the worker's zone (TZ), which is the sequence's.
    return moment.strftime("%Y-%m-%d %H:%M:%S\n")


# -- the driver ---------------------------------------------------------------


def run_worker(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Runs one sequence in a child process under libfaketime."""
    with tempfile.TemporaryDirectory() as folder:
        clock_file = Path(folder) / "clock"
        spec_file = Path(folder) / "spec.json"
        result_file = Path(folder) / "result.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        start = datetime.fromisoformat(spec["start"])
        clock_file.write_text(clock_text(outside_test_mode_shift(start)), encoding="utf-8")
        command = [sys.executable, __file__, "--worker", str(spec_file), str(result_file)]
        subprocess.run(command, env=faked_clock_environment(clock_file, spec["zone"]), check=True)
        result: list[dict[str, Any]] = json.loads(result_file.read_text(encoding="utf-8"))
        return result


def faked_clock_environment(clock_file: Path, zone: str) -> dict[str, str]:
    """The environment of a worker whose clock libfaketime reads from
    `clock_file`, in `zone`, with Anki's fuzz and load balancing off."""
    return {
        **os.environ,
        "TZ": zone,
        "ANKI_TEST_MODE": "1",
        "LD_PRELOAD": str(FAKETIME),
        "FAKETIME_TIMESTAMP_FILE": str(clock_file),
        "FAKETIME_NO_CACHE": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "RUST_BACKTRACE": "0",
    }


def missing_tool() -> str | None:
    """What keeps Anki from running here as the reference, or None."""
    from importlib.metadata import version

    if version("anki") != ANKI_VERSION:
        return f"needs anki {ANKI_VERSION}, found {version('anki')}"
    if not FAKETIME.exists():
        return f"needs libfaketime ({FAKETIME}): apt install faketime"
    return None


def reference_text(reference: dict[str, Any]) -> str:
    """The reference as JSON with a line for each sequence's name and
    settings and one for each answer, so that what a new Anki release
    changes shows in a diff as the answers it changed."""
    head = json.dumps({k: v for k, v in reference.items() if k != "sequences"}, indent=1)
    sequences = []
    for sequence in reference["sequences"]:
        answers = ",\n".join(f"   {json.dumps(answer)}" for answer in sequence["answers"])
        sequences.append(
            f'  {{"name": {json.dumps(sequence["name"])},\n'
            f'   "settings": {json.dumps(sequence["settings"])},\n'
            f'   "answers": [\n{answers}\n  ]}}'
        )
    return head.removesuffix("\n}") + ',\n "sequences": [\n' + ",\n".join(sequences) + "\n ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=2, metavar=("SPEC", "RESULT"), help=argparse.SUPPRESS)
    parser.add_argument("output", nargs="?", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.worker:
        spec_file, result_file = (Path(name) for name in args.worker)
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        clock_file = Path(os.environ["FAKETIME_TIMESTAMP_FILE"])
        result = run_sequence(spec, clock_file)
        result_file.write_text(json.dumps(result), encoding="utf-8")
        return 0

    problem = missing_tool()
    if problem:
        print(f"make_reference: {problem}")
        return 1
    sequences = []
    for spec in fixed_sequences() + random_sequences():
        settings = {**DEFAULTS, **{k: v for k, v in spec.items() if k in DEFAULTS}}
        full = {**settings, **spec}
        print(f"{full['name']}: {len(full['answers'])} answers", file=sys.stderr)
        sequences.append(
            {
                "name": full["name"],
                "settings": settings,
                "answers": run_worker(full),
            }
        )
    reference = {
        "anki": ANKI_VERSION,
        "made_by": "tests/conformance/make_reference.py (make conformance-reference)",
        "intervals": "Nd: N days (due on the N-th study day after the answer); "
        "Ns: N seconds (a learning step within the study day)",
        "sequences": sequences,
    }
    args.output.write_text(reference_text(reference), encoding="utf-8")
    total = sum(len(s["answers"]) for s in sequences)
    print(f"{len(sequences)} sequences, {total} answers: {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
