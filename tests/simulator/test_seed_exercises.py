"""The seed exercises: one or more per kind, tied to the seed document's differences, idempotent, keys checked."""

from django.core.management import call_command

from learning.models import Lesson
from learning.services.documents import document_import
from simulator.engine import KINDS
from simulator.models import Exercise
from simulator.seeds import EXERCISES


def test_it_seeds_exercises_tied_to_the_differences_and_runs_again_without_duplicates(db, seed_text):
    document = document_import(text=seed_text, filename="client-server-vs-p2p.vi.md")
    call_command("seed_exercises")
    call_command("seed_exercises", "--no-check")
    available = [spec for spec in EXERCISES if spec["kind"] in KINDS]
    assert Exercise.objects.count() == len(available)
    assert {e.kind for e in Exercise.objects.all()} == {"file_distribution", "lookup", "server_load", "availability"}
    assert all(e.published and e.document == document for e in Exercise.objects.all())
    by_slug = {e.slug: e for e in Exercise.objects.all()}
    sources = {d.key: d.source for d in document.differences.all()}
    assert "tắc nghẽn" in sources[by_slug["server-load-bottleneck"].difference_keys[0]]
    assert "mở rộng" in sources[by_slug["file-distribution-textbook-n10"].difference_keys[0]]
    assert "ổn định" in sources[by_slug["availability-three-copies"].difference_keys[0]]
    assert "tra cứu" in by_slug["lookup-index-down"].lesson.markdown


def test_it_seeds_without_the_document_too(db):
    call_command("seed_exercises", "--no-check")
    assert Exercise.objects.filter(document__isnull=True).count() == len([s for s in EXERCISES if s["kind"] in KINDS])


def test_the_differences_lesson_links_to_its_exercises(seed_text, web, bob):
    document = document_import(text=seed_text, filename="client-server-vs-p2p.vi.md")
    call_command("seed_exercises", "--no-check")
    lesson = Lesson.objects.get(document=document, key__startswith="su-khac-biet")
    html = web(bob).get(f"/lessons/{lesson.pk}/").content.decode()
    shown = (
        "server-load-bottleneck",
        "file-distribution-textbook-n10",
        "availability-eight-copies",
        "availability-churn",
    )
    for slug in shown:
        assert f"/simulations/exercises/{Exercise.objects.get(slug=slug).pk}/" in html


def test_every_difference_a_simulation_can_show_has_an_exercise_tied_to_it(db, seed_text):
    document = document_import(text=seed_text, filename="client-server-vs-p2p.vi.md")
    call_command("seed_exercises", "--no-check")
    tied = {key for e in Exercise.objects.filter(published=True) for key in e.difference_keys}
    by_words = {d.source: d.key for d in document.differences.all()}
    # Dedicated server vs every node; data stored centrally; congestion at the server; "more scalable and stable".
    for words in ("chuyên dụng", "lưu trữ tập trung", "tắc nghẽn", "mở rộng và ổn định"):
        key = next(k for source, k in by_words.items() if words in source)
        assert key in tied, words
    claim = Exercise.objects.get(slug="claim-client-server-scales-better")
    assert [q["key"] for q in claim.predictions] == ["claim_holds"]  # predict first, then confront
    assert claim.attempts_allowed == 3


def test_every_seed_exercise_draws_valid_parameters_and_explains_every_answer(db):
    from simulator.engine import validate_params
    from simulator.explanations import EXPLAINERS
    from simulator.services.exercises import attempt_draw

    call_command("seed_exercises", "--no-check")
    for exercise in Exercise.objects.all():
        assert all(q.get("explain") in EXPLAINERS for q in exercise.predictions + exercise.questions), exercise.slug
        draws = {str(attempt_draw(exercise=exercise, student_id=7, number=n)[0]) for n in range(1, 6)}
        assert len(draws) > 1, exercise.slug  # a new attempt gets new values, so an old run answers nothing
        for n in range(1, 6):
            params, _seed = attempt_draw(exercise=exercise, student_id=7, number=n)
            assert validate_params(KINDS[exercise.kind], params)[1] == {}, (exercise.slug, params)


def test_the_mastery_view_links_each_simulable_difference_to_its_exercise(seed_text, web, alice, classroom):
    document = document_import(text=seed_text, filename="client-server-vs-p2p.vi.md")
    call_command("seed_exercises", "--no-check")
    html = web(alice).get(f"/classes/{classroom.pk}/mastery/?document={document.slug}").content.decode()
    for slug in ("file-distribution-server-bottleneck", "availability-churn", "server-load-bottleneck"):
        assert f'data-target="exercise:{Exercise.objects.get(slug=slug).pk}"' in html, slug
    claim = Exercise.objects.get(slug="claim-client-server-scales-better")
    assert f"/simulations/exercises/{claim.pk}/" in html
