"""Register an LMS (LTI 1.3 platform) with the tool. Idempotent: re-running updates the same row."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from learning.lti.services import platform_register
from learning.lti.tool import tool_configuration


class Command(BaseCommand):
    help = "Register an LTI 1.3 platform (Moodle, Canvas, ...) and one of its deployments."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", required=True)
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--deployment-id", required=True)
        parser.add_argument("--auth-login-url", required=True)
        parser.add_argument("--auth-token-url", required=True)
        parser.add_argument("--keyset-url", default="")
        parser.add_argument("--keyset-file", default="", help="JWKS JSON file, when the keyset URL is unreachable.")
        parser.add_argument("--auth-audience", default="")
        parser.add_argument("--name", default="")

    def handle(self, *args, **options):
        key_set = None
        if options["keyset_file"]:
            with open(options["keyset_file"], encoding="utf-8") as fh:
                key_set = json.load(fh)
        if not options["keyset_url"] and key_set is None:
            raise CommandError("Give --keyset-url (or --keyset-file).")
        try:
            platform, created = platform_register(
                issuer=options["issuer"],
                client_id=options["client_id"],
                deployment_id=options["deployment_id"],
                auth_login_url=options["auth_login_url"],
                auth_token_url=options["auth_token_url"],
                key_set_url=options["keyset_url"],
                key_set=key_set,
                auth_audience=options["auth_audience"],
                name=options["name"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items()))
        self.stdout.write(f"{'Created' if created else 'Updated'} platform {platform.issuer} ({platform.client_id})")
        config = tool_configuration()
        for label in ("oidc_initiation_url", "launch_url", "jwks_url", "deep_linking_url"):
            self.stdout.write(f"  {label}: {config[label]}")
