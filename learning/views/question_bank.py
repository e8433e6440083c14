"""Browser pages of the teacher's question bank: list, enable or disable, edit and add questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from learning.access import access_editable_document_by_slug, access_question_by_id
from learning.forms import form_add_service_errors
from learning.forms.quizzes import NewQuestionForm, QuestionForm
from learning.models import Question
from learning.services.quizzes import (
    lines_with_ids,
    question_create,
    question_set_enabled,
    question_update,
)

# --------------------------------------------------------------------------- helpers


def _bank_document(request, slug: str):
    return access_editable_document_by_slug(request.user, slug)


@login_required
def question_bank(request, slug: str):
    document = _bank_document(request, slug)
    questions = document.questions.select_related("lesson").order_by("position", "pk")
    return render(
        request,
        "quizzes/bank.html",
        {"document": document, "questions": questions, "quizzes": document.quizzes.order_by("mode", "pk")},
    )


@login_required
@require_POST
def question_toggle(request, pk: int):
    question = access_question_by_id(request.user, pk)
    question_set_enabled(question=question, teacher=request.user, enabled=not question.enabled)
    if request.htmx:
        return render(request, "quizzes/_bank_row.html", {"q": question, "document": question.document})
    return redirect("question-bank", slug=question.document.slug)


MATCHING_ANSWER_LABEL = gettext_lazy(
    "Right answer: for each statement in order, the number of its choice (e.g. 2, 1, 1)"
)


def _numbers(text: str, choices: list[dict]) -> list[str]:
    ids = []
    for n in (n.strip() for n in text.split(",")):
        if not n.isdigit() or not 1 <= int(n) <= len(choices):
            raise ValidationError({"answer": [_("Use the numbers of the choices (1 to %(n)s).") % {"n": len(choices)}]})
        ids.append(choices[int(n) - 1]["id"])
    return ids


def _answer_from_text(question_type: str, text: str, choices: list[dict], items: list[dict] | None = None):
    text = text.strip()
    if not text:
        return None
    if question_type == "cloze":
        return text
    if question_type == "true_false" and "true" not in {c["id"] for c in choices}:
        # A new question: its two choices are made by the service.
        return {"1": "true", "2": "false"}.get(text, text)
    ids = _numbers(text, choices)
    if question_type == "matching":
        if len(ids) != len(items or []):
            raise ValidationError({"answer": [_("Give one choice number for each statement.")]})
        return {item["id"]: id_ for item, id_ in zip(items, ids, strict=True)}
    return sorted(set(ids)) if question_type == "multi_select" else ids[0]


def _answer_as_text(question: Question) -> str:
    if question.type == "cloze":
        return str(question.answer)
    ids = [c["id"] for c in question.choices]
    if question.type == "matching":
        key = question.answer if isinstance(question.answer, dict) else {}
        return ", ".join(str(ids.index(key[i["id"]]) + 1) if key.get(i["id"]) in ids else "" for i in question.items)
    keys = question.answer if isinstance(question.answer, list) else [question.answer]
    return ", ".join(str(ids.index(k) + 1) for k in keys if k in ids)


@login_required
def question_edit(request, pk: int):
    """Every part of a generated or own question (prompt, choices, matching statements, key, explanation)."""
    question = access_question_by_id(request.user, pk)
    editable_choices = question.type != "cloze"
    lines = "\n".join
    initial = {
        "prompt": question.prompt,
        "explanation": question.explanation,
        "choices": lines(c["text"] for c in question.choices),
        "items": lines(i["text"] for i in question.items),
        "answer": _answer_as_text(question),
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if question.type == "matching":
        form.fields["answer"].label = MATCHING_ANSWER_LABEL
    else:
        del form.fields["items"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            texts = [t for t in data["choices"].splitlines() if t.strip()] if editable_choices else None
            item_texts = [t for t in data["items"].splitlines() if t.strip()] if "items" in data else None
            # The key is read against the choices and statements as the form now has them.
            shown_choices = lines_with_ids(question.choices, texts, prefix="c") if texts else question.choices
            shown_items = lines_with_ids(question.items, item_texts, prefix="s") if item_texts else question.items
            answer = _answer_from_text(question.type, data["answer"], shown_choices, shown_items)
            question_update(
                question=question,
                teacher=request.user,
                prompt=data["prompt"],
                explanation=data["explanation"],
                choice_texts=texts,
                item_texts=item_texts,
                answer=answer,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("question-bank", slug=question.document.slug)
    return render(
        request,
        "quizzes/question_form.html",
        {"form": form, "question": question, "document": question.document, "editable_choices": editable_choices},
        status=400 if form.errors else 200,
    )


@login_required
def question_new(request, slug: str):
    document = _bank_document(request, slug)
    form = NewQuestionForm(request.POST or None)
    del form.fields["items"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = [t for t in data["choices"].splitlines() if t.strip()]
        try:
            placeholder = [{"id": f"c{i}"} for i in range(1, len(texts) + 1)]
            question_create(
                document=document,
                teacher=request.user,
                type=data["type"],
                prompt=data["prompt"],
                explanation=data["explanation"],
                choice_texts=texts,
                answer=_answer_from_text(data["type"], data["answer"], placeholder),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("question-bank", slug=document.slug)
    return render(
        request,
        "quizzes/question_form.html",
        {"form": form, "question": None, "document": document, "editable_choices": True},
        status=400 if form.errors else 200,
    )
