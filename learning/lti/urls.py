"""LTI 1.3 tool endpoints (login initiation, launch, JWKS, deep linking, config) and quiz exports."""

from django.urls import path

from learning.exports import views as export_views
from learning.lti import views

urlpatterns = [
    path("login/", views.login, name="lti-login"),
    path("launch/", views.launch, name="lti-launch"),
    path("deep-link/", views.deep_link_pick, name="lti-deep-link"),
    path("link/", views.link_pick, name="lti-link-pick"),
    path("jwks/", views.jwks, name="lti-jwks"),
    path("config/", views.config, name="lti-config"),
    path("register/<str:token>/", views.register, name="lti-register"),
    path("exports/documents/<slug:slug>/quiz.xml", export_views.moodle_xml, name="export-moodle-xml"),
    path("exports/documents/<slug:slug>/quiz.gift", export_views.gift, name="export-gift"),
]
