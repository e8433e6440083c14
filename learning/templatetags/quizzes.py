"""Template filters of the quiz pages."""

from django import template

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
