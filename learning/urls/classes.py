"""Browser pages: classes (teachers and students) and the student dashboard."""

from django.urls import path

from learning.views import classes, dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/activity/", dashboard.dashboard_activity, name="dashboard-activity"),
    path("classes/", classes.class_list, name="class-list"),
    path("classes/join/", classes.class_join, name="class-join"),
    path("classes/<int:pk>/", classes.class_detail, name="class-detail"),
    path("classes/<int:pk>/code/", classes.class_code, name="class-code"),
    path("classes/<int:pk>/import/", classes.class_import, name="class-import"),
    path("classes/<int:pk>/assignments/", classes.class_assignment_create, name="class-assignment-create"),
    path(
        "classes/<int:pk>/assignments/<int:assignment_id>/delete/",
        classes.class_assignment_delete,
        name="class-assignment-delete",
    ),
    path(
        "classes/<int:pk>/assignments/<int:assignment_id>/edit/",
        classes.class_assignment_edit,
        name="class-assignment-edit",
    ),
    path("classes/<int:pk>/gradebook/", classes.class_gradebook, name="class-gradebook"),
    path(
        "classes/<int:pk>/gradebook/<int:assignment_id>/<int:student_id>/",
        classes.class_grade_edit,
        name="class-grade-edit",
    ),
    path("classes/<int:pk>/gradebook.csv", classes.class_gradebook_csv, name="class-gradebook-csv"),
    path("classes/<int:pk>/mastery/", classes.class_mastery, name="class-mastery"),
    path("classes/<int:pk>/students/<int:student_id>/", classes.class_student, name="class-student"),
    path(
        "classes/<int:pk>/students/<int:student_id>/password/",
        classes.class_student_password_reset,
        name="class-student-password-reset",
    ),
    path(
        "classes/<int:pk>/students/<int:student_id>/remove/",
        classes.class_student_remove,
        name="class-student-remove",
    ),
]
