"""The learner's settings as the progress store keeps them: study settings and appearance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from endoquiz.library.appearance import Appearance
from endoquiz.scheduling import StudySettings
from endoquiz.store.progress_store import ProgressStore

_SETTINGS_KEY = "study_settings"
_APPEARANCE_KEY = "appearance"
# How each stored setting is read back (raising TypeError or ValueError for a
# value that cannot be used): at open, from a progress file, by a check.
SETTING_READERS: dict[str, Callable[[Any], object]] = {
    _SETTINGS_KEY: StudySettings.from_json_dict,
    _APPEARANCE_KEY: Appearance.from_json_dict,
}


class StoredSettings:
    """Study settings and appearance, read from the store once and saved at
    each change; read again when another connection committed (a sync run
    in a worker thread on a connection of its own may have merged a setting
    from another computer)."""

    def __init__(self, store: ProgressStore) -> None:
        self._store = store
        self.load()

    @property
    def study(self) -> StudySettings:
        self._follow_others()
        return self._study

    @property
    def appearance(self) -> Appearance:
        self._follow_others()
        return self._appearance

    @property
    def problem(self) -> str | None:
        """Why stored settings could not be used (the defaults apply), or None."""
        self._follow_others()
        return self._problem

    def _follow_others(self) -> None:
        """Read the settings again if another connection committed since
        they were read: SQLite's `data_version` moves only for commits made
        elsewhere, so this connection's own changes (kept in memory as they
        are saved) cost no reading, and checking costs microseconds."""
        if self._store.data_version() != self._version:
            self.load()

    def load(self) -> None:
        """Read the stored settings; the defaults, and `problem` saying
        why, for any that cannot be used (written by a damaged or edited
        file): the app must start whatever is stored."""
        self._version = self._store.data_version()  # before reading: a commit after is seen
        problems = []
        read: dict[str, object] = {}
        for key, reader in SETTING_READERS.items():
            try:
                stored = self._store.setting(key)
                read[key] = reader(stored) if stored else None
            except (TypeError, ValueError) as error:
                read[key] = None
                problems.append(f"{key.replace('_', ' ')} ({error})")
        settings, looks = read[_SETTINGS_KEY], read[_APPEARANCE_KEY]
        self._study = settings if isinstance(settings, StudySettings) else StudySettings()
        self._appearance = looks if isinstance(looks, Appearance) else Appearance()
        self._problem = (
            "the stored "
            + " and ".join(problems)
            + " could not be used; the defaults apply until you change them in Settings"
            if problems
            else None
        )

    @staticmethod
    def checked(settings: dict[str, Any]) -> dict[str, Any]:
        """The settings of a progress file that this library would take: the
        known entries, each checked as `load` reads it.

        Raises:
            ValueError: naming the setting that cannot be used.
        """
        for key, value in settings.items():
            if key in SETTING_READERS:
                try:
                    SETTING_READERS[key](value)
                except (TypeError, ValueError) as error:
                    raise ValueError(f"'settings' entry '{key}': {error}") from None
        return {key: value for key, value in settings.items() if key in SETTING_READERS}

    def update_study(self, **changes: Any) -> StudySettings:
        """Change study settings (see `StudySettings`); they are saved at once.

        Raises:
            ValueError: for an unknown setting or a value out of range.
            TypeError: for an unknown setting name.
        """
        settings = replace(self.study, **changes)
        self._store.set_setting(_SETTINGS_KEY, settings.to_json_dict())
        self._study = settings
        return settings

    def update_appearance(self, **changes: Any) -> Appearance:
        """Change the theme or zoom; saved at once.

        Raises:
            ValueError: for a value out of range.
            TypeError: for an unknown setting name.
        """
        appearance = replace(self.appearance, **changes)
        self._store.set_setting(_APPEARANCE_KEY, appearance.to_json_dict())
        self._appearance = appearance
        return appearance
