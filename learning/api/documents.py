"""REST API v1: documents."""

urlpatterns: list = []
