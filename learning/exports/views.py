"""Download a document's questions as Moodle XML or GIFT (teachers: the files contain the answers)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from learning.access import access_exportable_document_by_slug
from learning.exports.formats import gift as gift_text
from learning.exports.formats import moodle_xml as moodle_xml_text
from learning.exports.selectors import export_questions


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def moodle_xml(request, slug):
    document = access_exportable_document_by_slug(request.user, slug)
    text = moodle_xml_text(category=document.title, questions=export_questions(document))
    return _download(text, "application/xml; charset=utf-8", f"{document.slug}.moodle.xml")


@require_GET
@login_required
def gift(request, slug):
    document = access_exportable_document_by_slug(request.user, slug)
    text = gift_text(category=document.title, questions=export_questions(document))
    return _download(text, "text/plain; charset=utf-8", f"{document.slug}.gift.txt")
