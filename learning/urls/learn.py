"""Browser pages: Learn mode."""

from django.urls import path

from learning.views import learn

urlpatterns = [
    path("documents/<slug:slug>/learn/", learn.learn_start, name="learn-start"),
    path("learn/<id:pk>/", learn.learn_page, name="learn"),
    path("learn/<id:pk>/answer/", learn.learn_answer_submit, name="learn-answer"),
]
