"""No 500 from a number: every id in a path is bounded by its converter, ids in query strings and bodies too.

Alice (a teacher with a class) walks every URL pattern that takes a number, with numbers the database cannot
hold, and with the largest one it can.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from learning.ids import MAX_ID, IdConverter, id_parse, ids_parse

HUGE = ["9" * 30, str(MAX_ID + 1)]


def numbered_routes():
    """(route string, {name: converter}) of every URL pattern, prefixes included."""
    found = []

    def walk(patterns, prefix, converters):
        for entry in patterns:
            pattern = entry.pattern
            route = prefix + str(pattern)
            conv = {**converters, **getattr(pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, conv)
            elif isinstance(entry, URLPattern):
                found.append((route, conv))

    walk(get_resolver().url_patterns, "/", {})
    return [(route, conv) for route, conv in found if conv]


def fill(route: str, converters: dict, number: str) -> str:
    path = route
    for name, converter in converters.items():
        kind = "id" if isinstance(converter, IdConverter) else type(converter).__name__
        value = number if kind in ("id", "IntConverter") else "x"
        path = path.replace(f"<{_type_name(converter)}:{name}>", value)
    return path.replace("^", "").replace("$", "")


def _type_name(converter) -> str:
    return {IdConverter: "id", IntConverter: "int"}.get(
        type(converter), type(converter).__name__.removesuffix("Converter").lower()
    )


def test_every_numbered_url_uses_the_bounded_id_converter():
    routes = numbered_routes()
    assert len(routes) > 30
    plain = [route for route, conv in routes if any(isinstance(c, IntConverter) for c in conv.values())]
    assert plain == [], "use <id:...> (learning/ids.py), not <int:...>"


@pytest.mark.django_db
def test_a_huge_id_in_any_path_is_a_404_and_the_largest_id_no_500(client, alice, classroom):
    client.force_login(alice)
    routes = [(r, c) for r, c in numbered_routes() if any(isinstance(v, IdConverter) for v in c.values())]
    assert routes
    for route, conv in routes:
        for number in HUGE:
            path = fill(route, conv, number)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                assert response.status_code == 404, (method, path, response.status_code)
        path = fill(route, conv, str(MAX_ID))
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code < 500, (method, path, response.status_code)


def test_id_parsing_helpers():
    assert id_parse("42") == 42 and id_parse(" 7 ") == 7 and id_parse(str(MAX_ID)) == MAX_ID
    for bad in ("", "-1", "1.0", "²", "١٢", "9" * 20, str(MAX_ID + 1), None, "0x10", True):
        assert id_parse(bad) is None, bad
    assert ids_parse("3,1,3,,x,²," + "9" * 40 + ",2,5,6", limit=4) == [3, 1, 2, 5]


@pytest.mark.django_db
def test_compare_with_huge_or_odd_run_ids_is_not_a_500(client, bob):
    client.force_login(bob)
    for runs in ("9" * 30, f"{MAX_ID},{MAX_ID + 1}", "²", "1,-2,x"):
        response = client.get("/simulations/compare/", {"runs": runs})
        assert response.status_code in (200, 400, 404), (runs, response.status_code)


@pytest.mark.django_db
def test_a_huge_number_in_a_json_body_is_not_a_500(api, alice, bob, classroom):
    response = api(alice).post(
        f"/api/v1/classes/{classroom.pk}/assignments/",
        {"target_type": "lesson", "target_id": 10**30, "due_at": "2030-01-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code in (400, 404), response.content[:300]
    response = api(bob).post(
        "/api/v1/simulations/", {"kind": "file_distribution", "params": {"n": 10**40}}, format="json"
    )
    assert response.status_code in (400, 429), response.content[:300]
