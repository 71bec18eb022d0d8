"""What a learner does with cards: study, quizzes, answer checks, search, statistics."""
