"""Browser pages: quizzes, attempts, the teacher's question bank and statistics."""

from django.urls import path

from learning.views import corrections, question_bank, quizzes

urlpatterns = [
    path("quizzes/", quizzes.quiz_list, name="quizzes"),
    path("quizzes/<id:pk>/", quizzes.quiz_page, name="quiz"),
    path("quizzes/<id:pk>/start/", quizzes.quiz_start, name="quiz-start"),
    path("quizzes/<id:pk>/statistics/", quizzes.quiz_statistics_page, name="quiz-statistics"),
    path("attempts/<id:pk>/", quizzes.attempt_page, name="attempt"),
    path("attempts/<id:pk>/check/<id:question_id>/", quizzes.attempt_check, name="attempt-check"),
    path("attempts/<id:pk>/submit/", quizzes.attempt_submit_page, name="attempt-submit"),
    path("attempts/<id:pk>/result/", quizzes.attempt_result, name="attempt-result"),
    path("attempts/<id:pk>/review/", quizzes.attempt_review_page, name="attempt-review"),
    path(
        "attempts/<id:pk>/questions/<id:question_id>/override/",
        quizzes.attempt_override,
        name="attempt-override",
    ),
    path(
        "classes/<id:pk>/assignments/<id:assignment_id>/students/<id:student_id>/attempt/",
        quizzes.assignment_attempt_open,
        name="class-assignment-attempt",
    ),
    path("documents/<slug:slug>/questions/", question_bank.question_bank, name="question-bank"),
    path("documents/<slug:slug>/questions/new/", question_bank.question_new, name="question-new"),
    path("questions/<id:pk>/edit/", question_bank.question_edit, name="question-edit"),
    path("questions/<id:pk>/toggle/", question_bank.question_toggle, name="question-toggle"),
    path("documents/<slug:slug>/corrections/", corrections.source_correction_new, name="source-correction-new"),
    path(
        "documents/<slug:slug>/corrections/<id:pk>/remove/",
        corrections.source_correction_remove,
        name="source-correction-remove",
    ),
]
