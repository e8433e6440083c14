"""Browser pages of the simulator: thin, all logic in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.forms.errors import form_add_service_errors
from simulator import presenters, selectors, services
from simulator.access import access_exercise_by_id, access_run_by_id, access_submission_by_id
from simulator.engine import KINDS
from simulator.forms import QuestionsForm, RunForm
from simulator.models import ExerciseSubmission, SimulationRun
from simulator.presenters import run_view
from simulator.services.exercises import AlreadyAnswered, ExerciseConflict
from simulator.services.runs import RunLimitReached
from simulator.texts import engine_message, exercise_text


def _render_too_many(request, template: str, context: dict, exc: RunLimitReached):
    """The page again with the fair-use message: 429 with Retry-After, like the API."""
    messages.error(request, str(exc))
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@login_required
def index(request):
    runs = selectors.runs_of_owner(request.user)[:20]
    return render(
        request,
        "simulator/index.html",
        {
            "kinds": presenters.kinds_list(),
            "runs": runs,
            "exercises": selectors.exercises_with_progress(request.user)[:50],
        },
    )


@login_required
def kind_form(request, kind: str):
    engine_kind = KINDS.get(kind)
    if engine_kind is None:
        raise Http404
    form = RunForm(engine_kind, request.POST or None, preset=request.GET.get("preset"))
    recent = selectors.runs_of_owner(request.user).filter(kind=kind)[:10]
    context = {"kind": engine_kind, "kind_text": presenters.kind_text(engine_kind), "form": form, "recent": recent}
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(
                owner=request.user, kind=kind, params=form.params_si(), seed=form.cleaned_data.get("seed")
            )
        except RunLimitReached as exc:
            return _render_too_many(request, "simulator/kind.html", context, exc)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field.removeprefix("params.")
                form.add_error(name if name in form.fields else None, [engine_message(e) for e in errors])
        else:
            return redirect("simulator:run", run_id=run.pk)
    return render(request, "simulator/kind.html", context)


def _run_view_for(run: SimulationRun) -> dict:
    """run_view, without the summary, model table and charts while the run's exercise awaits its explanations."""
    v = run_view(run)
    if selectors.run_withheld(run):
        v = {**v, "summary": "", "analytic": [], "charts": []}
    return v


@login_required
def run_detail(request, run_id: int):
    run = access_run_by_id(request.user, run_id)
    submission = ExerciseSubmission.objects.filter(run=run).select_related("exercise").first()
    if submission is not None and submission.answers is None:
        return redirect("simulator:submission", submission_id=submission.pk)  # the exercise decides what shows
    return render(request, "simulator/run.html", {"v": run_view(run), "submission": submission})


@login_required
def run_status(request, run_id: int):
    """The live part of a run page, polled by htmx until the run finishes."""
    run = access_run_by_id(request.user, run_id)
    if run.is_finished and request.GET.get("then") == "refresh" and request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "simulator/_run_status.html", {"v": _run_view_for(run), "then": request.GET.get("then", "")})


@login_required
def run_chart(request, run_id: int, chart_id: str):
    """One chart as SVG, drawn in the reader's language on first view and cached (see simulator.charts)."""
    from simulator.charts import run_chart_svg

    run = access_run_by_id(request.user, run_id)
    svg = None if selectors.run_withheld(run) else run_chart_svg(run, chart_id)
    if svg is None:
        raise Http404
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    # A finished run's chart never changes; its URL carries the language and the chart version.
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
@require_POST
def run_cancel(request, run_id: int):
    run = services.run_cancel(run=access_run_by_id(request.user, run_id))
    if run.status == SimulationRun.Status.CANCELLED:
        messages.info(request, _("The run was cancelled."))
    elif not run.is_finished:
        messages.info(request, _("The run will stop at its next progress report."))
    return redirect("simulator:run", run_id=run.pk)


@login_required
def compare(request):
    runs = selectors.runs_for_compare(request.user, ",".join(request.GET.getlist("runs")))
    mine = selectors.runs_of_owner(request.user).filter(status=SimulationRun.Status.SUCCEEDED)[:30]
    return render(request, "simulator/compare.html", {"views": [_run_view_for(r) for r in runs], "mine": mine})


@login_required
def exercise_list(request):
    """Every published exercise with the reader's status, attempts and best score."""
    return render(request, "simulator/exercises.html", {"exercises": selectors.exercises_with_progress(request.user)})


def _attempt_number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) <= 4 else None


@login_required
def exercise_detail(request, exercise_id: int):
    """Step 1: predict, on the parameters drawn for this attempt. Posting the predictions starts the run."""
    exercise = access_exercise_by_id(request.user, exercise_id)
    form = QuestionsForm(exercise.predictions, request.POST or None, prefix="p")
    status, retry_after = 200, 0
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_start(
                student=request.user,
                exercise=exercise,
                predictions=form.cleaned_data,
                attempt=_attempt_number(request.POST.get("attempt")),
            )
        except RunLimitReached as exc:
            messages.error(request, str(exc))
            status, retry_after = 429, exc.retry_after
        except ExerciseConflict as exc:
            messages.error(request, str(exc))
            status = 409
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return redirect("simulator:submission", submission_id=submission.pk)
    next_attempt = selectors.exercise_next_attempt(request.user, exercise)
    response = render(
        request,
        "simulator/exercise.html",
        {
            "exercise": exercise,
            "form": form,
            "engine_kind": KINDS.get(exercise.kind),
            "next": next_attempt,
            "previous": selectors.submissions_of(request.user, exercise)[:10],
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response


@login_required
def submission_detail(request, submission_id: int):
    """Step 2 (the run, live), step 3 (explain: the run's observations only), then the result, explained."""
    submission = access_submission_by_id(request.user, submission_id)
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
            form_add_service_errors(form, exc)
        else:
            return redirect("simulator:submission", submission_id=submission.pk)
    questions = {q["key"]: q for q in exercise.predictions + exercise.questions}
    graded = submission.status == ExerciseSubmission.Status.GRADED
    run = submission.run
    return render(
        request,
        "simulator/submission.html",
        {
            "submission": submission,
            "exercise": exercise,
            "v": _run_view_for(run),
            "withheld": submission.answers is None,
            "observations": selectors.run_observations(exercise, run.result)
            if run.status == SimulationRun.Status.SUCCEEDED
            else [],
            "form": form,
            "predictions": [
                (exercise_text(q.get("prompt")), submission.predictions.get(q["key"]), q) for q in exercise.predictions
            ],
            "results": [
                (selectors.public_question(questions[r["key"]]), r) for r in selectors.submission_results(submission)
            ]
            if graded
            else [],
        },
    )
