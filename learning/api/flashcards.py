"""REST API v1: flashcards."""

urlpatterns: list = []
