"""Browser pages: flashcards."""

from django.urls import path

from learning.views import flashcards

urlpatterns = [
    path("flashcards/", flashcards.review_page, name="flashcards"),
    path("flashcards/review/", flashcards.review_submit, name="flashcards-review"),
    path("flashcards/undo/", flashcards.undo_submit, name="flashcards-undo"),
    path("flashcards/stats/", flashcards.stats_page, name="flashcards-stats"),
    path("flashcards/settings/", flashcards.settings_page, name="flashcards-settings"),
    path("documents/<slug:slug>/flashcards.apkg", flashcards.apkg_download, name="flashcards-apkg"),
]
