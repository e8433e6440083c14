"""Forms of the corrections pages."""

from django import forms
from django.utils.translation import gettext_lazy

from learning.content.adjust import MAX_CORRECTION_CHARS


class CorrectionForm(forms.Form):
    original = forms.CharField(
        label=gettext_lazy("Passage as the document writes it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_CORRECTION_CHARS,
        strip=False,
    )
    corrected = forms.CharField(
        label=gettext_lazy("Corrected passage"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_CORRECTION_CHARS,
        strip=False,
    )
