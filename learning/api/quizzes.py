"""REST API v1: quizzes."""

urlpatterns: list = []
