"""Reads on flashcards: the review queue, figures for progress pages, the Anki export.

Every selector here runs a fixed number of queries whatever the number of cards
(the FSRS arithmetic on the fetched rows is done in Python by the `fsrs` package).

Which cards a user may study is learning.access (`visible_cards`, `access_flashcard_by_id`).

Modules: `days` (the student's day), `decks` (a document's cards as every student reads them, cached),
`queue` (what to study next), `figures` (progress pages) and `anki` (the export).
"""

from .anki import flashcards_apkg
from .days import student_day_bounds, student_today, student_zone
from .figures import card_retrievability_by_difference, flashcard_forecast, flashcard_stats, forecast_chart
from .queue import (
    LEARN_AHEAD,
    card_is_buried,
    due_cards,
    due_cards_list,
    last_undoable_review,
    new_cards_introduced_today,
    new_cards_remaining_today,
    next_card,
    next_due_at,
    rating_previews,
)

__all__ = [
    "LEARN_AHEAD",
    "card_is_buried",
    "card_retrievability_by_difference",
    "due_cards",
    "due_cards_list",
    "flashcard_forecast",
    "flashcard_stats",
    "flashcards_apkg",
    "forecast_chart",
    "last_undoable_review",
    "new_cards_introduced_today",
    "new_cards_remaining_today",
    "next_card",
    "next_due_at",
    "rating_previews",
    "student_day_bounds",
    "student_today",
    "student_zone",
]
