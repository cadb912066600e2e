"""The package the notebooks share: data loading and validation, calendars, elections, views, quizzes."""
