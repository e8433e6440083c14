"""Forms of the flashcards pages."""

from django import forms
from django.utils.translation import gettext_lazy

from learning.services.flashcards import NEW_PER_DAY_MAX, RETENTION_MAX, RETENTION_MIN, time_zone_names

# The review buttons: rating, keyboard key, label.
RATING_BUTTONS = [
    ("again", "1", gettext_lazy("Again")),
    ("hard", "2", gettext_lazy("Hard")),
    ("good", "3", gettext_lazy("Good")),
    ("easy", "4", gettext_lazy("Easy")),
]


class SettingsForm(forms.Form):
    desired_retention = forms.FloatField(
        label=gettext_lazy("Desired retention"),
        min_value=RETENTION_MIN,
        max_value=RETENTION_MAX,
        help_text=gettext_lazy("The chance of remembering a card when it comes due: 0.70 to 0.97."),
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    new_cards_per_day = forms.IntegerField(
        label=gettext_lazy("New cards per day"), min_value=0, max_value=NEW_PER_DAY_MAX
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        help_text=gettext_lazy("Your day starts at midnight in this time zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in time_zone_names()]
