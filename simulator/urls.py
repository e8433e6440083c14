"""Browser pages of the simulator."""

urlpatterns: list = []
