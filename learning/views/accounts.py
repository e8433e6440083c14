from django.shortcuts import render

from learning.models import Document


def home(request):
    documents = Document.objects.filter(published=True).only("slug", "title", "language")
    return render(request, "home.html", {"documents": documents})
