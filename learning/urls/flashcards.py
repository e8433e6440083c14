"""Browser pages: flashcards."""

urlpatterns: list = []
