"""Print a single-use LTI Dynamic Registration URL for one LMS admin to paste (Moodle 4+: "Tool URL")."""

from django.core.management.base import BaseCommand

from learning.lti.registration import INVITE_LIFETIME, registration_invite_create


class Command(BaseCommand):
    help = "Make a single-use Dynamic Registration URL (valid for two days)."

    def handle(self, *args, **options):
        _invite, url = registration_invite_create()
        self.stdout.write(url)
        self.stderr.write(f"Single use, valid for {INVITE_LIFETIME.days} days.")
