"""Reads of the LTI integration."""

from django.apps import apps

from learning.models import Lesson, LtiUser, Quiz
from learning.services.targets import Target, target_resolve


def linkable_targets() -> list[Target]:
    """Lessons, published quizzes and simulation exercises a teacher can place in an LMS course."""
    targets = [
        Target("lesson", lesson.pk, lesson.title, f"/lessons/{lesson.pk}/", lesson.document_id)
        for lesson in Lesson.objects.filter(document__published=True).only("id", "title", "document_id")
    ]
    targets += [
        Target("quiz", quiz.pk, quiz.title, f"/quizzes/{quiz.pk}/", quiz.document_id)
        for quiz in Quiz.objects.filter(published=True, document__published=True).only("id", "title", "document_id")
    ]
    # `learning` never imports `simulator`: exercises are found by app label and resolved by the registry.
    try:
        exercise_model = apps.get_model("simulator", "Exercise")
    except LookupError:
        exercise_model = None
    if exercise_model is not None:
        exercises = exercise_model.objects.order_by("pk")
        if any(f.name == "published" for f in exercise_model._meta.get_fields()):
            exercises = exercises.filter(published=True)
        for pk in exercises.values_list("pk", flat=True)[:200]:
            target = target_resolve("exercise", pk)
            if target is not None:
                targets.append(target)
    return targets


def lti_user_for(*, user, issuer: str, client_id: str, sub: str) -> LtiUser | None:
    return LtiUser.objects.filter(user=user, platform__issuer=issuer, platform__client_id=client_id, sub=sub).first()
