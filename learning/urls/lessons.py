"""Browser pages: lessons."""

urlpatterns: list = []
