"""Forms of the accounts pages."""

from django import forms
from django.utils.translation import gettext_lazy

from learning.services.signup import DISPLAY_NAME_MAX, PASSWORD_MAX, USERNAME_MAX


class SignupForm(forms.Form):
    # autocomplete tokens let browsers and assistive tools fill and name each field (WCAG 1.3.5).
    code = forms.CharField(
        label=gettext_lazy("Class code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "code-input"}),
    )
    display_name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=DISPLAY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=USERNAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email (optional, to reset a forgotten password)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class AccountSettingsForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_digest = forms.BooleanField(label=gettext_lazy("Email me each morning what is due soon"), required=False)
