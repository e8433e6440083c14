"""Teachers edit every part of a generated question, correct the author's typo once, and reassign or drop
what the extraction read, in the import preview or the bank; all of it survives re-imports."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from learning.content.adjust import DROP, SUBJECT, Correction, Override, corrections_apply, overrides_apply
from learning.content.types import DifferenceData, StatementData
from learning.models import Difference, Document, ExtractionOverride, Flashcard, Question, SourceCorrection
from learning.services.corrections import source_correction_add, source_correction_delete
from learning.services.documents import document_import
from learning.services.quizzes import question_update
from tests.conftest import SEED_DOCUMENT
from tests.factories_quizzes import seed_document
from tests.learning.test_lessons_views import client_for

SEED = SEED_DOCUMENT.read_text(encoding="utf-8")
# The same file after its author rewrote another bullet: a re-import with a new hash.
EDITED_SEED = SEED.replace(
    "- Client-Server thì mô hình đắt hơn so với ngang hàng.\n",
    "- Client-Server thì mô hình đắt hơn nhiều so với ngang hàng.\n",
)
TYPO = "mỗi node hoạt đông như"
FIXED = "mỗi node hoạt động như"


def _everything_built(document: Document) -> str:
    """Every text a student can see that was built from the document (current rows only)."""
    parts = [lesson.markdown for lesson in document.lessons.all()]
    for q in Question.objects.filter(document=document, retired_at__isnull=True):
        parts += [q.prompt, q.explanation, q.source, *(c["text"] for c in q.choices), *(i["text"] for i in q.items)]
        parts.append(str(q.answer))
    for card in Flashcard.objects.filter(document=document):
        parts += [card.front, card.back, card.source]
    for difference in Difference.objects.filter(document=document).prefetch_related("statements"):
        parts += [difference.source, *(s.text for s in difference.statements.all())]
    return "\n".join(parts)


# ---------------------------------------------------------------- pure core


def test_it_applies_corrections_in_order_and_reports_the_ones_that_no_longer_match():
    text, missing = corrections_apply(
        "Server la một hệ thống.\nmỗi node\nhoạt đông",
        [Correction("la một", "là một"), Correction("node hoạt đông", "node hoạt động"), Correction("không có", "x")],
    )
    assert text == "Server là một hệ thống.\nmỗi node hoạt động"
    assert missing == [Correction("không có", "x")]


def test_it_gives_a_statement_to_another_subject_and_drops_a_difference():
    differences = [
        DifferenceData(
            "d1",
            "two_sided",
            "It costs more than A, but B is faster",
            [StatementData("a", "It costs more than A"), StatementData("b", "B is faster")],
            "s",
        ),
        DifferenceData(
            "d2", "comparative", "A is dearer", [StatementData("a", "A is dearer")], "s", data={"winner": "a"}
        ),
        DifferenceData("d3", "two_sided", "gone", [], "s"),
    ]
    result, unused = overrides_apply(
        differences,
        ["a", "b"],
        [
            Override("It costs more than  A, but B is faster", SUBJECT, 0, "b"),
            Override("A is dearer", SUBJECT, 0, "b"),
            Override("gone", DROP),
            Override("never written", DROP),
            Override("It costs more than A, but B is faster", SUBJECT, 7, "a"),
        ],
    )
    assert [d.key for d in result] == ["d1", "d2"]
    # Only the statement the teacher named changes: both are about B now ("it" was B all along).
    assert [(s.subject, s.text) for s in result[0].statements] == [("b", "It costs more than A"), ("b", "B is faster")]
    assert result[1].data["winner"] == "b"
    assert [o.source for o in unused] == ["never written", "It costs more than A, but B is faster"]


# ---------------------------------------------------------------- teachers edit every part of a question


def test_it_edits_the_choices_key_and_statements_of_generated_questions_and_keeps_them_over_a_re_import(alice):
    document = seed_document(alice)
    which = document.questions.filter(type="which_model").first()
    question_update(
        question=which,
        teacher=alice,
        prompt="Phát biểu này nói về mạng nào?",
        explanation="Xem bảng so sánh.",
        choice_texts=["Mạng ngang hàng", "Mạng khách-chủ", "Cả hai"],
        answer="c1",
    )
    matching = document.questions.filter(type="matching").first()
    items = [f"Phát biểu {n}" for n in range(1, len(matching.items) + 1)]
    key = {item["id"]: "a" for item in matching.items}
    question_update(question=matching, teacher=alice, prompt="Ghép", explanation="", item_texts=items, answer=key)
    document_import(text=EDITED_SEED, user=alice)
    which.refresh_from_db()
    matching.refresh_from_db()
    assert [c["text"] for c in which.choices] == ["Mạng ngang hàng", "Mạng khách-chủ", "Cả hai"]
    assert which.choices[0]["id"] == "a" and which.choices[2]["id"] == "c1" and which.answer == "c1"
    assert which.prompt == "Phát biểu này nói về mạng nào?" and which.explanation == "Xem bảng so sánh."
    assert [i["text"] for i in matching.items] == items and matching.answer == key


@pytest.mark.parametrize(
    ("kind", "changes", "field"),
    [
        ("which_model", {"answer": "zz"}, "answer"),
        ("which_model", {"choice_texts": ["Chỉ một"]}, "choices"),
        ("which_model", {"choice_texts": ["X", "x"]}, "choices"),
        ("true_false", {"choice_texts": ["Đúng", "Sai", "Không rõ"]}, "choices"),
        ("matching", {"answer": {"s1": "a"}}, "answer"),
        ("multi_select", {"answer": []}, "answer"),
        ("cloze", {"answer": "  "}, "answer"),
    ],
)
def test_it_refuses_an_edit_whose_key_does_not_fit_its_choices(alice, kind, changes, field):
    document = seed_document(alice)
    question = document.questions.filter(type=kind).first()
    before = (question.choices, question.items, question.answer)
    with pytest.raises(ValidationError) as error:
        question_update(question=question, teacher=alice, prompt="?", explanation="", **changes)
    assert field in error.value.message_dict
    question.refresh_from_db()
    assert (question.choices, question.items, question.answer) == before and not question.edited


def test_it_refuses_removing_the_choice_the_key_names(alice):
    document = seed_document(alice)
    question = (
        document.questions.filter(type="multiple_choice", answer="c4").first()
        or document.questions.filter(type="multiple_choice").exclude(answer="c1").first()
    )
    keep = [c["text"] for c in question.choices if c["id"] != question.answer][:2]
    with pytest.raises(ValidationError) as error:
        question_update(question=question, teacher=alice, prompt="?", explanation="", choice_texts=keep)
    assert "answer" in error.value.message_dict


def test_it_edits_a_matching_question_on_the_bank_page(alice):
    document = seed_document(alice)
    matching = document.questions.filter(type="matching").first()
    client = client_for(alice)
    page = client.get(f"/questions/{matching.pk}/edit/")
    assert page.status_code == 200 and 'name="items"' in page.content.decode()
    n = len(matching.items)
    response = client.post(
        f"/questions/{matching.pk}/edit/",
        {
            "prompt": "Ghép mỗi phát biểu với mạng.",
            "choices": "Mạng ngang hàng\nMạng khách-chủ",
            "items": "\n".join(f"Câu {k}" for k in range(1, n + 1)),
            "answer": ", ".join(["2"] * n),
            "explanation": "",
        },
    )
    assert response.status_code == 302
    matching.refresh_from_db()
    assert matching.answer == {item["id"]: "b" for item in matching.items}
    assert [c["text"] for c in matching.choices] == ["Mạng ngang hàng", "Mạng khách-chủ"]
    bad = client.post(
        f"/questions/{matching.pk}/edit/",
        {"prompt": "x", "choices": "A\nB", "items": "1\n2", "answer": "1", "explanation": ""},
    )
    assert bad.status_code == 400 and "answer" in bad.context["form"].errors


# ---------------------------------------------------------------- a typo corrected once


def test_a_correction_reaches_every_question_card_and_lesson_and_survives_a_re_import(alice):
    document = seed_document(alice)
    assert TYPO in _everything_built(document)
    card_ids = set(Flashcard.objects.filter(document=document).values_list("pk", flat=True))
    source_correction_add(document=document, user=alice, original=TYPO, corrected=FIXED)
    document.refresh_from_db()
    built = _everything_built(document)
    assert TYPO not in built and FIXED in built
    assert TYPO in document.source  # the teacher's file as uploaded is never changed
    assert set(Flashcard.objects.filter(document=document).values_list("pk", flat=True)) == card_ids
    # The author uploads a new version that still has the typo: the correction is applied again.
    document_import(text=EDITED_SEED, user=alice)
    document.refresh_from_db()
    assert TYPO in document.source and TYPO not in _everything_built(document)
    assert "nhiều so với ngang hàng" in _everything_built(document)
    # Taken back: the text reads as written again.
    source_correction_delete(correction=document.corrections.get(), user=alice)
    assert TYPO in _everything_built(document)


def test_a_correction_is_validated_and_only_the_owner_makes_one(alice, dave):
    document = seed_document(alice)
    with pytest.raises(ValidationError) as error:
        source_correction_add(document=document, user=alice, original="không có trong tài liệu", corrected="x")
    assert "original" in error.value.message_dict
    with pytest.raises(ValidationError):
        source_correction_add(document=document, user=alice, original=TYPO, corrected=TYPO)
    with pytest.raises(PermissionDenied):
        source_correction_add(document=document, user=dave, original=TYPO, corrected=FIXED)
    assert not SourceCorrection.objects.exists()


def test_the_bank_page_corrects_a_passage_and_others_get_404(alice, dave, bob):
    document = seed_document(alice)
    question = document.questions.filter(source__contains=TYPO).first()
    client = client_for(alice)
    edit = client.get(f"/questions/{question.pk}/edit/").content.decode()
    assert f"/documents/{document.slug}/corrections/?original=" in edit
    page = client.get(f"/documents/{document.slug}/corrections/", {"original": TYPO})
    assert page.status_code == 200 and TYPO in page.content.decode()
    saved = client.post(f"/documents/{document.slug}/corrections/", {"original": TYPO, "corrected": FIXED})
    assert saved.status_code == 302
    question.refresh_from_db()
    assert TYPO not in question.source and FIXED in question.source
    for outsider in (dave, bob):
        assert client_for(outsider).get(f"/documents/{document.slug}/corrections/").status_code == 404
        response = client_for(outsider).post(
            f"/documents/{document.slug}/corrections/", {"original": FIXED, "corrected": "x"}
        )
        assert response.status_code == 404
    bad = client.post(f"/documents/{document.slug}/corrections/", {"original": "x" * 3000, "corrected": "y"})
    assert bad.status_code == 400


# ---------------------------------------------------------------- the import preview


def _preview_fields(response) -> dict:
    """The preview form's fields as the page wrote them (hidden inputs and the statements' selects)."""
    context = response.context
    fields = {name: value for name, value in context["publish_form"].initial.items() if value not in (None, False)}
    fields["publish"] = "on"
    for row in context["difference_rows"]:
        fields[f"d-{row['index']}-was"] = row["difference"].source
        fields[f"d-{row['index']}-source"] = row["difference"].source
        for statement in row["statements"]:
            fields[f"d-{row['index']}-st-{statement['position']}"] = statement["subject"]
            fields[f"d-{row['index']}-st-{statement['position']}-was"] = statement["subject"]
    return fields


def test_the_preview_shows_the_extraction_and_keeps_the_teachers_changes_on_publish_and_re_import(alice):
    client = client_for(alice)
    preview = client.post("/documents/import/", {"action": "preview", "text": SEED, "publish": "on"})
    assert preview.status_code == 200
    page = preview.content.decode()
    rows = preview.context["difference_rows"]
    assert 'name="d-1-st-0"' in page and rows[0]["difference"].aspect in page
    first, dropped = rows[0], rows[1]
    moved = first["statements"][0]
    other_subject = next(s.key for s in preview.context["parsed"].subjects if s.key != moved["subject"])
    fields = _preview_fields(preview)
    fields[f"d-{first['index']}-st-{moved['position']}"] = other_subject
    fields[f"d-{dropped['index']}-drop"] = "on"
    fields["fix-original"] = TYPO
    fields["fix-corrected"] = FIXED
    adjusted = client.post("/documents/import/", {**fields, "action": "adjust"})
    assert adjusted.status_code == 200 and not Document.objects.exists()
    again = adjusted.context["difference_rows"]
    assert len(again) == len(rows) - 1
    assert again[0]["statements"][moved["position"]]["subject"] == other_subject
    shown = adjusted.content.decode().split('id="import-form"')[1].split("</form>", 1)[1]  # after the hidden source
    assert FIXED in shown and TYPO not in shown
    published = client.post("/documents/import/", {**_preview_fields(adjusted), "action": "publish"})
    assert published.status_code == 302
    document = Document.objects.get()
    assert document.differences.count() == len(rows) - 1
    assert not document.differences.filter(source=dropped["difference"].source).exists()
    corrected_source = again[0]["difference"].source
    assert FIXED in corrected_source
    kept = document.differences.get(source=corrected_source)
    assert kept.statements.get(position=moved["position"]).subject == other_subject
    assert TYPO not in _everything_built(document)
    assert ExtractionOverride.objects.filter(document=document).count() == 2
    # A new version of the file: the reassignment, the dropped difference and the typo fix all hold.
    document_import(text=EDITED_SEED, user=alice)
    assert document.differences.count() == len(rows) - 1
    assert (
        document.differences.get(source=corrected_source).statements.get(position=moved["position"]).subject
        == other_subject
    )
    assert TYPO not in _everything_built(document)


def test_a_tampered_preview_state_is_a_clear_400(alice):
    response = client_for(alice).post(
        "/documents/import/", {"action": "adjust", "source": SEED, "adjustments": "{not json"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "state",
    [
        "[]",
        '{"corrections": [1, 2]}',
        '{"corrections": [["a"]]}',
        '{"overrides": [["x", "move", 0, "a"]]}',
        '{"overrides": [["x", "subject", true, "a"]]}',
        '{"overrides": [["x", "subject", 99999, "a"]]}',
        '"text"',
    ],
)
def test_a_preview_state_of_another_shape_is_a_400_never_a_500(alice, state):
    response = client_for(alice).post("/documents/import/", {"action": "publish", "source": SEED, "adjustments": state})
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_a_copy_keeps_the_originals_corrections_for_its_own_re_imports(alice, dave):
    from learning.services.documents import document_copy

    document = seed_document(alice)
    source_correction_add(document=document, user=alice, original=TYPO, corrected=FIXED)
    copy = document_copy(document=document, user=dave)
    assert copy.corrections.get().corrected == FIXED
    document_import(text=EDITED_SEED, user=dave, target=copy)
    assert TYPO not in _everything_built(copy)


def test_the_edit_page_opens_for_every_kind_and_saves_it_unchanged(alice):
    document = seed_document(alice)
    client = client_for(alice)
    for kind in Question.Type.values:
        question = document.questions.filter(type=kind).first()
        if question is None:
            continue
        page = client.get(f"/questions/{question.pk}/edit/")
        assert page.status_code == 200, kind
        before = (question.choices, question.items, question.answer)
        saved = client.post(f"/questions/{question.pk}/edit/", page.context["form"].initial)
        assert saved.status_code == 302, (kind, saved.context and saved.context["form"].errors)
        question.refresh_from_db()
        assert (question.choices, question.items, question.answer) == before, kind
