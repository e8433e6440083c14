from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from learning.services.ops import broker_ok, database_ok


@never_cache
def healthz(request):
    """200 when the database and the broker answer; 503 naming each part that does not."""
    checks = {"database": database_ok(), "broker": broker_ok()}
    body = {name: ("ok" if ok else f"down: {why}") for name, (ok, why) in checks.items()}
    failing = [name for name, (ok, _) in checks.items() if not ok]
    body["status"] = "ok" if not failing else "unavailable: " + ", ".join(failing)
    return JsonResponse(body, status=200 if not failing else 503)
