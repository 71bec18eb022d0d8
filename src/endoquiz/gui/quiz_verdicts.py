"""What a quiz says of answers: the verdict on one, and the report on them all."""

from __future__ import annotations

import html
from datetime import timedelta

from endoquiz import QuestionKind, QuizReport, QuizResult, source_markdown
from endoquiz.gui.answer_widgets import diff_lines_html


def verdict_html(result: QuizResult) -> str:
    """The verdict on an answer, in words: right or not, and how it was
    decided; the right answer when the learner missed it, and the diff of a
    typed answer."""
    question = result.question
    answer = html.escape(question.answer)
    if result.timed_out:
        # A self-graded answer is Markdown, shown in full with the question.
        shown = "" if question.kind is QuestionKind.SELF_GRADED else f" The answer: {answer}"
        return f"<b>Time is up.</b>{shown}"
    if question.kind is QuestionKind.SELF_GRADED:
        return "<b>✓ You knew it.</b>" if result.correct else "<b>✗ You did not know it.</b>"
    if result.check is None:  # a choice: the options show which was right
        return "<b>✓ Right.</b>" if result.correct else f"<b>✗ Not right.</b> The answer: {answer}"
    # Typed: the diff's lines show the right answer.
    if result.overridden:
        verdict = "<b>✓ Counted right</b>, as you said your answer means the same."
    elif result.correct:
        verdict = "<b>✓ Right.</b>"
    else:
        verdict = "<b>✗ Not right.</b> If your answer means the same, press <b>R</b>: I was right."
    return f"<p>{verdict}</p>" + diff_lines_html(result.check)


def report_markdown(report: QuizReport) -> str:
    """The report at the end of a quiz, as Markdown: the score, the time, who
    graded what, and each missed question with its right answer and source."""
    minutes, seconds = divmod(int(report.time / timedelta(seconds=1)), 60)
    parts = [
        f"## Score: {report.correct} of {report.total} ({report.score:.0%})",
        f"Time: {minutes} min {seconds} s",
    ]
    graded_by_you = [
        f"{count} {label}"
        for count, label in (
            (report.self_graded, "graded by you"),
            (report.overridden, "counted right on your word"),
        )
        if count
    ]
    if graded_by_you:
        parts.append("Of the questions: " + ", ".join(graded_by_you) + ".")
    if report.missed:
        parts.append("### Missed")
        for result in report.missed:
            question = result.question
            if result.timed_out:
                given = "time ran out"
            elif question.kind is QuestionKind.SELF_GRADED:
                given = "you did not know it"
            elif result.given.strip():
                given = f"you answered *{result.given}*"
            else:
                given = "no answer given"
            # The question as written: the summary leaves its image out.
            parts.append(f"**{question.number}.** {question.card.front}")
            if "\n" in question.answer:
                # Emphasis cannot span paragraphs: quote a long answer instead.
                quoted = "> " + question.answer.replace("\n", "\n> ")
                parts += [f"Right answer ({given}):", quoted]
            else:
                parts.append(f"Right answer: **{question.answer}** ({given})")
            source = source_markdown(question.card)
            if source:
                parts.append(source)
            parts.append("---")
    else:
        parts.append("Every question right.")
    return "\n\n".join(parts)
