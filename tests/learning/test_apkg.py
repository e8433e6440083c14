"""Anki export: the .apkg opened with Anki's own library in a temporary collection."""

import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from learning.selectors.flashcards import flashcards_apkg
from tests.factories_flashcards import deck


def import_into_anki(data: bytes, tmp: Path):
    collection_mod = pytest.importorskip("anki.collection")
    package = tmp / "deck.apkg"
    package.write_bytes(data)
    col = collection_mod.Collection(str(tmp / "collection.anki2"))
    try:
        request = collection_mod.ImportAnkiPackageRequest(
            package_path=str(package), options=collection_mod.ImportAnkiPackageOptions(with_scheduling=False)
        )
        col.import_anki_package(request)
        notes = [col.get_note(note_id) for note_id in col.find_notes("")]
        return {"cards": len(col.find_cards("")), "fields": [list(n.fields) for n in notes]}, col.decks.all_names()
    finally:
        col.close()


def test_it_exports_every_card_so_that_anki_finds_them(db):
    document, cards = deck(terms=2, differences=3, title="Client-server và P2P")
    data = flashcards_apkg(document=document)
    with tempfile.TemporaryDirectory() as tmp:
        found, decks = import_into_anki(data, Path(tmp))
    assert found["cards"] == len(cards) == 7
    fronts = sorted(fields[0] for fields in found["fields"])
    assert fronts == sorted(c.front.replace("\n", "<br>") for c in cards)
    keys = sorted(fields[3] for fields in found["fields"])
    assert keys == sorted(c.key for c in cards)
    assert "Client-server và P2P" in decks


def test_it_uses_the_same_deck_model_and_note_ids_on_every_export(db):
    document, _ = deck(terms=1, differences=1)

    def ids(data):
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(io.BytesIO(data)) as package:
            path = Path(tmp) / "c.anki2"
            path.write_bytes(package.read("collection.anki2"))
            db = sqlite3.connect(path)
            try:
                guids = sorted(r[0] for r in db.execute("select guid from notes"))
                decks, models = db.execute("select decks, models from col").fetchone()
                return guids, decks, models
            finally:
                db.close()

    first, second = ids(flashcards_apkg(document=document)), ids(flashcards_apkg(document=document))
    assert first[0] == second[0] and len(first[0]) == 3
    assert set(json.loads(first[1])) == set(json.loads(second[1]))
    assert set(json.loads(first[2])) == set(json.loads(second[2]))


def test_it_serves_the_package_to_a_logged_in_user_only(db, client, bob):
    document, _ = deck(terms=1, differences=0)
    url = f"/documents/{document.slug}/flashcards.apkg"
    assert client.get(url).status_code == 302
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/apkg"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert client.get("/documents/missing/flashcards.apkg").status_code == 404
