"""Browser pages of the simulator (under /simulations/)."""

from django.urls import path

from simulator import views

app_name = "simulator"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("runs/<id:run_id>/", views.run_detail, name="run"),
    path("runs/<id:run_id>/status/", views.run_status, name="run-status"),
    path("runs/<id:run_id>/cancel/", views.run_cancel, name="run-cancel"),
    path("runs/<id:run_id>/charts/<slug:chart_id>.svg", views.run_chart, name="run-chart"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/<id:exercise_id>/", views.exercise_detail, name="exercise"),
    path("exercises/submissions/<id:submission_id>/", views.submission_detail, name="submission"),
    path("<slug:kind>/", views.kind_form, name="kind"),
]
