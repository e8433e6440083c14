"""Template filters of the quiz pages."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def key_text(question) -> str:
    """A question's key as the teacher reads it (choice texts, matching pairs, cloze term)."""
    choices = {c["id"]: c["text"] for c in question.choices}
    key = question.answer
    if question.type == "matching":
        items = {i["id"]: i["text"] for i in question.items}
        return "; ".join(f"{items.get(k, k)[:40]}… → {choices.get(v, v)}" for k, v in key.items())
    if isinstance(key, list):
        return "; ".join(choices.get(k, k) for k in key)
    return choices.get(key, str(key))


KIND_LABELS = {
    "which_model": _("Which model"),
    "true_false": _("True or false"),
    "multiple_choice": _("Multiple choice"),
    "multi_select": _("Several answers"),
    "matching": _("Matching"),
    "comparative": _("Comparison"),
    "cloze": _("Fill in the blank"),
}


@register.filter
def kind_label(question_type: str) -> str:
    return KIND_LABELS.get(question_type, question_type)


@register.simple_tag
def student_attempts(student):
    """A student's quiz attempts, newest first, for their teacher's page (the page checked the access)."""
    from learning.selectors.quizzes import attempts_of_student

    return list(attempts_of_student(student=student)[:200])
