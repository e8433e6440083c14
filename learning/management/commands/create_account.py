from django.core.management.base import BaseCommand, CommandError

from learning.models import User
from learning.services.accounts import account_upsert


class Command(BaseCommand):
    help = "Create a teacher or student account, or update it if the username exists."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--password", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **opts):
        if not opts["username"].strip():
            raise CommandError("username must not be empty")
        user, created = account_upsert(
            username=opts["username"].strip(),
            role=opts["role"],
            password=opts["password"],
            first_name=opts["first_name"],
            last_name=opts["last_name"],
            email=opts["email"],
        )
        self.stdout.write(f"{'created' if created else 'updated'} {user.role} {user.username}")
