"""Browser pages: documents and lessons."""

from django.urls import path

from learning.views import lessons

urlpatterns = [
    path("documents/", lessons.documents_page, name="documents"),
    path("documents/import/", lessons.document_import_page, name="document-import"),
    path("documents/<slug:slug>/", lessons.document_page, name="document"),
    path("documents/<slug:slug>/copy/", lessons.document_copy_page, name="document-copy"),
    path("lessons/<id:pk>/", lessons.lesson_page, name="lesson"),
    path("lessons/<id:pk>/read/", lessons.lesson_read, name="lesson-read"),
]
