"""REST API v1: classes."""

urlpatterns: list = []
