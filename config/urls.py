from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from learning.views.health import healthz

# A form field over DATA_UPLOAD_MAX_MEMORY_SIZE is a request too large (413), not a bad one.
handler400 = "learning.http_limits.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("learning.api.urls")),
    path("api/v1/", include("simulator.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("lti/", include("learning.lti.urls")),
    path("simulations/", include("simulator.urls")),
    path("", include("learning.urls")),
]
