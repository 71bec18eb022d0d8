"""How the app looks: colour theme and zoom, kept with the learner's other settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from endoquiz.common.value_checks import choice, known_entries, whole

__all__ = ["THEMES", "Appearance"]

THEMES = ("system", "light", "dark")
MIN_ZOOM, MAX_ZOOM = 50, 300


@dataclass(frozen=True, slots=True)
class Appearance:
    """Attributes:
    theme: "system" follows the desktop's light or dark scheme.
    zoom: text size in percent of the system font size.
    """

    theme: str = "system"
    zoom: int = 100

    def __post_init__(self) -> None:
        choice("theme", self.theme, THEMES)
        whole("zoom (percent)", self.zoom, MIN_ZOOM, MAX_ZOOM)

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json_dict(cls, data: Any) -> Appearance:
        """Appearance from stored JSON; unknown keys (from a newer version) are ignored.

        Raises:
            TypeError, ValueError: for a value of the wrong type or out of range.
        """
        return replace(cls(), **known_entries("appearance", data, (f.name for f in fields(cls))))
