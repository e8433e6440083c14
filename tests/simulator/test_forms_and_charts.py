"""The run form a student understands (unit pickers, presets, readable bounds) and charts drawn on first view."""

import pytest
from django.core.cache import cache

from simulator.charts import chart_cache_key
from simulator.models import SimulationRun
from tests.simulator.finished_runs import finished_run

AVAILABILITY = {
    "copies": "3",
    "join_rate": "2",
    "join_rate_unit": "per_h",
    "leave_rate": "0.5",
    "leave_rate_unit": "per_min",
    "server_uptime": "99.5",
    "server_repair_s": "2",
    "server_repair_s_unit": "h",
    "duration_s": "30",
    "duration_s_unit": "day",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_it_takes_a_file_size_in_gigabytes_and_rates_per_hour(web, bob):
    client = web(bob)
    response = client.post(
        "/simulations/file_distribution/",
        {
            "file_size_bits": "1",
            "file_size_bits_unit": "GB",
            "server_upload_bps": "100",
            "server_upload_bps_unit": "Mbps",
            "peers": "30",
            "peer_download_bps": "50",
            "peer_download_bps_unit": "Mbps",
            "peer_upload_bps": "10",
            "peer_upload_bps_unit": "Mbps",
            "peer_upload_spread": "0",
            "chunks": "64",
            "free_rider_fraction": "20",
        },
    )
    run = SimulationRun.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert run.params["file_size_bits"] == 8e9 and run.params["server_upload_bps"] == 100e6
    assert run.params["free_rider_fraction"] == 0.2 and run.params["peers"] == 30
    SimulationRun.objects.filter(pk=run.pk).update(status="succeeded")  # fair use: one active run at a time

    client.post("/simulations/availability/", AVAILABILITY)
    availability = SimulationRun.objects.get(kind="availability")
    assert availability.params["join_rate"] == pytest.approx(2 / 3600)
    assert availability.params["leave_rate"] == pytest.approx(1 / 120)
    assert availability.params["server_uptime"] == pytest.approx(0.995)
    assert availability.params["server_repair_s"] == 7200 and availability.params["duration_s"] == 30 * 86400


def test_it_refuses_a_size_beyond_the_bound_saying_the_bound_in_readable_units(web, bob):
    response = web(bob).post(
        "/simulations/file_distribution/",
        {"file_size_bits": "2", "file_size_bits_unit": "TB", "peers": "10", "chunks": "8"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200 and not SimulationRun.objects.exists()
    assert "Enter a value between 8 bit and 10,000 Gbit." in page


def test_it_accepts_a_bound_typed_as_shown(web, bob):
    # 1e-7 per second reads "0.00036 per hour"; typing that back is the bound itself, not an error.
    web(bob).post("/simulations/availability/", {**AVAILABILITY, "join_rate": "0.00036", "join_rate_unit": "per_h"})
    assert SimulationRun.objects.get().params["join_rate"] == pytest.approx(1e-7)


def test_it_fills_the_form_from_a_preset(web, bob):
    client = web(bob)
    page = client.get("/simulations/file_distribution/?preset=class_of_30", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="peers" value="30"' in page and "A class of 30 downloading a 1 GB video" in page
    assert 'href="?preset=swarm_1000"' in page and 'href="?preset=textbook"' in page
    unknown = client.get("/simulations/file_distribution/?preset=nope").content.decode()
    assert 'name="peers" value="100"' in unknown


def test_it_draws_a_chart_on_first_view_in_the_readers_language_and_caches_it(web, bob):
    run = finished_run(bob, "file_distribution")
    client = web(bob)
    assert cache.get(chart_cache_key(run.pk, "time_vs_n", "vi")) is None
    vi = client.get(f"/simulations/runs/{run.pk}/charts/time_vs_n.svg", HTTP_ACCEPT_LANGUAGE="vi")
    assert vi.status_code == 200 and vi["Content-Type"] == "image/svg+xml"
    assert "thời gian phân phối (giây)" in vi.content.decode()
    assert cache.get(chart_cache_key(run.pk, "time_vs_n", "vi")) == vi.content.decode()
    assert cache.get(chart_cache_key(run.pk, "time_vs_n", "en")) is None
    en = client.get(f"/simulations/runs/{run.pk}/charts/time_vs_n.svg", HTTP_ACCEPT_LANGUAGE="en")
    assert "distribution time (s)" in en.content.decode()
    # The cached drawing is served again (the run's data never changes once finished).
    cache.set(chart_cache_key(run.pk, "time_vs_n", "vi"), "<svg>cached</svg>")
    again = client.get(f"/simulations/runs/{run.pk}/charts/time_vs_n.svg", HTTP_ACCEPT_LANGUAGE="vi")
    assert again.content == b"<svg>cached</svg>"
    assert client.get(f"/simulations/runs/{run.pk}/charts/nope.svg").status_code == 404


def test_it_puts_the_language_in_chart_urls_so_a_browser_cache_does_not_mix_them(web, bob):
    run = finished_run(bob, "lookup")
    client = web(bob)
    vi = client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    en = client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "success_vs_ttl.svg?v=" in vi and "&amp;l=vi" in vi and "&amp;l=en" in en


def test_it_does_not_draw_charts_of_a_run_that_has_not_finished(web, bob):
    run = finished_run(bob, "lookup")
    SimulationRun.objects.filter(pk=run.pk).update(status="running")
    assert web(bob).get(f"/simulations/runs/{run.pk}/charts/success_vs_ttl.svg").status_code == 404


def test_it_shows_contributors_and_free_riders_apart_on_the_run_page(web, bob):
    run = finished_run(bob, "file_distribution", {"peers": 50, "chunks": 16, "free_rider_fraction": 0.2})
    client = web(bob)
    page = client.get(f"/simulations/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Thời điểm tải xong theo nhóm (mô phỏng)" in page and "Peer đóng góp" in page
    assert "Kẻ ăn theo (free-rider)" in page and "completion_by_group.svg" in page
    svg = client.get(f"/simulations/runs/{run.pk}/charts/completion_by_group.svg", HTTP_ACCEPT_LANGUAGE="vi")
    assert "kẻ ăn theo" in svg.content.decode() and "peer đóng góp" in svg.content.decode()
