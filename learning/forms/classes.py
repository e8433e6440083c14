"""Forms of the class pages: classes, joining, roster import, assignments and gradebook notes."""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.http_limits import upload_check_size
from learning.ids import id_parse
from learning.models import Assignment
from learning.services.assignments import MAX_COMMENT
from learning.services.classes import IMPORT_MAX_BYTES


class ClassroomForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Class name"), max_length=200)


class JoinForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Class code"), max_length=32)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload_check_size(upload, max_bytes=IMPORT_MAX_BYTES)
        return upload


def _when(label, *, required: bool = True) -> forms.DateTimeField:
    """A date and time picked in the browser: the teacher's wall-clock time (the view makes it aware)."""
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    return forms.DateTimeField(label=label, required=required, widget=widget)


class AssignmentForm(forms.Form):
    """`target` is "<type>:<id>" picked from the lists (learning.services.targets: exercises included)."""

    target = forms.CharField(label=gettext_lazy("What to assign"), max_length=40)
    goal_cards = forms.IntegerField(label=gettext_lazy("Cards to learn"), required=False, min_value=1, max_value=10000)
    starts_at = _when(gettext_lazy("Starts"), required=False)
    due_at = _when(gettext_lazy("Due"))
    late_allowed = forms.BooleanField(label=gettext_lazy("Late work counts"), required=False)

    def clean(self):
        data = super().clean()
        target = data.get("target", "")
        kind, _sep, raw_id = target.partition(":")
        target_id = id_parse(raw_id)
        if kind not in Assignment.TargetType.values or target_id is None:
            self.add_error("target", _("Choose what to assign."))
        data["target_type"], data["target_id"] = kind, target_id or 0
        return data


class AssignmentEditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    starts_at = _when(gettext_lazy("Starts"), required=False)
    due_at = _when(gettext_lazy("Due"))
    late_allowed = forms.BooleanField(label=gettext_lazy("Late work counts"), required=False)
    goal_cards = forms.IntegerField(label=gettext_lazy("Cards to learn"), required=False, min_value=1, max_value=10000)


class GradeNoteForm(forms.Form):
    grade_override = forms.DecimalField(
        label=gettext_lazy("Grade override (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        help_text=gettext_lazy("Leave empty to keep the computed grade."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment to the student"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def wall_clock_aware(value: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    """A datetime-local value is the teacher's wall-clock time."""
    if value is None:
        return None
    return value.replace(tzinfo=zone) if timezone.is_naive(value) else value


def wall_clock_input(value: dt.datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if value else ""
