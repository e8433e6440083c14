"""Browser page: the student's dashboard (progress per document, mastery, due cards, next assignments)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from learning.selectors.gradebook import DONE, LATE, assignments_for_student, due_soon
from learning.selectors.learn import next_step_for
from learning.selectors.progress import documents_progress, exercise_progress, quiz_progress, study_streak

NEXT_ASSIGNMENTS = 8


@login_required
@require_GET
def dashboard(request):
    if request.user.is_teacher:
        return redirect("class-list")
    now = timezone.now()
    documents = documents_progress(student=request.user, now=now)
    items = assignments_for_student(student=request.user, now=now)
    open_items = [i for i in items if i["cell"].status not in (DONE, LATE)]
    return render(
        request,
        "dashboard/student.html",
        {
            "documents": documents,
            "streak": study_streak(student=request.user, now=now),
            "items": items,
            "due_soon": due_soon(items, now=now),
            "now": now,
            "next_items": open_items[:NEXT_ASSIGNMENTS],
            "done_count": len(items) - len(open_items),
            "total_count": len(items),
            "cards_due": sum(d.cards_due for d in documents),
            "next_step": next_step_for(student=request.user, documents=documents, now=now),
        },
    )


@login_required
@require_GET
def dashboard_activity(request):
    """Quizzes and exercises of the dashboard, loaded by htmx after the page (its own few queries)."""
    if not request.user.is_student:
        raise Http404("Progress is kept for students.")
    context = {
        "quizzes": quiz_progress(student=request.user),
        "exercises": exercise_progress(student=request.user),
        "link": True,
    }
    template = "dashboard/_activity.html" if request.htmx else "dashboard/activity.html"
    return render(request, template, context)
