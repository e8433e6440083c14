"""The project's URLs plus the two benchmark anchors (only mounted by benchmarks.settings)."""

from django.urls import include, path

from benchmarks.anchors import OneRowView, bare

urlpatterns = [
    path("bench/anchor/bare/", bare, name="bench-anchor-bare"),
    path("bench/anchor/row/<id:pk>/", OneRowView.as_view(), name="bench-anchor-row"),
    path("", include("config.urls")),
]
