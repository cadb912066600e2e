"""The quiz: grading, progress and the widget; `quiz.show(notebook_id)` is what a notebook calls."""

from helpers.quiz.widget import show

__all__ = ["show"]
