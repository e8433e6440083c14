"""Browser pages: classes, rosters, join codes, assignments, gradebook, per-student page, mastery heat-map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learning.access import (
    access_class_student_by_id,
    access_classroom_by_id,
    access_taught_classroom_by_id,
    documents_visible_to,
)
from learning.forms import form_add_service_errors
from learning.forms.classes import (
    AssignmentEditForm,
    AssignmentForm,
    ClassroomForm,
    GradeNoteForm,
    ImportForm,
    JoinForm,
    wall_clock_aware,
    wall_clock_input,
)
from learning.models import Assignment
from learning.roles import STUDENT, TEACHER, role_check, role_required
from learning.selectors.classes import assignable_targets, class_assignments, class_mastery_rows, classroom_list
from learning.selectors.confusions import class_confusions
from learning.selectors.gradebook import (
    assignments_for_student,
    class_students,
    gradebook_csv_response,
    gradebook_for_class,
)
from learning.selectors.progress import student_progress
from learning.services import classes as class_services
from learning.services.assignments import (
    assignment_create,
    assignment_delete,
    assignment_grade_set,
    assignment_update,
    due_passed,
)
from learning.services.signup import student_password_reset


def status_labels() -> dict[str, str]:
    return {
        "done": _("done"),
        "late": _("late"),
        "missing": _("missing"),
        "in_progress": _("in progress"),
        "not_started": _("not started"),
    }


def mastery_labels() -> dict[str, str]:
    return {"mastered": _("mastered"), "in_progress": _("in progress"), "not_started": _("not started")}


def _detail_context(request, classroom, **extra) -> dict:
    context = {
        "classroom": classroom,
        "students": class_students(classroom=classroom),
        "assignments": list(class_assignments(classroom=classroom)),
        "targets": assignable_targets(teacher=request.user),
        "form": AssignmentForm(),
        "import_form": ImportForm(),
        "join_url": request.build_absolute_uri("/classes/join/"),
        "signup_url": request.build_absolute_uri("/accounts/signup/"),
        "now": timezone.now(),
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def class_list(request):
    form = ClassroomForm(request.POST or None)
    if request.method == "POST":
        role_check(request.user, TEACHER)
        if form.is_valid():
            classroom = class_services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
            messages.success(request, _("Class created. Its join code is %(code)s.") % {"code": classroom.join_code})
            return redirect("class-detail", pk=classroom.pk)
    return render(request, "classes/list.html", {"classes": classroom_list(user=request.user), "form": form})


@role_required(STUDENT, gettext_lazy("Only students join classes."))
@require_http_methods(["GET", "POST"])
def class_join(request):
    form = JoinForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = class_services.classroom_join(student=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form_add_service_errors(form, exc, fallback="code")
        else:
            messages.success(request, _("You joined %(name)s.") % {"name": classroom.name})
            return redirect("class-detail", pk=classroom.pk)
    return render(request, "classes/join.html", {"form": form})


@login_required
@require_GET
def class_detail(request, pk: int):
    classroom = access_classroom_by_id(request.user, pk)
    if classroom.teacher_id != request.user.pk:
        items = assignments_for_student(student=request.user, classroom=classroom)
        return render(request, "classes/student_class.html", {"classroom": classroom, "items": items})
    return render(request, "classes/detail.html", _detail_context(request, classroom))


@role_required(TEACHER)
@require_POST
def class_code(request, pk: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    action = request.POST.get("action")
    if action == "regenerate":
        class_services.classroom_join_code_regenerate(classroom=classroom)
        messages.success(
            request, _("New join code: %(code)s. The old code no longer works.") % {"code": classroom.join_code}
        )
    elif action in ("enable", "disable"):
        class_services.classroom_join_enabled_set(classroom=classroom, enabled=action == "enable")
        messages.success(request, _("Joining is open.") if action == "enable" else _("Joining is closed."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("class-detail", pk=classroom.pk)


@role_required(TEACHER)
@require_POST
def class_student_remove(request, pk: int, student_id: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    student = access_class_student_by_id(classroom, student_id)
    class_services.membership_remove(classroom=classroom, student=student)
    messages.success(request, _("%(name)s was removed from the class.") % {"name": student.display_name})
    return redirect("class-detail", pk=classroom.pk)


@role_required(TEACHER)
@require_POST
def class_import(request, pk: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "classes/detail.html", _detail_context(request, classroom, import_form=form), status=400)
    result = class_services.students_import_csv(classroom=classroom, data=form.cleaned_data["file"].read())
    if result.ok:
        messages.success(request, _("%(n)d students imported.") % {"n": len(result.rows)})
    status = 200 if result.ok else 400
    return render(
        request, "classes/detail.html", _detail_context(request, classroom, import_result=result), status=status
    )


@role_required(TEACHER)
@require_POST
def class_assignment_create(request, pk: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        zone = request.user.zone
        data = form.cleaned_data
        try:
            assignment = assignment_create(
                classroom=classroom,
                target_type=data["target_type"],
                target_id=data["target_id"],
                due_at=wall_clock_aware(data["due_at"], zone),
                starts_at=wall_clock_aware(data.get("starts_at"), zone),
                late_allowed=data["late_allowed"],
                goal_cards=data.get("goal_cards") if data["target_type"] == "flashcards" else None,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc, fallback="target")
        else:
            messages.success(request, _("Assignment added."))
            _warn_if_past_due(request, assignment)
            return redirect("class-detail", pk=classroom.pk)
    return render(request, "classes/detail.html", _detail_context(request, classroom, form=form), status=400)


def _warn_if_past_due(request, assignment) -> None:
    if due_passed(assignment):
        messages.warning(
            request,
            _("The due date of “%(title)s” is already past: students who have not done it show as missing.")
            % {"title": assignment.title},
        )


def _taught_assignment(request, pk: int, assignment_id: int):
    role_check(request.user, TEACHER)
    classroom = access_taught_classroom_by_id(request.user, pk)
    assignment = classroom.assignments.filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404("No such assignment.")
    return classroom, assignment


@login_required
@require_http_methods(["GET", "POST"])
def class_assignment_edit(request, pk: int, assignment_id: int):
    """Change an assignment's title, dates, late policy (and card goal); statuses follow at once."""
    classroom, assignment = _taught_assignment(request, pk, assignment_id)
    zone = request.user.zone
    initial = {
        "title": assignment.title,
        "starts_at": wall_clock_input(assignment.starts_at, zone),
        "due_at": wall_clock_input(assignment.due_at, zone),
        "late_allowed": assignment.late_allowed,
        "goal_cards": assignment.goal_cards,
    }
    form = AssignmentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_flashcards = assignment.target_type == Assignment.TargetType.FLASHCARDS
        try:
            assignment_update(
                assignment=assignment,
                title=data["title"],
                due_at=wall_clock_aware(data["due_at"], zone),
                starts_at=wall_clock_aware(data.get("starts_at"), zone),
                late_allowed=data["late_allowed"],
                goal_cards=data.get("goal_cards") if is_flashcards else None,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Assignment saved."))
            _warn_if_past_due(request, assignment)
            return redirect("class-detail", pk=classroom.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "classes/assignment_edit.html",
        {"classroom": classroom, "assignment": assignment, "form": form, "past_due": due_passed(assignment)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_grade_edit(request, pk: int, assignment_id: int, student_id: int):
    """One gradebook cell: the computed status and grade, and the teacher's override and comment beside them."""
    classroom, assignment = _taught_assignment(request, pk, assignment_id)
    student = access_class_student_by_id(classroom, student_id)
    item = next(
        i for i in assignments_for_student(student=student, classroom=classroom) if i["assignment"].pk == assignment.pk
    )
    cell = item["cell"]
    form = GradeNoteForm(request.POST or None, initial={"grade_override": cell.override, "comment": cell.comment})
    if request.method == "POST" and form.is_valid():
        try:
            assignment_grade_set(
                assignment=assignment,
                student=student,
                teacher=request.user,
                grade_override=form.cleaned_data["grade_override"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": student.display_name})
            return redirect("class-gradebook", pk=classroom.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "classes/grade_edit.html",
        {"classroom": classroom, "assignment": assignment, "student": student, "cell": cell, "form": form},
        status=status,
    )


@role_required(TEACHER)
@require_POST
def class_assignment_delete(request, pk: int, assignment_id: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    assignment = classroom.assignments.filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404("No such assignment.")
    assignment_delete(assignment=assignment)
    messages.success(request, _("Assignment removed."))
    return redirect("class-detail", pk=classroom.pk)


@role_required(TEACHER)
@require_GET
def class_gradebook(request, pk: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    book = gradebook_for_class(classroom=classroom)
    labels = status_labels()
    # Plain tuples and labels translated once: 200 students x 20 assignments are 4,000 cells to render.
    rows = [
        {
            "student": s,
            "cells": [
                (a.pk, c.status, labels[c.status], c.grade, c.override, c.comment)
                for a, c in zip(book.assignments, book.row(s), strict=True)
            ],
        }
        for s in book.students
    ]
    columns = [{"assignment": a, "summary": book.summary(a)} for a in book.assignments]
    context = {
        "classroom": classroom,
        "rows": rows,
        "columns": columns,
        "edit_label": _("Grade and comment"),
        "override_label": _("Teacher's grade"),
        "comment_label": _("Comment"),
    }
    return render(request, "classes/gradebook.html", context)


@role_required(TEACHER)
@require_GET
def class_gradebook_csv(request, pk: int):
    classroom = access_taught_classroom_by_id(request.user, pk)
    book = gradebook_for_class(classroom=classroom)
    return gradebook_csv_response(classroom, book)


def _student_page(request, classroom, student, **extra):
    items = assignments_for_student(student=student, classroom=classroom)
    context = {"classroom": classroom, "student": student, "progress": student_progress(student=student)}
    return render(request, "classes/student.html", {**context, "items": items, **extra})


@login_required
@require_GET
def class_student(request, pk: int, student_id: int):
    if not request.user.is_teacher:
        raise Http404("No such student.")  # another student's progress is not found, not forbidden
    classroom = access_taught_classroom_by_id(request.user, pk)
    student = access_class_student_by_id(classroom, student_id)
    return _student_page(request, classroom, student)


@role_required(TEACHER)
@require_POST
def class_student_password_reset(request, pk: int, student_id: int):
    """The class's teacher gives a student a one-time password (shown once) to hand over."""
    classroom = access_taught_classroom_by_id(request.user, pk)
    student = access_class_student_by_id(classroom, student_id)
    try:
        one_time_password = student_password_reset(classroom=classroom, student=student)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("class-student", pk=classroom.pk, student_id=student.pk)
    return _student_page(request, classroom, student, one_time_password=one_time_password)


@role_required(TEACHER)
@require_GET
def class_mastery(request, pk: int):
    """Heat-map: one row per difference of the chosen document, one column per student."""
    classroom = access_taught_classroom_by_id(request.user, pk)
    documents = list(documents_visible_to(request.user).filter(published=True).only("id", "slug", "title"))
    wanted = request.GET.get("document")
    assigned = set(classroom.assignments.exclude(document=None).values_list("document_id", flat=True))
    document = next((d for d in documents if d.slug == wanted), None) or next(
        (d for d in documents if d.pk in assigned), documents[0] if documents else None
    )
    mastery = class_mastery_rows(classroom=classroom, document=document)
    students, labels = mastery["students"], mastery_labels()
    rows = [
        {**row, "cells": [(c.state, labels[c.state], c.answered, c.correct, c.retrievability) for c in row["cells"]]}
        for row in mastery["rows"]
    ]
    return render(
        request,
        "classes/mastery.html",
        {
            "classroom": classroom,
            "documents": documents,
            "document": document,
            "students": students,
            "rows": rows,
            "confusions": class_confusions(student_ids=[s.pk for s in students], document=document) if document else [],
        },
    )
