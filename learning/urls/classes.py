"""Browser pages: classes (teachers and students) and the student dashboard."""

from django.urls import path

from learning.views import classes, dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/activity/", dashboard.dashboard_activity, name="dashboard-activity"),
    path("classes/", classes.class_list, name="class-list"),
    path("classes/join/", classes.class_join, name="class-join"),
    path("classes/<id:pk>/", classes.class_detail, name="class-detail"),
    path("classes/<id:pk>/code/", classes.class_code, name="class-code"),
    path("classes/<id:pk>/import/", classes.class_import, name="class-import"),
    path("classes/<id:pk>/assignments/", classes.class_assignment_create, name="class-assignment-create"),
    path(
        "classes/<id:pk>/assignments/<id:assignment_id>/delete/",
        classes.class_assignment_delete,
        name="class-assignment-delete",
    ),
    path(
        "classes/<id:pk>/assignments/<id:assignment_id>/edit/",
        classes.class_assignment_edit,
        name="class-assignment-edit",
    ),
    path("classes/<id:pk>/gradebook/", classes.class_gradebook, name="class-gradebook"),
    path(
        "classes/<id:pk>/gradebook/<id:assignment_id>/<id:student_id>/",
        classes.class_grade_edit,
        name="class-grade-edit",
    ),
    path("classes/<id:pk>/gradebook.csv", classes.class_gradebook_csv, name="class-gradebook-csv"),
    path("classes/<id:pk>/mastery/", classes.class_mastery, name="class-mastery"),
    path("classes/<id:pk>/students/<id:student_id>/", classes.class_student, name="class-student"),
    path(
        "classes/<id:pk>/students/<id:student_id>/password/",
        classes.class_student_password_reset,
        name="class-student-password-reset",
    ),
    path(
        "classes/<id:pk>/students/<id:student_id>/remove/",
        classes.class_student_remove,
        name="class-student-remove",
    ),
]
