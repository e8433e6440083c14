"""REST API v1: progress."""

urlpatterns: list = []
