"""What a learner can tune about scheduling (`StudySettings`), and each setting's bounds."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from typing import Any

import fsrs

from endoquiz.common.value_checks import choice, known_entries, real, whole

MIN_RETENTION = 0.70
MAX_RETENTION = 0.97


class QuizSchedule(StrEnum):
    """What quiz answers do to the schedule (`StudySettings.quiz_schedule`)."""

    WRONG_RESETS = "wrong-resets"
    ALWAYS = "always"
    NEVER = "never"


QUIZ_SCHEDULES = tuple(QuizSchedule)
# Bounds of the other settings: a hundred years, as Anki's maximum interval;
# limits no one studies past; steps of up to a year.
MAX_INTERVAL_DAYS = 36500
MAX_PER_DAY = 100_000
MAX_STEPS = 20
MAX_STEP_MINUTES = 525_600


@dataclass(frozen=True, slots=True)
class StudySettings:
    """What a learner can tune; defaults are those Anki learners expect.

    Attributes:
        desired_retention: probability of recall the scheduler aims for.
        learning_steps / relearning_steps: minutes between the first answers
            of a new card, and after a lapse.
        maximum_interval: longest interval in days.
        day_starts_at: hour (local time) at which a study day rolls over.
        new_per_day / reviews_per_day: limits per studied deck tree.
        quiz_schedule: what quiz answers do to the schedule: "wrong-resets"
            (a wrong answer makes the card due again, a right one changes
            nothing), "always" (right counts as Good, wrong as Again) or
            "never" (quiz answers are only logged).
        suspend_leeches: suspend a card when it becomes a leech (forgotten
            LEECH_LAPSES times), so it stops taking study time until fixed.
        fuzz: spread review intervals a little, as Anki does, so that cards
            learned together do not stay due together.
        parameters: personal FSRS-6 parameters fitted to the learner's history
            (`Library.optimize`), or None for FSRS's defaults.
    """

    desired_retention: float = 0.9
    learning_steps: tuple[float, ...] = (1.0, 10.0)
    relearning_steps: tuple[float, ...] = (10.0,)
    maximum_interval: int = 36500
    day_starts_at: int = 4
    new_per_day: int = 20
    reviews_per_day: int = 200
    quiz_schedule: QuizSchedule = QuizSchedule.WRONG_RESETS
    suspend_leeches: bool = False
    parameters: tuple[float, ...] | None = None
    fuzz: bool = True

    def __post_init__(self) -> None:
        # Every field is checked for its type as well as its range: settings
        # are read back from the database and from progress files, where a
        # string or a huge number must be refused, not crash a later step.
        real("desired_retention", self.desired_retention, MIN_RETENTION, MAX_RETENTION)
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if not isinstance(steps, tuple) or len(steps) > MAX_STEPS:
                raise TypeError(f"{name} must be a list of at most {MAX_STEPS} numbers of minutes")
            for step in steps:
                if real(name, step, 0, MAX_STEP_MINUTES) <= 0:
                    raise ValueError("learning steps must be positive numbers of minutes")
        whole("maximum_interval", self.maximum_interval, 1, MAX_INTERVAL_DAYS)
        whole("day_starts_at", self.day_starts_at, 0, 23)
        whole("new_per_day", self.new_per_day, 0, MAX_PER_DAY)
        whole("reviews_per_day", self.reviews_per_day, 0, MAX_PER_DAY)
        # Read back from JSON as a string: the enum member from here on.
        schedule = self.quiz_schedule
        plain = schedule.value if isinstance(schedule, QuizSchedule) else schedule
        choice("quiz_schedule", plain, tuple(option.value for option in QuizSchedule))
        object.__setattr__(self, "quiz_schedule", QuizSchedule(plain))
        choice("suspend_leeches", self.suspend_leeches, (False, True))
        choice("fuzz", self.fuzz, (False, True))
        if self.parameters is not None:
            if not isinstance(self.parameters, tuple):
                raise TypeError("parameters must be a list of numbers")
            for parameter in self.parameters:
                real("parameters", parameter, -math.inf, math.inf)
            # py-fsrs checks the count and the bounds of every parameter.
            fsrs.Scheduler(parameters=self.parameters)

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json_dict(cls, data: Any) -> StudySettings:
        """Settings from stored JSON; unknown keys (from a newer version) are ignored.

        Raises:
            TypeError, ValueError: for a value of the wrong type or out of range.
        """
        values = known_entries("study settings", data, (f.name for f in fields(cls)))
        for key in ("learning_steps", "relearning_steps", "parameters"):
            if isinstance(values.get(key), list):
                values[key] = tuple(values[key])
        return replace(cls(), **values)
