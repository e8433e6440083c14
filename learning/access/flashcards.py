"""Which cards a user may study: those of the documents they may open; anyone else's card is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from learning.ids import id_parse
from learning.models import Flashcard, User

from .documents import documents_visible_to


def visible_cards(user: User) -> QuerySet[Flashcard]:
    """Current cards (retired ones are left out by the default manager) of the documents the user may open."""
    return Flashcard.objects.filter(document__in=documents_visible_to(user))


def access_flashcard_by_id(user: User, card_id) -> Flashcard:
    """The card if this user may study it; missing and forbidden are the same 404."""
    try:
        return visible_cards(user).select_related("document").get(pk=id_parse(card_id))
    except Flashcard.DoesNotExist:
        raise Http404("No such flashcard.")
