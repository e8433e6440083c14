"""Forms of the lessons pages."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.access import documents_editable_by
from learning.http_limits import upload_check_size
from learning.services.documents import MAX_UPLOAD_BYTES, document_decode

ALLOWED_EXTENSIONS = (".md", ".markdown", ".txt", ".docx", ".html", ".htm")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Markdown, Word or HTML file"),
        required=False,
        help_text=gettext_lazy(".md (UTF-8), .docx or .html file, at most 5 MB"),
    )
    text = forms.CharField(
        label=gettext_lazy("or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    publish = forms.BooleanField(label=gettext_lazy("Publish to students"), required=False, initial=True)
    document = forms.ChoiceField(
        label=gettext_lazy("Update an existing document"),
        required=False,
        help_text=gettext_lazy(
            "Choose the document this file is a new version of (its title may have changed): its students keep "
            "their progress. Left empty, a document with the same title or file name is updated, else one is created."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        editable = documents_editable_by(user) if user is not None else []
        self.fields["document"].choices = [("", _("— match by title or file name —"))] + [
            (document.slug, document.title) for document in editable
        ]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_("Upload a Markdown (.md), Word (.docx) or HTML (.html) file."))
        upload_check_size(upload, max_bytes=MAX_UPLOAD_BYTES)
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
            return "file", document_decode(upload.read(), filename=upload.name)
        return "text", document_decode(self.cleaned_data["text"])


class PublishForm(forms.Form):
    source = forms.CharField(strip=False, widget=forms.HiddenInput)
    publish = forms.BooleanField(required=False)
    document = forms.CharField(required=False, max_length=120, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    # The corrections and overrides made in the preview so far (learning.services.corrections.Adjustments).
    adjustments = forms.CharField(required=False, max_length=2_000_000, widget=forms.HiddenInput)
