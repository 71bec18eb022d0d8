"""Scheduling: card states, study settings, study days and intervals (re-exported here), and
the Anki-exact FSRS scheduler (`scheduling.scheduler`) with its fuzz and float32 arithmetic."""

from endoquiz.scheduling.intervals import (
    forgetting_curve,
    format_interval,
    interval_ratio,
    retrievability,
    workload_note,
)
from endoquiz.scheduling.settings import (
    MAX_INTERVAL_DAYS,
    MAX_PER_DAY,
    MAX_RETENTION,
    MAX_STEP_MINUTES,
    MAX_STEPS,
    MIN_RETENTION,
    QUIZ_SCHEDULES,
    QuizSchedule,
    StudySettings,
)
from endoquiz.scheduling.states import (
    LEECH_LAPSES,
    AnswerMode,
    CardState,
    Rating,
    State,
    answer_time,
)
from endoquiz.scheduling.study_days import (
    next_study_day_start,
    study_date,
    study_day_start,
    study_day_start_after,
)

__all__ = [
    "LEECH_LAPSES",
    "MAX_INTERVAL_DAYS",
    "MAX_PER_DAY",
    "MAX_RETENTION",
    "MAX_STEPS",
    "MAX_STEP_MINUTES",
    "MIN_RETENTION",
    "QUIZ_SCHEDULES",
    "AnswerMode",
    "CardState",
    "QuizSchedule",
    "Rating",
    "State",
    "StudySettings",
    "answer_time",
    "forgetting_curve",
    "format_interval",
    "interval_ratio",
    "next_study_day_start",
    "retrievability",
    "study_date",
    "study_day_start",
    "study_day_start_after",
    "workload_note",
]
