"""REST API v1. Each domain module exposes `urlpatterns`; they are joined here."""

from django.urls import include, path

from . import accounts, bank, classes, confusions, documents, exports, flashcards, learn, ops, progress, quizzes, signup

urlpatterns = [
    path("", include(accounts.urlpatterns)),
    path("", include(signup.urlpatterns)),
    path("", include(ops.urlpatterns)),
    path("", include(documents.urlpatterns)),
    path("", include(exports.urlpatterns)),
    path("", include(quizzes.urlpatterns)),
    path("", include(bank.urlpatterns)),
    path("", include(flashcards.urlpatterns)),
    path("", include(learn.urlpatterns)),
    path("", include(classes.urlpatterns)),
    path("", include(confusions.urlpatterns)),
    path("", include(progress.urlpatterns)),
]
