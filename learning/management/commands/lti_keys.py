"""Show or rotate the tool's LTI signing key (kept in the database, never in the repository)."""

import json

from django.core.management.base import BaseCommand

from learning.lti.keys import tool_jwks, tool_key_active, tool_key_create


class Command(BaseCommand):
    help = "Print the tool's public JWKS; --rotate makes a new signing key (old public keys stay published)."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true")

    def handle(self, *args, **options):
        key = tool_key_create() if options["rotate"] else tool_key_active()
        self.stdout.write(f"active kid: {key.kid}")
        self.stdout.write(json.dumps(tool_jwks(), indent=2))
