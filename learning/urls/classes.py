"""Browser pages: classes."""

urlpatterns: list = []
