"""The two reference endpoints every flow is compared to, served by the same gunicorn.

`bare` is the floor of the stack: Django routing and middleware, no DRF, no database, no cache.
`one_row` is the cheapest real API call: DRF with token authentication, throttling and
IsAuthenticated exactly as the real endpoints have them, reading one row by primary key.
"""

from django.http import JsonResponse
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.models import Lesson

BARE_BODY = {"status": "ok", "service": "learning", "anchor": "bare"}


def bare(request):
    return JsonResponse(BARE_BODY)


class OneRowView(APIView):
    def get(self, request, pk: int):
        # get() drops the model's default ordering: one primary-key lookup, no join.
        try:
            row = Lesson.objects.values("id", "title").get(pk=pk)
        except Lesson.DoesNotExist:
            return Response({"detail": "Not found."}, status=404)
        return Response(row)
