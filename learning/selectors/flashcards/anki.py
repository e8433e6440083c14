"""A document's cards as an Anki package (.apkg), with ids stable across exports so a re-import updates notes."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from learning.models import Document, Flashcard


def _stable_id(*parts: str) -> int:
    """A deterministic id in Anki's usual range, so re-exports update the same deck and note type."""
    digest = hashlib.sha256("/".join(parts).encode("utf-8")).hexdigest()
    return (1 << 30) + int(digest[:12], 16) % (1 << 30)


def flashcards_apkg(*, document: Document) -> bytes:
    """The document's cards as an Anki package (.apkg). Note guids come from the card keys, so a student
    importing a newer export updates their notes instead of duplicating them."""
    import genanki

    model = genanki.Model(
        _stable_id("learning-service", "model", "front-back-source"),
        "Learning service: front/back/source",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}, {"name": "Key"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>',
            }
        ],
        css=".card{font-family:sans-serif;font-size:20px;text-align:left}.source{color:#666;font-size:14px}",
        sort_field_index=0,
    )
    deck = genanki.Deck(_stable_id("learning-service", "deck", document.slug), document.title)
    for card in Flashcard.objects.filter(document=document).order_by("position", "pk"):
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    _html(card.front),
                    _html(card.back),
                    _html(card.source if card.kind != "difference" else ""),
                    card.key,
                ],
                guid=genanki.guid_for(document.slug, card.key),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def _html(text: str) -> str:
    from django.utils.html import escape

    return escape(text).replace("\n", "<br>")
