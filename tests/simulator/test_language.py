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
