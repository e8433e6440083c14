"""Browser pages: documents, lessons, "mark as read" (htmx), and the teacher's import with preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from learning.access import (
    access_document_by_slug,
    access_editable_document_by_slug,
    access_lesson_by_id,
    document_editable_by,
)
from learning.content.adjust import DROP, SUBJECT, Override
from learning.content.types import DocumentError
from learning.forms.lessons import ImportForm, PublishForm
from learning.roles import STUDENT, TEACHER, role_required
from learning.selectors.documents import (
    document_list,
    glossary_for_document,
    glossary_for_lesson,
    lesson_has_differences,
    lesson_neighbours,
    lessons_with_reads,
)
from learning.services.corrections import MAX_CORRECTIONS, MAX_OVERRIDES, Adjustments
from learning.services.documents import (
    document_copy,
    document_error_message,
    document_import_result,
    document_preview,
    lesson_mark_read,
)
from learning.services.targets import targets_for_lesson


@login_required
def documents_page(request):
    return render(request, "lessons/document_list.html", {"documents": document_list(request.user)})


@login_required
def document_page(request, slug: str):
    document = access_document_by_slug(request.user, slug)
    lessons = list(lessons_with_reads(document, request.user))
    first_unread = next((lesson for lesson in lessons if not lesson.is_read), None)
    return render(
        request,
        "lessons/document_detail.html",
        {
            "document": document,
            "lessons": lessons,
            "read_count": sum(1 for lesson in lessons if lesson.is_read),
            "reading_total": sum(lesson.reading_minutes for lesson in lessons),
            "next_lesson": first_unread or (lessons[0] if lessons else None),
            "glossary": glossary_for_document(document),
            "editable": document_editable_by(request.user, document),
        },
    )


@login_required
def lesson_page(request, pk: int):
    lesson = access_lesson_by_id(request.user, pk)
    return render(
        request,
        "lessons/lesson_detail.html",
        {
            "lesson": lesson,
            "document": lesson.document,
            "neighbours": lesson_neighbours(lesson),
            "glossary": glossary_for_lesson(lesson),
            "is_differences_lesson": lesson_has_differences(lesson),
            "linked_targets": targets_for_lesson(lesson),
        },
    )


@role_required(STUDENT, gettext_lazy("Only students can mark lessons as read."))
@require_POST
def lesson_read(request, pk: int):
    lesson = access_lesson_by_id(request.user, pk)
    lesson_mark_read(student=request.user, lesson=lesson)
    lesson.is_read = True
    if request.htmx:
        context = {"lesson": lesson, "neighbours": lesson_neighbours(lesson), "just_read": True}
        return render(request, "lessons/_read_status.html", context)
    messages.success(request, _("Lesson marked as read."))
    return redirect("lesson", pk=lesson.pk)


MAX_PREVIEW_DIFFERENCES = 500


def _adjustments_from_post(post, pending: str) -> Adjustments:
    """The preview's earlier adjustments plus what the teacher changed on the page now: a difference dropped,
    a statement given to another subject, a bullet's typo fixed, a passage corrected. Raises ValueError."""
    adjustments = Adjustments.from_json(pending)
    for index in range(1, MAX_PREVIEW_DIFFERENCES + 1):
        was = post.get(f"d-{index}-was")
        if was is None:
            break
        source = was
        fixed = post.get(f"d-{index}-source")
        if fixed is not None and fixed.strip() and fixed.strip() != was.strip():
            adjustments.add_correction(was, fixed)
            source = fixed.strip()
        if post.get(f"d-{index}-drop"):
            adjustments.overrides.append(Override(source, DROP))
            continue
        for position in range(0, 20):
            subject, shown = post.get(f"d-{index}-st-{position}"), post.get(f"d-{index}-st-{position}-was")
            if shown is None:
                break
            if subject and subject != shown:
                adjustments.overrides.append(Override(source, SUBJECT, position, subject[:1]))
    adjustments.add_correction(post.get("fix-original") or "", post.get("fix-corrected") or "")
    if len(adjustments.corrections) > MAX_CORRECTIONS or len(adjustments.overrides) > MAX_OVERRIDES:
        raise ValueError("too many adjustments")
    return adjustments


def _difference_rows(parsed) -> list[dict]:
    names = {subject.key: subject.name for subject in parsed.subjects}
    return [
        {
            "index": index,
            "difference": difference,
            "statements": [
                {"position": position, "subject": s.subject, "name": names.get(s.subject, s.subject), "text": s.text}
                for position, s in enumerate(difference.statements)
            ],
        }
        for index, difference in enumerate(parsed.differences, start=1)
    ]


def _render_preview(request, preview, initial: dict, adjustments: Adjustments, status: int = 200):
    return render(
        request,
        "lessons/import_preview.html",
        {
            "preview": preview,
            "parsed": preview.parsed,
            "difference_rows": _difference_rows(preview.parsed),
            "adjustments": adjustments,
            "missing": getattr(preview.parsed, "adjustments_missing", []),
            "publish_form": PublishForm(initial={**initial, "adjustments": adjustments.to_json()}),
        },
        status=status,
    )


def _import_target(user, slug: str):
    """The document the teacher chose to update (404 unless they may change it), or None."""
    return access_editable_document_by_slug(user, slug) if slug else None


def _form_with_error(data: dict, field: str | None, message: str) -> ImportForm:
    """A bound form showing the text again with one error (the form's own checks are not the point here)."""
    form = ImportForm(data={"publish": "on", **data})
    form.is_valid()
    form.errors.clear()
    form.add_error(field, message)
    return form


@role_required(TEACHER, gettext_lazy("Only teachers can import documents."))
def document_import_page(request):
    """Upload or paste -> preview (nothing written) -> publish (one transaction)."""
    if request.method == "POST" and request.POST.get("action") in ("publish", "adjust"):
        publish_form = PublishForm(request.POST)
        try:
            adjustments = _adjustments_from_post(request.POST, request.POST.get("adjustments") or "")
        except (ValueError, TypeError):
            adjustments = None
        if publish_form.is_valid() and adjustments is not None and request.POST["action"] == "adjust":
            data = publish_form.cleaned_data
            try:
                preview = document_preview(
                    data["source"],
                    user=request.user,
                    target=_import_target(request.user, data["document"]),
                    filename=data["filename"],
                    adjustments=adjustments,
                )
            except DocumentError as exc:
                form = _form_with_error({"text": data["source"]}, "text", document_error_message(exc))
                return render(request, "lessons/import.html", {"form": form}, status=400)
            return _render_preview(request, preview, data, adjustments)
        if publish_form.is_valid() and adjustments is not None:
            try:
                result = document_import_result(
                    text=publish_form.cleaned_data["source"],
                    user=request.user,
                    publish=publish_form.cleaned_data["publish"],
                    target=_import_target(request.user, publish_form.cleaned_data["document"]),
                    filename=publish_form.cleaned_data["filename"],
                    adjustments=adjustments or None,
                )
                document = result.document
            except DocumentError as exc:
                form = _form_with_error(
                    {"text": publish_form.cleaned_data["source"]}, "text", document_error_message(exc)
                )
                return render(request, "lessons/import.html", {"form": form}, status=400)
            messages.success(request, _("The document “%(title)s” is imported.") % {"title": document.title})
            return redirect("document", slug=document.slug)
        form = _form_with_error({}, None, _("The preview expired: paste or upload the document again."))
        return render(request, "lessons/import.html", {"form": form}, status=400)

    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            field = "file" if form.cleaned_data.get("file") else "text"
            upload = form.cleaned_data.get("file")
            filename = upload.name[:255] if upload is not None else ""
            try:
                field, text = form.source()
                preview = document_preview(
                    text,
                    user=request.user,
                    target=_import_target(request.user, form.cleaned_data.get("document") or ""),
                    filename=filename,
                )
            except DocumentError as exc:
                form.add_error(field, document_error_message(exc))
            else:
                initial = {
                    "source": text,
                    "publish": form.cleaned_data.get("publish"),
                    "document": form.cleaned_data.get("document") or "",
                    "filename": filename,
                }
                return _render_preview(request, preview, initial, Adjustments())
        return render(request, "lessons/import.html", {"form": form}, status=400)
    return render(request, "lessons/import.html", {"form": ImportForm(user=request.user)})


@login_required
@require_POST
def document_copy_page(request, slug: str):
    """ "Use a copy": the teacher's own copy of a document they may open, to change its questions and settings."""
    document = access_document_by_slug(request.user, slug)
    if not (request.user.is_teacher or request.user.is_staff):
        raise PermissionDenied(_("Only teachers can copy documents."))
    copy = document_copy(document=document, user=request.user)
    messages.success(
        request,
        _("This is your own copy of “%(title)s”: change its questions and quiz settings, then assign it.")
        % {"title": copy.title},
    )
    return redirect("document", slug=copy.slug)
