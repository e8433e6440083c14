"""LTI 1.3 tool endpoints (login initiation, launch, JWKS, deep linking, config)."""

urlpatterns: list = []
