"""The English the pages say, without Qt: days ('3 May 2024'), counts ('2 cards'),
rating names, what a study session did, and what a sync did."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz import Rating, SessionSummary, isolated

if TYPE_CHECKING:  # the sync's modules load on the first sync, not at start
    from endoquiz import SyncReport

# English names, not strftime's: Qt sets the C locale from the environment,
# and the rest of the interface is English.
MONTHS = (
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
RATING_LABELS = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


def day_text(day: date) -> str:
    """'3 May 2024'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def count_text(number: int, noun: str) -> str:
    """'1 card', '2 cards': a number and its noun, plural when it is not one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _come(number: int) -> str:
    """The verb for `number` cards: '1 card comes', '2 cards come'."""
    return "comes" if number == 1 else "come"


def session_summary_lines(summary: SessionSummary, learning_later: int) -> list[str]:
    """What a study session did, what is held back and why, and when the
    `learning_later` cards still in learning return; lines of nothing left out."""
    minutes = summary.time / timedelta(minutes=1)
    ratings = ", ".join(f"{RATING_LABELS[r]} {n}" for r, n in summary.ratings.items() if n)
    lines = [
        f"{count_text(summary.cards, 'card')} studied "
        f"({count_text(summary.answers, 'answer')}) in {minutes:.0f} min"
    ]
    lines += [ratings] if ratings else []
    if learning_later and summary.learning_returns is not None:
        at = summary.learning_returns.astimezone().strftime("%H:%M")
        lines.append(
            f"{count_text(learning_later, 'card')} in learning {_come(learning_later)} "
            f"back today, from {at}"
        )
    if summary.held_back:
        lines.append(
            f"{count_text(summary.held_back, 'related card')} {_come(summary.held_back)} "
            "back tomorrow: "
            "a card's siblings wait a day"
        )
    if summary.due_tomorrow:
        lines.append(f"Due tomorrow: {summary.due_tomorrow}")
    return lines


def sync_text(report: SyncReport) -> str:
    """What the status bar says of a sync: when, with how many other
    computers; or what it could not do, which the next sync tries again."""
    if report.newer:
        return "Another computer uses a newer endoquiz: update this one"
    unsent = [p for p in report.problems if p.startswith("cannot write")]
    if unsent:
        return f"Sync: {unsent[0]} (nothing sent; sent at the next sync)"
    if report.problems:
        waiting = count_text(len(report.problems), "segment")
        return f"Sync: {waiting} not read yet (still arriving?)"
    at = report.at.astimezone().strftime("%H:%M")
    # Said once, at the sync that found it: this data folder is a copy of
    # another's (copied, or restored from one backup), now told apart.
    renewed = " · this copy of the data folder has a sync id of its own now"
    if not report.computers:
        return f"Synced {at}, no other computer yet" + (renewed if report.new_device else "")
    synced = f"Synced {at} with {count_text(report.computers, 'other computer')}"
    return synced + decks_to_install(report.offered) + (renewed if report.new_device else "")


def sync_folder_missing(folder: Path) -> str:
    """What the status bar says when the sync folder is not there (a USB
    stick not plugged in): nothing was changed, the next sync tries again."""
    return f"Sync folder not found: {folder}"


def decks_to_install(offered: int) -> str:
    """What the status bar adds after a sync that found decks another
    computer put in the folder: ' · 2 decks to install' (nothing for none)."""
    return f" · {count_text(offered, 'deck')} to install" if offered else ""


def offered_decks_line(offered: int, not_installable: int = 0) -> str:
    """Settings → Sync's line of the decks waiting in the sync folder, and
    of those that cannot be installed here (Install decks… says why)."""
    if not offered:
        line = "No decks from your other computers to install"
    else:
        line = f"{count_text(offered, 'deck')} from your other computers to install"
    if not not_installable:
        return f"{line}."
    cannot = f"{count_text(not_installable, 'deck')} in the folder cannot be installed here"
    return f"{line}; {cannot} (Install decks… says why)."


def offered_decks_summary(installable: int, not_installable: int) -> str:
    """The line above the list of decks offered: how many can be installed,
    and how many cannot now (the list says why of each)."""
    if not not_installable:
        return offered_decks_line(installable)
    cannot = f"{count_text(not_installable, 'deck')} cannot be installed now, as said below"
    if not installable:
        return f"No deck to install: {cannot}."
    return f"{count_text(installable, 'deck')} from your other computers to install; {cannot}."


def offered_deck_text(title: str, cards: int, update: bool) -> str:
    """A deck offered through the sync folder, as its line in the list says
    it: 'Thyroid notes: 12 cards, new on this computer'."""
    what = "a newer version of the one here" if update else "new on this computer"
    return f"{isolated(title)}: {count_text(cards, 'card')}, {what}"


def own_file_deck_text(title: str, cards: int, own: Path) -> str:
    """A newer version of a deck installed here from the learner's own file
    (not a copy in the data folder), which installing would not replace."""
    return (
        f"{isolated(title)}: {count_text(cards, 'card')}, a newer version than your own file "
        f"{isolated(str(own))}, which endoquiz does not overwrite"
    )


def unreadable_deck_text(deck_id: str, reason: str) -> str:
    """A deck in the sync folder whose file cannot be read (still being
    copied, or damaged): its id and why, for the list."""
    return f"{deck_id} cannot be installed now: {reason}"


def installed_decks_text(installed: list[str], refused: list[tuple[str, str]]) -> str:
    """What installing decks from the sync folder did: the titles installed,
    then each deck refused, by its id, and why."""
    lines = []
    progress = "with the progress made on your other computers"
    if len(installed) == 1:
        lines.append(f"Installed {isolated(installed[0])}, {progress}.")
    elif installed:  # a line each: a title may hold commas and colons
        lines.append(f"Installed {count_text(len(installed), 'deck')}, {progress}:")
        lines += [f"• {isolated(title)}" for title in installed]
    lines += [f"{deck_id} was not installed: {reason}" for deck_id, reason in refused]
    return "\n".join(lines) or "Nothing to install: check a deck first."
