"""The dashboard names Bob's weakest difference, offers a Learn session on it and lists its due cards."""

from django.utils import timezone
from django.utils.html import escape

from learning.models import Flashcard, LearnAnswer, LearnSession
from learning.selectors.progress import difference_label
from tests.factories_quizzes import seed_document


def test_it_names_the_weakest_difference_and_starts_a_learn_session_on_it(client, bob):
    document = seed_document()
    first, second = document.differences.order_by("position")[:2]
    now = timezone.now()
    session = LearnSession.objects.create(student=bob, document=document, started_at=now, updated_at=now)
    for question in first.questions.all()[:2]:  # the first difference has two right answers; the rest none
        LearnAnswer.objects.create(
            session=session,
            student=bob,
            question=question,
            difference=first,
            answer=None,
            correct=True,
            answered_at=now,
        )
    client.force_login(bob)
    page = client.get("/dashboard/").content.decode()
    assert 'id="next-step"' in page
    weakest = page.split('id="weakest-difference">', 1)[1].split("<", 1)[0]
    assert weakest == escape(difference_label(aspect=second.aspect, source=second.source))
    card = Flashcard.objects.get(difference=second, kind="difference")
    assert escape(card.front[:40]) in page.split('id="weakest-cards"', 1)[1]
    response = client.post(f"/documents/{document.slug}/learn/", {"difference": second.pk})
    assert response.status_code == 302
    started = LearnSession.objects.get(student=bob, ended_at__isnull=True)
    assert started.focus_id == second.pk and started.current["difference"] == second.pk
