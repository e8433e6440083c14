"""REST API v1 rows of the simulator (simulations, exercises)."""

from django.urls import path

from simulator import api

urlpatterns = [
    path("simulations/kinds/", api.KindListView.as_view(), name="api-simulation-kinds"),
    path("simulations/", api.RunListCreateView.as_view(), name="api-simulations"),
    path("simulations/<id:run_id>/", api.RunDetailView.as_view(), name="api-simulation"),
    path("simulations/<id:run_id>/cancel/", api.RunCancelView.as_view(), name="api-simulation-cancel"),
    path("exercises/", api.ExerciseListView.as_view(), name="api-exercises"),
    path("exercises/<id:exercise_id>/", api.ExerciseDetailView.as_view(), name="api-exercise"),
    path("exercises/<id:exercise_id>/submissions/", api.SubmissionCreateView.as_view(), name="api-exercise-submit"),
    path("exercise-submissions/<id:submission_id>/", api.SubmissionDetailView.as_view(), name="api-submission"),
    path(
        "exercise-submissions/<id:submission_id>/answers/",
        api.SubmissionAnswerView.as_view(),
        name="api-submission-answers",
    ),
]
