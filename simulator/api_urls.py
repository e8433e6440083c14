"""REST API v1 rows of the simulator (simulations, exercises)."""

urlpatterns: list = []
