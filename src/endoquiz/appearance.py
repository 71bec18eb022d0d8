"""How the app looks: colour theme and zoom, kept with the learner's other settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

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
        if self.theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}")
        if not MIN_ZOOM <= self.zoom <= MAX_ZOOM:
            raise ValueError(f"zoom must be between {MIN_ZOOM} and {MAX_ZOOM} percent")

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Appearance:
        """Appearance from stored JSON; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in fields(cls)}
        return replace(cls(), **{k: v for k, v in data.items() if k in known})
