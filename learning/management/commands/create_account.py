from django.core.management.base import BaseCommand, CommandError

from learning.models import User
from learning.services.accounts import account_create, account_update


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
        username = opts["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = account_create(
                username=username,
                role=opts["role"],
                password=opts["password"],
                first_name=opts["first_name"],
                last_name=opts["last_name"],
                email=opts["email"],
            )
            self.stdout.write(f"created {user.role} {user.username}")
            return
        # The operator on the server changes the account on purpose (the password change rotates its API token).
        account_update(
            user=user,
            role=opts["role"],
            password=opts["password"],
            first_name=opts["first_name"] or None,
            last_name=opts["last_name"] or None,
            email=opts["email"] or None,
        )
        self.stdout.write(f"updated {user.role} {user.username}")
