"""The project's URLs plus learning.api.exports, until learning/api/urls.py includes it."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from learning.api import exports

urlpatterns = [path("api/v1/", include(exports.urlpatterns)), *project_urlpatterns]
