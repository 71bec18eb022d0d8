"""Takes the screenshots in docs/screenshots from a made-up study history.

Run from the repository root, offscreen or on a (virtual) screen:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_screenshots.py
    .venv/bin/python docs/screenshots/take_screenshots.py --theme dark --zoom 200 \
        --only study-back statistics settings

The decks in decks/ are installed into a temporary folder and studied over
the past weeks (the same answers every run, dated back from today), so the
pictures differ from run to run only in dates. Each window is saved as it
draws itself (`QWidget.grab`), cropped to the window, as
`<screen>-<theme>.png`, or `<screen>-<zoom>-<theme>.png` when zoomed; the
statistics window, which scrolls, is saved whole (its scrolled page). It
prints any window larger than the screen it opens on.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from endoquiz import Appearance, CardKind, Library, QuestionKind, Rating
from endoquiz.gui.backups_dialog import BackupsDialog
from endoquiz.gui.card_editor import CardEditor
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.settings_dialog import SettingsDialog
from endoquiz.gui.stats_page import StatisticsWindow
from endoquiz.gui.theme import apply_appearance

REPOSITORY = Path(__file__).resolve().parents[2]
DECK = "insulin-resistance-hormonal-balance/glossary"
# A deck with cloze cards, for the card editor's picture.
CLOZE_DECK = "insulin-resistance-hormonal-balance/fundamentals"
# Answers of the made-up history: mostly Good, some Again, a few Easy.
RATINGS = [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.GOOD]


def made_up_history(library: Library, days: int = 40) -> None:
    """A few answers a day over the past `days` days and today, the same every run."""
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for ago in range(days, -1, -1):
        when = today - timedelta(days=ago)
        session = library.review(DECK, now=when)
        for step in range(3 + ago % 4):
            card = session.next_card(when)
            if card is None:
                break
            rating = RATINGS[(ago + step) % len(RATINGS)]
            session.answer(card, rating, when, duration_ms=6000 + 1000 * step)


def settle() -> None:
    """Let posted layout requests and timers of zero delay run."""
    for _ in range(3):
        QApplication.processEvents()


def shown(window: QWidget) -> QWidget:
    """A window shown and laid out; a warning when it is larger than its screen."""
    window.show()
    settle()
    room, size = window.screen().availableGeometry(), window.size()
    if size.width() > room.width() or size.height() > room.height():
        print(f"{window.windowTitle()}: {size.width()}x{size.height()} on a {room.width()}x"
              f"{room.height()} screen", file=sys.stderr)
    return window


def answer_quiz(window: MainWindow) -> None:
    """Answer every question: the first choice, a typed guess, 'knew it'."""
    page = window.quiz_page
    while page.question is not None:
        question = page.question
        if question.kind is QuestionKind.CHOICE:
            page.submit(question.choices[0])
        elif question.kind is QuestionKind.SELF_GRADED:
            page.reveal()
            page.grade_self(True)
        else:
            page.submit("insulin")
        page.next()


def finish_session(window: MainWindow) -> None:
    """Answer the session's cards Easy (each leaves it at once) to its end."""
    page = window.study_page
    for _ in range(200):
        if page.card is None:
            return
        page.reveal()
        page.rate(Rating.EASY)


def screens(window: MainWindow, library: Library) -> dict[str, Callable[[], QWidget]]:
    """How to bring up each screen, by name, in the order they are taken."""

    def study_front() -> QWidget:
        window.study(DECK)
        return window

    def study_back() -> QWidget:
        window.study(DECK)
        window.study_page.reveal()
        return window

    def quiz() -> QWidget:
        window.pages.setCurrentWidget(window.quiz_page)
        window.quiz_page.start(DECK, 5, False)
        return window

    def quiz_report() -> QWidget:
        quiz()
        answer_quiz(window)
        return window

    def end_of_session() -> QWidget:
        window.study(DECK)
        finish_session(window)
        return window

    def settings() -> QWidget:
        return SettingsDialog(library, window)

    def backups() -> QWidget:
        library.backup()
        return BackupsDialog(library, window)

    def browser() -> QWidget:
        opened = window.open_browser()
        opened.search_field.setText("rated:30")  # cards with a review history
        opened.run_search()
        opened.select_row(0)
        return opened

    def deck_list() -> QWidget:
        window.show_decks()
        return window

    def card_editor_typed() -> QWidget:
        editor = CardEditor(library, window.changes, DECK, parent=window)
        editor.kind.setCurrentIndex(editor.kind.findData(CardKind.TYPED.value))
        typed = {
            "front": "Which index is computed from fasting insulin and **glucose**?",
            "answer": "HOMA-IR",
            "accept": "HOMA\nhomeostatic model assessment",
            "explanation": "Fasting insulin times fasting glucose, divided by a constant.",
            "tags": "indices insulin-resistance",
        }
        for key, text in typed.items():
            editor.fields[key].set_value(text)
        editor.check()
        return editor

    def card_editor_cloze() -> QWidget:
        cloze = next(c for c in library.deck(CLOZE_DECK).cards if c.kind is CardKind.CLOZE)
        editor = CardEditor(
            library, window.changes, CLOZE_DECK, entry_id=cloze.note_id, parent=window
        )
        editor.fields["extra"].set_value("The pancreas makes it in its **beta cells**.")
        editor.check()
        return editor

    return {
        "deck-list": deck_list,
        "study-front": study_front,
        "study-back": study_back,
        "quiz": quiz,
        "quiz-report": quiz_report,
        "browser": browser,
        "statistics": window.open_statistics,
        "settings": settings,
        "backups": backups,
        "end-of-session": end_of_session,
        "card-editor-typed": card_editor_typed,
        "card-editor-cloze": card_editor_cloze,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--zoom", type=int, default=100)
    parser.add_argument("--only", nargs="*", help="screens to take (default: all)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    options = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    suffix = options.theme if options.zoom == 100 else f"{options.zoom}-{options.theme}"
    with tempfile.TemporaryDirectory() as folder, Library.open(folder, fuzz=False) as library:
        # A copy, so that no path of this checkout shows in the pictures.
        decks = shutil.copytree(REPOSITORY / "decks", Path(folder) / "decks")
        library.add_decks_in(decks)
        made_up_history(library)
        library.update_appearance(theme=options.theme, zoom=options.zoom)
        apply_appearance(Appearance(theme=options.theme, zoom=options.zoom))
        ini = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, ini, auto_backup=False)
        window.show()
        settle()
        takes = screens(window, library)
        for name in options.only or list(takes):
            if name not in takes:
                parser.error(f"no screen {name!r}; there are {', '.join(takes)}")
            opened = shown(takes[name]())
            path = options.out / f"{name}-{suffix}.png"
            page = opened.scroll_area.widget() if isinstance(opened, StatisticsWindow) else None
            (page or opened).grab().save(str(path))
            print(path)
            if isinstance(opened, CardEditor):
                opened.done(0)  # without asking to drop the card typed
            elif opened is not window:
                opened.close()
        window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
