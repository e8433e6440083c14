"""Browser pages: quizzes, attempts, the teacher's question bank and statistics."""

from django.urls import path

from learning.views import quizzes

urlpatterns = [
    path("quizzes/", quizzes.quiz_list, name="quizzes"),
    path("quizzes/<int:pk>/", quizzes.quiz_page, name="quiz"),
    path("quizzes/<int:pk>/start/", quizzes.quiz_start, name="quiz-start"),
    path("quizzes/<int:pk>/statistics/", quizzes.quiz_statistics_page, name="quiz-statistics"),
    path("attempts/<int:pk>/", quizzes.attempt_page, name="attempt"),
    path("attempts/<int:pk>/check/<int:question_id>/", quizzes.attempt_check, name="attempt-check"),
    path("attempts/<int:pk>/submit/", quizzes.attempt_submit_page, name="attempt-submit"),
    path("attempts/<int:pk>/result/", quizzes.attempt_result, name="attempt-result"),
    path("attempts/<int:pk>/review/", quizzes.attempt_review_page, name="attempt-review"),
    path(
        "attempts/<int:pk>/questions/<int:question_id>/override/",
        quizzes.attempt_override,
        name="attempt-override",
    ),
    path(
        "classes/<int:pk>/assignments/<int:assignment_id>/students/<int:student_id>/attempt/",
        quizzes.assignment_attempt_open,
        name="class-assignment-attempt",
    ),
    path("documents/<slug:slug>/questions/", quizzes.question_bank, name="question-bank"),
    path("documents/<slug:slug>/questions/new/", quizzes.question_new, name="question-new"),
    path("questions/<int:pk>/edit/", quizzes.question_edit, name="question-edit"),
    path("questions/<int:pk>/toggle/", quizzes.question_toggle, name="question-toggle"),
]
