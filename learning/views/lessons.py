"""Browser pages: documents, lessons, "mark as read" (htmx), and the teacher's import with preview."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from learning.access import access_document_by_slug
from learning.content.types import DocumentError
from learning.http_limits import upload_check_size
from learning.selectors.documents import (
    access_lesson_by_id,
    document_list,
    glossary_for_document,
    glossary_for_lesson,
    lesson_has_differences,
    lesson_neighbours,
    lessons_with_reads,
)
from learning.services.documents import (
    MAX_BYTES,
    document_decode,
    document_error_message,
    document_import,
    document_preview,
    lesson_mark_read,
)
from learning.services.targets import targets_for_lesson

ALLOWED_EXTENSIONS = (".md", ".markdown", ".txt")


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


@login_required
@require_POST
def lesson_read(request, pk: int):
    if not request.user.is_student:
        raise PermissionDenied(_("Only students can mark lessons as read."))
    lesson = access_lesson_by_id(request.user, pk)
    lesson_mark_read(student=request.user, lesson=lesson)
    lesson.is_read = True
    if request.htmx:
        context = {"lesson": lesson, "neighbours": lesson_neighbours(lesson), "just_read": True}
        return render(request, "lessons/_read_status.html", context)
    messages.success(request, _("Lesson marked as read."))
    return redirect("lesson", pk=lesson.pk)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Markdown file"), required=False, help_text=gettext_lazy(".md file, UTF-8, at most 1 MB")
    )
    text = forms.CharField(
        label=gettext_lazy("or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    publish = forms.BooleanField(label=gettext_lazy("Publish to students"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_("Upload a Markdown file (.md)."))
        upload_check_size(upload, max_bytes=MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a Markdown file or paste the document's text."))
        return cleaned

    def source(self) -> tuple[str, str]:
        """(field name, decoded text); raises DocumentError."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return "file", document_decode(upload.read())
        return "text", document_decode(self.cleaned_data["text"])


class PublishForm(forms.Form):
    source = forms.CharField(strip=False, widget=forms.HiddenInput)
    publish = forms.BooleanField(required=False)


def _form_with_error(data: dict, field: str | None, message: str) -> ImportForm:
    """A bound form showing the text again with one error (the form's own checks are not the point here)."""
    form = ImportForm(data={"publish": "on", **data})
    form.is_valid()
    form.errors.clear()
    form.add_error(field, message)
    return form


@login_required
def document_import_page(request):
    """Upload or paste -> preview (nothing written) -> publish (one transaction)."""
    if not request.user.is_teacher:
        raise PermissionDenied(_("Only teachers can import documents."))
    if request.method == "POST" and request.POST.get("action") == "publish":
        publish_form = PublishForm(request.POST)
        if publish_form.is_valid():
            try:
                document = document_import(
                    text=publish_form.cleaned_data["source"],
                    user=request.user,
                    publish=publish_form.cleaned_data["publish"],
                )
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
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            field = "file" if form.cleaned_data.get("file") else "text"
            try:
                field, text = form.source()
                preview = document_preview(text)
            except DocumentError as exc:
                form.add_error(field, document_error_message(exc))
            else:
                return render(
                    request,
                    "lessons/import_preview.html",
                    {
                        "preview": preview,
                        "parsed": preview.parsed,
                        "publish_form": PublishForm(
                            initial={"source": text, "publish": form.cleaned_data.get("publish")}
                        ),
                    },
                )
        return render(request, "lessons/import.html", {"form": form}, status=400)
    return render(request, "lessons/import.html", {"form": ImportForm()})
