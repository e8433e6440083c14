"""Browser pages of the study side. Each domain module exposes `urlpatterns`."""

from django.urls import include, path

from . import accounts, classes, flashcards, learn, lessons, quizzes

urlpatterns = [
    path("", include(accounts.urlpatterns)),
    path("", include(lessons.urlpatterns)),
    path("", include(quizzes.urlpatterns)),
    path("", include(flashcards.urlpatterns)),
    path("", include(learn.urlpatterns)),
    path("", include(classes.urlpatterns)),
]
