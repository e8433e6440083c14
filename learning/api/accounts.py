"""Token issue and revocation."""

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.services.accounts import api_token_issue, api_token_revoke
from learning.services.signin import client_ip, lockout_message, signin_lock_remaining


class SignInLocked(exceptions.APIException):
    """429 with Retry-After (the error handler adds the header from `wait`), in the lock-out's own words."""

    status_code = 429
    default_code = "signin_locked"

    def __init__(self, wait: int):
        self.wait = wait
        super().__init__(detail=lockout_message(wait))


TokenOut = inline_serializer("Token", fields={"token": serializers.CharField()})


class TokenView(APIView):
    """POST: exchange username and password for a token. DELETE: revoke the caller's token.

    A token lives until it is revoked or the account's password changes (and, when the site sets
    API_TOKEN_TTL_DAYS, that many days after it was issued). Repeated wrong passwords for one username from
    one address answer 429 with Retry-After for a while, as the sign-in page does.
    """

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenOut}, auth=[])
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            username = request.data.get("username") if hasattr(request.data, "get") else None
            if isinstance(username, str) and username:
                locked = signin_lock_remaining(username=username, ip=client_ip(request))
                if locked:
                    raise SignInLocked(wait=locked)
            raise exceptions.ValidationError(serializer.errors)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        api_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [path("auth/token/", TokenView.as_view(), name="api-token")]
