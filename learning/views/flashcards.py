"""Browser pages: flashcard review (keyboard first, htmx), stats, settings, Anki export."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from learning.access import access_document_by_slug, access_flashcard_by_id, documents_visible_to
from learning.forms import form_add_service_errors
from learning.forms.flashcards import RATING_BUTTONS, SettingsForm
from learning.selectors.flashcards import (
    flashcard_forecast,
    flashcard_stats,
    flashcards_apkg,
    forecast_chart,
    last_undoable_review,
    next_card,
    next_due_at,
    rating_previews,
)
from learning.services.flashcards import (
    RATING_NAMES,
    card_review,
    flashcard_settings_update,
    review_undo,
)

RATING_LABELS = {name: label for name, _key, label in RATING_BUTTONS}


def _document_from(request, value: str | None):
    if not value:
        return None
    try:
        return access_document_by_slug(request.user, value)
    except Http404:
        return None


def interval_label(interval) -> str:
    """A short "in how long" for a rating button: 10 min, 5 h, 3 d, 2 mo, 1 y."""
    minutes = max(1, round(interval.total_seconds() / 60))
    if minutes < 60:
        return ngettext("%(n)s min", "%(n)s min", minutes) % {"n": minutes}
    hours = round(minutes / 60)
    if hours < 24:
        return ngettext("%(n)s h", "%(n)s h", hours) % {"n": hours}
    days = round(minutes / 1440)
    if days < 31:
        return ngettext("%(n)s d", "%(n)s d", days) % {"n": days}
    if days < 365:
        months = round(days / 30.4)
        return ngettext("%(n)s mo", "%(n)s mo", months) % {"n": months}
    years = round(days / 365, 1)
    return ngettext("%(n)s y", "%(n)s y", int(years)) % {"n": f"{years:g}"}


def _review_context(request, document, last=None) -> dict:
    student = request.user
    card = next_card(student=student, document=document)
    previews = rating_previews(student=student, card=card) if card is not None else {}
    return {
        "card": card,
        "next_due": next_due_at(student=student, document=document) if card is None else None,
        "ratings": [
            (value, key, label, interval_label(previews[value]) if previews else "")
            for value, key, label in RATING_BUTTONS
        ],
        "stats": flashcard_stats(student=student, document=document),
        "document": document,
        "last": last,
        "can_undo": last_undoable_review(student=student) is not None,
        "review_id": uuid.uuid4(),
        "zone": student.time_zone,
    }


LAST_RATING_SESSION_KEY = "flashcards_last_rating"


def _render_review(request, document, last=None):
    context = _review_context(request, document, last)
    if request.htmx:
        return render(request, "flashcards/_review.html", context)
    context["documents"] = documents_visible_to(request.user).only("slug", "title")
    return render(request, "flashcards/review.html", context)


def _back_to_review(document):
    url = reverse("flashcards")
    return redirect(f"{url}?{urlencode({'document': document.slug})}" if document else url)


@login_required
def review_page(request):
    # A rating posted without htmx (no JavaScript, or a key pressed before htmx took the new form)
    # comes back through a redirect: show its outcome here, as the htmx answer would.
    last = request.session.pop(LAST_RATING_SESSION_KEY, None)
    if last:
        last["due"] = datetime.datetime.fromisoformat(last["due"])
    return _render_review(request, _document_from(request, request.GET.get("document")), last)


@login_required
@require_POST
def review_submit(request):
    document = _document_from(request, request.POST.get("document"))
    card = access_flashcard_by_id(request.user, request.POST.get("card"))
    try:
        review_id = uuid.UUID(request.POST.get("review_id", ""))
    except ValueError:
        review_id = None
    try:
        outcome = card_review(student=request.user, card=card, rating=request.POST.get("rating"), review_id=review_id)
    except ValidationError:
        messages.error(request, _("Choose one of: again, hard, good, easy."))
        return _render_review(request, document) if request.htmx else _back_to_review(document)
    last = {
        "rating": RATING_LABELS[RATING_NAMES[outcome.log.rating]],
        "due": outcome.state.due,
        "state": outcome.state.state,
    }
    if request.htmx:
        return _render_review(request, document, last)
    request.session[LAST_RATING_SESSION_KEY] = {**last, "rating": str(last["rating"]), "due": last["due"].isoformat()}
    return _back_to_review(document)


@login_required
@require_POST
def undo_submit(request):
    document = _document_from(request, request.POST.get("document"))
    log = review_undo(student=request.user)
    last = {"undone": RATING_LABELS[RATING_NAMES[log.rating]]} if log else None
    if request.htmx:
        return _render_review(request, document, last)
    return _back_to_review(document)


@login_required
def stats_page(request):
    document = _document_from(request, request.GET.get("document"))
    forecast = flashcard_forecast(student=request.user, days=30, document=document)
    stats = flashcard_stats(student=request.user, document=document)
    return render(
        request,
        "flashcards/stats.html",
        {
            "stats": stats,
            "retention_percent": (
                round(stats["average_retrievability"] * 100) if stats["average_retrievability"] is not None else None
            ),
            "chart": forecast_chart(forecast),
            "forecast_total": sum(c for _d, c in forecast),
            "document": document,
        },
    )


@login_required
def settings_page(request):
    user = request.user
    initial = {
        "desired_retention": user.desired_retention,
        "new_cards_per_day": user.new_cards_per_day,
        "time_zone": user.time_zone,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            flashcard_settings_update(student=user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("flashcards-settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "flashcards/settings.html", {"form": form}, status=status)


@login_required
def apkg_download(request, slug: str):
    document = access_document_by_slug(request.user, slug)
    response = HttpResponse(flashcards_apkg(document=document), content_type="application/apkg")
    response["Content-Disposition"] = f'attachment; filename="{document.slug}-flashcards.apkg"'
    return response
