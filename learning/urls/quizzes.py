"""Browser pages: quizzes."""

urlpatterns: list = []
