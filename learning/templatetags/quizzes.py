"""Template filters of the quiz pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from learning.content.answers import answer_texts

register = template.Library()


@register.filter
def key_text(question) -> str:
    """A question's key as the teacher reads it (choice texts, matching pairs, cloze term)."""
    return "; ".join(answer_texts(question.type, question.choices, question.items, question.answer, item_chars=40))


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
