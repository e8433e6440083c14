"""REST API v1. Each domain module exposes `urlpatterns`; they are joined here."""

from django.urls import include, path

from . import accounts, ops

urlpatterns = [
    path("", include(accounts.urlpatterns)),
    path("", include(ops.urlpatterns)),
]
