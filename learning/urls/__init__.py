"""Browser pages of the study side. Each domain module exposes `urlpatterns`."""

from django.urls import include, path

from . import accounts

urlpatterns = [
    path("", include(accounts.urlpatterns)),
]
