"""Browser pages of the simulator: thin, all logic in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simulator import selectors, services
from simulator.engine import KINDS
from simulator.forms import QuestionsForm, RunForm
from simulator.models import ExerciseSubmission, SimulationRun
from simulator.presenters import run_view
from simulator.services.exercises import AlreadyAnswered


@login_required
def index(request):
    runs = selectors.runs_of_owner(request.user)[:20]
    return render(
        request,
        "simulator/index.html",
        {"kinds": selectors.kinds_list(), "runs": runs, "exercises": selectors.exercises_published()[:50]},
    )


@login_required
def kind_form(request, kind: str):
    engine_kind = KINDS.get(kind)
    if engine_kind is None:
        raise Http404
    form = RunForm(engine_kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(
                owner=request.user, kind=kind, params=form.params_si(), seed=form.cleaned_data.get("seed")
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field.removeprefix("params.")
                form.add_error(name if name in form.fields else None, errors)
        else:
            return redirect("simulator:run", run_id=run.pk)
    recent = selectors.runs_of_owner(request.user).filter(kind=kind)[:10]
    return render(request, "simulator/kind.html", {"kind": engine_kind, "form": form, "recent": recent})


@login_required
def run_detail(request, run_id: int):
    run = selectors.access_run_by_id(request.user, run_id)
    submission = ExerciseSubmission.objects.filter(run=run).select_related("exercise").first()
    return render(request, "simulator/run.html", {"v": run_view(run), "submission": submission})


@login_required
def run_status(request, run_id: int):
    """The live part of a run page, polled by htmx until the run finishes."""
    run = selectors.access_run_by_id(request.user, run_id)
    if run.is_finished and request.GET.get("then") == "refresh" and request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "simulator/_run_status.html", {"v": run_view(run), "then": request.GET.get("then", "")})


@login_required
def run_chart(request, run_id: int, chart_id: str):
    run = selectors.access_run_by_id(request.user, run_id)
    svg = next((c["svg"] for c in run.charts or [] if c.get("id") == chart_id), None)
    if svg is None:
        raise Http404
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def run_cancel(request, run_id: int):
    run = services.run_cancel(run=selectors.access_run_by_id(request.user, run_id))
    if run.status == SimulationRun.Status.CANCELLED:
        messages.info(request, _("The run was cancelled."))
    elif not run.is_finished:
        messages.info(request, _("The run will stop at its next progress report."))
    return redirect("simulator:run", run_id=run.pk)


@login_required
def compare(request):
    runs = selectors.runs_for_compare(request.user, ",".join(request.GET.getlist("runs")))
    mine = selectors.runs_of_owner(request.user).filter(status=SimulationRun.Status.SUCCEEDED)[:30]
    return render(request, "simulator/compare.html", {"views": [run_view(r) for r in runs], "mine": mine})


@login_required
def exercise_list(request):
    return render(request, "simulator/exercises.html", {"exercises": selectors.exercises_published()})


@login_required
def exercise_detail(request, exercise_id: int):
    """Step 1: predict. Posting the predictions starts the run."""
    exercise = selectors.access_exercise_by_id(request.user, exercise_id)
    form = QuestionsForm(exercise.predictions, request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_start(
                student=request.user, exercise=exercise, predictions=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, [m for msgs in exc.message_dict.values() for m in msgs])
        else:
            return redirect("simulator:submission", submission_id=submission.pk)
    return render(
        request,
        "simulator/exercise.html",
        {
            "exercise": exercise,
            "form": form,
            "engine_kind": KINDS.get(exercise.kind),
            "previous": selectors.submissions_of(request.user, exercise)[:10],
        },
    )


@login_required
def submission_detail(request, submission_id: int):
    """Step 2 (the run, live) and step 3 (explain, once the run is done), then the graded result."""
    submission = selectors.access_submission_by_id(request.user, submission_id)
    exercise = submission.exercise
    can_answer = (
        submission.student_id == request.user.pk
        and submission.answers is None
        and submission.run.status == SimulationRun.Status.SUCCEEDED
    )
    form = QuestionsForm(exercise.questions, request.POST or None, prefix="q") if can_answer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.submission_answer(submission=submission, answers=form.cleaned_data)
        except AlreadyAnswered:
            messages.info(request, _("These answers were already sent."))
        except ValidationError as exc:
            form.add_error(None, [m for msgs in exc.message_dict.values() for m in msgs])
        else:
            return redirect("simulator:submission", submission_id=submission.pk)
    questions = {q["key"]: q for q in exercise.predictions + exercise.questions}
    return render(
        request,
        "simulator/submission.html",
        {
            "submission": submission,
            "exercise": exercise,
            "v": run_view(submission.run),
            "form": form,
            "predictions": [
                (selectors.localized(q.get("prompt")), submission.predictions.get(q["key"]), q)
                for q in exercise.predictions
            ],
            "results": [(selectors.public_question(questions[r["key"]]), r) for r in submission.results]
            if submission.status == ExerciseSubmission.Status.GRADED
            else [],
        },
    )
