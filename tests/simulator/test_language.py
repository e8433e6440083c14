"""The simulator speaks the reader's language: pages, forms, finished runs, charts (SVG text) and the API.

One mechanism (gettext): the engine returns English msgids and numbers, the Django layer translates them. A
Vietnamese page shows none of the engine's English texts, an English page no Vietnamese.
"""

import html
import re

import pytest
from django.core.cache import cache
from django.utils import translation

from simulator.engine import KINDS, validate_params
from simulator.models import SimulationRun
from simulator.units import UNITS
from tests.simulator.finished_runs import finished_run

REAL_KINDS = ("file_distribution", "lookup", "server_load", "availability")
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]")


def _main(page: str) -> str:
    """The visible text of <main> (the language switch and footer are not the simulator's)."""
    body = page.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _english_texts(kind_name: str, result: dict | None = None) -> set[str]:
    """Every English text of a kind (and of a run's charts) whose Vietnamese translation differs."""
    kind = KINDS[kind_name]
    texts = {kind.title, kind.description, *(p.label for p in kind.params), *(p.help for p in kind.params)}
    texts |= {p.label for p in kind.presets}
    for chart in (result or {}).get("charts", []):
        texts |= {chart["title"], chart["x_label"], chart["y_label"], *(s["name"] for s in chart["series"])}
    texts |= {str(u.label) for unit in UNITS.values() for u in unit}
    with translation.override("vi"):
        return {t for t in texts if t and "%(" not in t and translation.gettext(t) != t and len(t) > 3}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_it_shows_the_vietnamese_form_without_english_labels_units_or_help(web, bob, kind):
    page = web(bob).get(f"/simulations/{kind}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    text = _main(page)
    leaked = [t for t in _english_texts(kind) if t in text]
    assert not leaked, leaked
    assert not re.search(r"\de[+-]?\d", text), "a bound in scientific notation"
    with translation.override("vi"):
        assert translation.gettext(KINDS[kind].title) in text


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_it_shows_the_english_form_without_vietnamese(web, bob, kind):
    text = _main(web(bob).get(f"/simulations/{kind}/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert not VIETNAMESE_LETTERS.search(text), VIETNAMESE_LETTERS.findall(text)[:10]
    assert KINDS[kind].title in text


def test_it_shows_the_index_in_vietnamese_and_in_english(web, bob):
    client = web(bob)
    vi = _main(client.get("/simulations/", HTTP_ACCEPT_LANGUAGE="vi").content.decode())
    for kind in REAL_KINDS:
        leaked = [t for t in (KINDS[kind].title, KINDS[kind].description) if t in vi]
        assert not leaked, leaked
    en = _main(client.get("/simulations/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert not VIETNAMESE_LETTERS.search(en), VIETNAMESE_LETTERS.findall(en)[:10]


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_it_shows_a_finished_run_and_its_charts_in_the_readers_language(web, bob, kind):
    run = finished_run(bob, kind)
    client = web(bob)
    vi_page = client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    vi = _main(vi_page)
    leaked = [t for t in _english_texts(kind, run.result) if t in vi]
    assert not leaked, leaked
    assert not re.search(r"\de[+-]?\d", vi)
    en_page = client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    en = _main(en_page)
    assert not VIETNAMESE_LETTERS.search(en), VIETNAMESE_LETTERS.findall(en)[:10]
    # The charts' own text (axes, legend) is in the page's language too.
    for chart in run.result["charts"]:
        with translation.override("vi"):
            y_vi = translation.gettext(chart["y_label"])
        svg_vi = client.get(f"/simulations/runs/{run.pk}/charts/{chart['id']}.svg", HTTP_ACCEPT_LANGUAGE="vi")
        svg_en = client.get(f"/simulations/runs/{run.pk}/charts/{chart['id']}.svg", HTTP_ACCEPT_LANGUAGE="en")
        assert svg_vi.status_code == svg_en.status_code == 200
        vi_text = html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg_vi.content.decode())))
        en_text = html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg_en.content.decode())))
        assert y_vi in vi_text and chart["y_label"] in en_text
        if y_vi != chart["y_label"]:
            assert chart["y_label"] not in vi_text
        assert not VIETNAMESE_LETTERS.search(en_text), en_text


def test_it_formats_numbers_per_locale(web, bob):
    run = finished_run(bob, "availability")
    client = web(bob)
    vi = _main(client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode())
    en = _main(client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert re.search(r"\d+,\d %", vi) and not re.search(r"\d+\.\d %", vi)  # vi: 69,2 %
    assert re.search(r"\d+\.\d%", en)  # en: 69.2%


def test_it_answers_the_api_summary_and_kind_labels_in_the_requests_language(api, bob):
    run = finished_run(bob, "file_distribution")
    client = api(bob)
    vi = client.get(f"/api/v1/simulations/{run.pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = client.get(f"/api/v1/simulations/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert vi["result"]["summary"].startswith("Với N = ") and en["result"]["summary"].startswith("With N = ")
    assert "summary_vi" not in vi["result"]
    assert vi["result"]["analytic"] == en["result"]["analytic"] == run.result["analytic"]
    kinds = client.get("/api/v1/simulations/kinds/", HTTP_ACCEPT_LANGUAGE="vi").json()["results"]
    fd = next(k for k in kinds if k["kind"] == "file_distribution")
    assert fd["title"] == "Phân phối tệp: Client-Server và P2P"
    assert next(p for p in fd["params"] if p["name"] == "peers")["label"] == "Số peer N"
    assert next(p for p in fd["params"] if p["name"] == "peers")["unit"] == "count"  # the contract stays SI


def test_it_names_a_bad_parameter_in_the_requests_language_with_readable_bounds(api, bob):
    client = api(bob)
    body = {"kind": "file_distribution", "params": {"file_size_bits": 1e20}}
    vi = client.post("/api/v1/simulations/", body, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    en = client.post("/api/v1/simulations/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 400
    assert vi.json()["params.file_size_bits"] == ["phải nằm trong khoảng từ 8 bit đến 10 Tbit"]
    assert en.json()["params.file_size_bits"] == ["must be between 8 bit and 10 Tbit"]
    assert not SimulationRun.objects.exists()


def test_it_keeps_the_engine_free_of_language():
    kind = KINDS["availability"]
    clean, errors = validate_params(kind, {"copies": 3})
    result = kind.run({**clean, "duration_s": 86400.0}, seed=1)
    assert "summary" not in result and "summary_vi" not in result
    assert result["charts"][1]["title"] == "Copies online (k = %(k)s) and the server, first %(hours)s h"
    assert result["charts"][1]["title_args"]["k"] == 3


def test_it_lists_each_kinds_presets_in_the_api(api, bob):
    kinds = api(bob).get("/api/v1/simulations/kinds/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    fd = next(k for k in kinds if k["kind"] == "file_distribution")
    textbook = next(p for p in fd["presets"] if p["slug"] == "textbook")
    assert textbook["label"] == "The textbook problem (F = 15 Gbit, N = 100)" and textbook["params"] == {}
    class_of_30 = next(p for p in fd["presets"] if p["slug"] == "class_of_30")
    assert class_of_30["params"]["peers"] == 30 and class_of_30["params"]["file_size_bits"] == 8e9


# --- Exercises: the seed's texts are English msgids, translated when shown (one mechanism, gettext) ---

EXERCISE_SLUG = "file-distribution-server-bottleneck"


def _seed_texts(spec: dict) -> set[str]:
    """Every text of a seed exercise (title, intro, prompts, choices, observation labels) that Vietnamese changes."""
    texts = {spec["title"], spec["intro"]}
    for q in spec["predictions"] + spec["questions"] + spec.get("observations", []):
        texts |= {q.get("prompt", ""), q.get("label", ""), *(c["text"] for c in q.get("choices", []))}
    with translation.override("vi"):
        return {t for t in texts if t and translation.gettext(t) != t}


@pytest.fixture
def seeded(db):
    from django.core.management import call_command

    call_command("seed_exercises", "--no-check")


def test_every_seed_exercise_text_is_a_msgid_with_its_vietnamese():
    from simulator.seeds import EXERCISES

    for spec in EXERCISES:
        texts = {spec["title"], spec["intro"]}
        for q in spec["predictions"] + spec["questions"] + spec.get("observations", []):
            texts |= {q.get("prompt", ""), q.get("label", ""), *(c["text"] for c in q.get("choices", []))}
        for text in filter(None, texts):
            assert isinstance(text, str) and not VIETNAMESE_LETTERS.search(text), (spec["slug"], text)
            with translation.override("vi"):
                shown = translation.gettext(text)
            assert shown != text or text in ("Client-server", "Peer-to-peer", "DHT"), (spec["slug"], text)


def test_it_shows_the_exercise_list_and_an_exercise_in_the_readers_language(web, api, bob, seeded):
    from simulator.models import Exercise
    from simulator.seeds import EXERCISES

    english = set().union(*(_seed_texts(s) for s in EXERCISES))
    exercise = Exercise.objects.get(slug=EXERCISE_SLUG)
    client = web(bob)
    for url in ("/simulations/exercises/", f"/simulations/exercises/{exercise.pk}/"):
        vi = _main(client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode())
        leaked = [t for t in english | _english_texts("file_distribution") if t in vi]
        assert not leaked, (url, leaked)
        with translation.override("vi"):
            assert translation.gettext(exercise.title) in vi
        en = _main(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
        assert not VIETNAMESE_LETTERS.search(en), (url, VIETNAMESE_LETTERS.findall(en)[:10])
        assert exercise.title in en
    rest = api(bob)
    for url in ("/api/v1/exercises/", f"/api/v1/exercises/{exercise.pk}/"):
        vi = rest.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode("utf-8")
        en = rest.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8")
        import json

        vi_text = json.dumps(json.loads(vi), ensure_ascii=False)
        leaked = [t for t in english if t in vi_text]
        assert not leaked, (url, leaked)
        assert not VIETNAMESE_LETTERS.search(json.dumps(json.loads(en), ensure_ascii=False)), url


def test_it_shows_a_graded_submission_and_its_explanations_in_the_readers_language(
    web, api, bob, seeded, django_capture_on_commit_callbacks
):
    import json

    from simulator import services
    from simulator.models import Exercise, ExerciseSubmission
    from simulator.seeds import EXERCISES

    spec = next(s for s in EXERCISES if s["slug"] == EXERCISE_SLUG)
    exercise = Exercise.objects.get(slug=EXERCISE_SLUG)
    rest = api(bob)
    started = rest.post(
        f"/api/v1/exercises/{exercise.pk}/submissions/",
        {"predictions": {"cs_limit": "download", "faster": "client_server"}},
        format="json",
    )
    assert started.status_code == 201, started.content
    body = started.json()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_execute(run_id=body["run"]["id"])
    answered = rest.post(
        f"/api/v1/exercise-submissions/{body['id']}/answers/",
        {"answers": {"cs_time": 1.0, "p2p_time": 1.0}},
        format="json",
    )
    assert answered.status_code in (200, 201), answered.content
    submission = ExerciseSubmission.objects.get(pk=body["id"])
    assert submission.status == ExerciseSubmission.Status.GRADED

    english = _seed_texts(spec) | _english_texts("file_distribution")
    page_vi = _main(
        web(bob).get(f"/simulations/exercises/submissions/{submission.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    )
    leaked = [t for t in english if t in page_vi]
    assert not leaked, leaked
    assert "Client-server" in page_vi and "giây" in page_vi  # the explanations are there, in Vietnamese
    assert not re.search(r"\b(the|The|bound|limits|upload)\b", page_vi), re.findall(
        r".{30}\b(?:the|The)\b.{30}", page_vi
    )
    page_en = _main(
        web(bob).get(f"/simulations/exercises/submissions/{submission.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert not VIETNAMESE_LETTERS.search(page_en), VIETNAMESE_LETTERS.findall(page_en)[:10]
    assert "F/d_min" in page_en  # the explanation of the client-server bound

    vi = rest.get(f"/api/v1/exercise-submissions/{submission.pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = rest.get(f"/api/v1/exercise-submissions/{submission.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    vi_text = json.dumps(vi, ensure_ascii=False)
    assert not [t for t in english if t in vi_text]
    assert not VIETNAMESE_LETTERS.search(json.dumps(en, ensure_ascii=False))
    explanations_vi = [r["explanation"] for r in vi["results"]]
    explanations_en = [r["explanation"] for r in en["results"]]
    assert all(explanations_vi) and all(explanations_en) and explanations_vi != explanations_en
    assert all(VIETNAMESE_LETTERS.search(text) for text in explanations_vi)


def test_a_bad_seed_or_kind_is_refused_in_the_requests_language(api, bob):
    client = api(bob)
    for body, field in (
        ({"kind": "file_distribution", "params": {}, "seed": -1}, "seed"),
        ({"kind": "nope", "params": {}}, "kind"),
    ):
        vi = client.post("/api/v1/simulations/", body, format="json", HTTP_ACCEPT_LANGUAGE="vi")
        en = client.post("/api/v1/simulations/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert vi.status_code == en.status_code == 400, (vi.content, en.content)
        assert vi.json()[field] != en.json()[field], vi.json()
    assert not SimulationRun.objects.exists()


def test_a_bad_prediction_is_refused_in_the_requests_language(api, bob):
    from tests.factories_simulator import ExerciseFactory

    exercise = ExerciseFactory()
    client = api(bob)
    url = f"/api/v1/exercises/{exercise.pk}/submissions/"
    body = {"predictions": {"faster": "nope", "extra": 1}}
    vi = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    en = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 400
    assert en.json()["predictions.faster"] == ["must be one of: cs, p2p, tie"]
    assert vi.json()["predictions.faster"] == ["phải là một trong: cs, p2p, tie"]
    assert vi.json()["predictions.extra"] == ["câu hỏi không có trong bài"]
    assert not SimulationRun.objects.exists()
