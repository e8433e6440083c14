"""The teacher's corrections of a document's text (the author's typos), from the question bank."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.access import access_editable_document_by_slug
from learning.content.adjust import MAX_CORRECTION_CHARS
from learning.content.types import DocumentError
from learning.forms import form_add_service_errors
from learning.forms.corrections import CorrectionForm
from learning.services.corrections import source_correction_add, source_correction_delete
from learning.services.documents import document_error_message


@login_required
def source_correction_new(request, slug: str):
    """Correct a passage once: every lesson, question and card built from it shows the correction,
    now and after every re-import (the uploaded file itself is kept as it was)."""
    document = access_editable_document_by_slug(request.user, slug)
    original = (request.GET.get("original") or "")[:MAX_CORRECTION_CHARS]
    form = CorrectionForm(request.POST or None, initial={"original": original, "corrected": original})
    if request.method == "POST" and form.is_valid():
        try:
            source_correction_add(
                document=document,
                user=request.user,
                original=form.cleaned_data["original"],
                corrected=form.cleaned_data["corrected"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except DocumentError as error:
            form.add_error("corrected", document_error_message(error))
        else:
            messages.success(request, _("Correction saved: the lessons, questions and cards now show it."))
            return redirect("source-correction-new", slug=document.slug)
    corrections = document.corrections.select_related("created_by")
    return render(
        request,
        "quizzes/corrections.html",
        {"document": document, "form": form, "corrections": corrections},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def source_correction_remove(request, slug: str, pk: int):
    document = access_editable_document_by_slug(request.user, slug)
    correction = get_object_or_404(document.corrections, pk=pk)
    try:
        source_correction_delete(correction=correction, user=request.user)
    except DocumentError as error:
        messages.error(request, document_error_message(error))
    else:
        messages.success(request, _("Correction removed: the document reads as written there again."))
    return redirect("source-correction-new", slug=document.slug)
