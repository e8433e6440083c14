"""The pure Markdown parser: the seed, our two comparison documents, sloppy Markdown, XSS, glossary."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning.content import diagrams
from learning.content.markdown import clean_heading, detect_language, fix_spacing, parse_document, slugify_key
from learning.content.types import DocumentError
from tests.conftest import FIXTURES, SEED_DOCUMENT

SEED = SEED_DOCUMENT.read_text(encoding="utf-8")
HTTP_FTP = (FIXTURES / "http-vs-ftp.vi.md").read_text(encoding="utf-8")
SQL_NOSQL = (FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8")


class _Collector(HTMLParser):
    """Every tag with its attributes, to assert on the HTML as a browser would read it."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.tags


def outside_loads(html: str) -> list[str]:
    """Addresses the browser would fetch by itself (src, srcset, stylesheets, CSS url()): none may be absolute."""
    found = []
    for tag, attrs in tags_of(html):
        for name in ("src", "srcset", "data", "poster", "background"):
            if attrs.get(name):
                found.append(f"{tag}[{name}]={attrs[name]}")
        if tag == "link" and attrs.get("href", "").startswith(("http:", "https:", "//")):
            found.append(f"link={attrs['href']}")
        if "url(" in attrs.get("style", ""):
            found.append(f"{tag}[style]")
    return found


# ---------------------------------------------------------------- the seed


def test_it_reads_the_seed_title_language_and_three_sections():
    doc = parse_document(SEED)
    assert doc.title == "Compare peer to peer client-server"
    assert doc.language == "vi"
    assert [s.title for s in doc.sections] == [
        "Định nghĩa Client-Server",
        "Định nghĩa peer to peer",
        "Sự khác biệt giữa peer to peer và client-server",
    ]
    assert [s.key for s in doc.sections] == [
        "dinh-nghia-client-server",
        "dinh-nghia-peer-to-peer",
        "su-khac-biet-giua-peer-to-peer-va-client-server",
    ]
    assert [s.position for s in doc.sections] == [0, 1, 2]


def test_it_keeps_each_section_source_as_written():
    doc = parse_document(SEED)
    assert doc.sections[0].markdown.startswith("### 1.Định nghĩa Client-Server ###")
    assert "** node **" in doc.sections[1].markdown
    assert "- - Khi một node" in doc.sections[1].markdown


def test_it_emboldens_the_seeds_spaced_strong_markers():
    html = parse_document(SEED).sections[1].html
    assert html.count("<strong>node</strong>") == 3
    assert "**" not in html


def test_it_nests_the_seeds_dash_dash_bullets():
    section = parse_document(SEED).sections[1]
    assert re.search(r"Có hai cách để biết node nào cung cấp dịch vụ nào:\s*<ul>\s*<li>Khi một node", section.html)
    depths = [depth for depth, _text in section.bullets]
    assert depths == [0, 0, 1, 1]
    assert section.bullets[2][1].startswith("Khi một node đi vào hệ mô hình của hệ thống")
    assert section.bullets[3][1].startswith("Một node mong muốn cho các dịch vụ cụ thể phát đi yêu cầu")


def test_it_lists_the_seven_differences_as_top_level_bullets():
    section = parse_document(SEED).sections[2]
    assert len(section.bullets) == 7
    assert all(depth == 0 for depth, _ in section.bullets)
    assert section.bullets[5][1] == "Client-Server thì mô hình đắt hơn so với ngang hàng."


def test_it_adds_the_spaces_the_author_forgot_in_what_students_read():
    section = parse_document(SEED).sections[0]
    assert "rộng rãi. Server la một hệ thống" in section.text
    assert "Mặt khác, CLient cho phép" in section.text
    assert "từ xa." in section.text and "từ xa ." not in section.text


def test_it_replaces_both_seed_pictures_with_diagrams_and_credits_the_source():
    doc = parse_document(SEED)
    images = [image for section in doc.sections for image in section.images]
    assert [(i.url, i.diagram) for i in images] == [
        ("https://techdifferences.com/wp-content/uploads/2017/01/Client-Server.jpg", diagrams.CLIENT_SERVER),
        ("https://techdifferences.com/wp-content/uploads/2017/01/Peer-to-Peer.jpg", diagrams.PEER_TO_PEER),
    ]
    for section, kind, url in zip(doc.sections[:2], ["client_server", "peer_to_peer"], images, strict=True):
        tags = tags_of(section.html)
        assert ("img", {}) not in [(t, {}) for t, _ in tags]
        assert f'data-diagram="{kind}"' in section.html
        assert "<svg" in section.html
        links = [attrs for tag, attrs in tags if tag == "a"]
        assert links == [{"href": url.url, "rel": "noopener nofollow"}]
        assert outside_loads(section.html) == []


def test_it_draws_a_server_with_clients_and_a_mesh_of_peers():
    doc = parse_document(SEED)
    client_server, p2p = doc.sections[0].html, doc.sections[1].html
    assert client_server.count('class="dg-client"') == 6 and client_server.count('class="dg-server"') == 1
    assert p2p.count('class="dg-peer"') == 6 and p2p.count("<line ") == 15  # every pair of 6 peers


def test_it_finds_the_glossary_terms_the_seed_defines():
    doc = parse_document(SEED)
    glossary = {entry.key: entry for entry in doc.glossary}
    assert {"client", "server", "peer", "node", "centralized-lookup-service", "broadcast"} <= set(glossary)
    assert glossary["server"].definition == "Server la một hệ thống mạng mẽ lưu trữ dữ liệu hoặc thông tin trong đó."
    assert glossary["client"].definition == "CLient cho phép người dùng truy cập dữ liệu trên máy chủ từ xa."
    assert glossary["peer"].definition == "Một node được gọi là một peer."
    assert "node có thể là client hoặc server" in glossary["node"].definition
    assert "dịch vụ tra cứu tập trung" in glossary["centralized-lookup-service"].definition
    assert "phát đi yêu cầu tới tất cả các node" in glossary["broadcast"].definition
    assert glossary["server"].section_key == "dinh-nghia-client-server"
    assert glossary["broadcast"].section_key == "dinh-nghia-peer-to-peer"
    every_text = " ".join(section.text for section in doc.sections)
    assert all(entry.definition.rstrip(".") in every_text for entry in doc.glossary)


def test_it_leaves_subjects_and_differences_to_the_extractor():
    doc = parse_document(SEED)
    assert doc.subjects == [] and doc.differences == []


# ---------------------------------------------------------------- our two comparison documents


def test_it_parses_the_vietnamese_http_ftp_document():
    doc = parse_document(HTTP_FTP)
    assert doc.title == "So sánh HTTP và FTP"
    assert doc.language == "vi"
    assert [s.title for s in doc.sections] == ["Định nghĩa HTTP", "Định nghĩa FTP", "Sự khác biệt giữa HTTP và FTP"]
    ftp = doc.sections[1]
    assert [depth for depth, _ in ftp.bullets] == [0, 0, 1, 1, 0]
    assert "<strong>Kết nối điều khiển</strong>" in ftp.html
    assert "<strong>Giao thức không trạng thái</strong>" in doc.sections[0].html
    assert "độc lập. Giao thức" in doc.sections[0].text  # the space before the emphasis
    assert len(doc.sections[2].bullets) == 7
    assert {"http", "ftp", "giao-thuc-khong-trang-thai", "ket-noi-dieu-khien"} <= {g.key for g in doc.glossary}
    # "máy chủ" is only mentioned, never defined, in this document: no "Server" entry.
    assert "server" not in {g.key for g in doc.glossary}


def test_it_parses_the_english_sql_nosql_document():
    doc = parse_document(SQL_NOSQL)
    assert doc.title == "SQL vs NoSQL databases"
    assert doc.language == "en"
    assert [s.key for s in doc.sections] == ["what-is-sql", "what-is-nosql", "differences-between-sql-and-nosql"]
    assert "<strong>SQL database</strong>" in doc.sections[0].html
    assert "<strong>foreign keys</strong>; a query language" in doc.sections[0].html
    nosql = doc.sections[1]
    assert [depth for depth, _ in nosql.bullets] == [0, 0, 1, 1, 0]
    assert nosql.bullets[2] == (1, "Document stores keep each record as a JSON-like document.")
    assert len(doc.sections[2].bullets) == 7
    assert doc.sections[0].images[0].diagram == diagrams.GENERIC
    glossary = {g.key: g for g in doc.glossary}
    assert (
        glossary["foreign-keys"].definition
        == "Tables are linked by foreign keys; a query language called SQL joins them."
    )


def test_the_image_of_an_http_lesson_becomes_a_client_server_diagram_from_the_text_around_it():
    # Neither the URL nor "Atom" says which picture it is; the section speaks of "máy chủ web".
    assert parse_document(HTTP_FTP).sections[0].images[0].diagram == diagrams.CLIENT_SERVER


# ---------------------------------------------------------------- headings, keys, language


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("1.Định nghĩa Client-Server ###", "Định nghĩa Client-Server"),
        (" 2. Định nghĩa peer to peer ### ", "Định nghĩa peer to peer"),
        ("3) What is NoSQL?", "What is NoSQL?"),
        ("1.2 Sub part", "Sub part"),
        ("**Bold title** ##", "Bold title"),
        ("HTTP/2 in 3D", "HTTP/2 in 3D"),
    ],
)
def test_it_cleans_headings(raw, clean):
    assert clean_heading(raw) == clean


def test_it_turns_headings_into_ascii_keys():
    assert (
        slugify_key("Sự khác biệt giữa peer to peer và client-server")
        == "su-khac-biet-giua-peer-to-peer-va-client-server"
    )
    assert slugify_key("Đường đi") == "duong-di"
    assert slugify_key("!!!") == "section"


def test_keys_follow_headings_not_positions():
    reordered = "## A vs B\n### 2.Second\n- b text\n### 1.First\n- a text\n"
    keys = [s.key for s in parse_document(reordered).sections]
    assert keys == ["second", "first"]


def test_duplicate_headings_get_distinct_keys():
    doc = parse_document("## T\n### Notes\n- one\n### Notes\n- two\n")
    assert [s.key for s in doc.sections] == ["notes", "notes-2"]


def test_it_accepts_hashes_without_a_space_and_a_document_without_a_title_heading():
    doc = parse_document("###1.Alpha###\n- a is here\n###2.Beta###\n- b is here\n")
    assert [s.title for s in doc.sections] == ["Alpha", "Beta"]
    assert doc.title == "Alpha"


def test_it_keeps_text_before_the_first_section_as_an_introduction():
    doc = parse_document("## A vs B\nWhy compare them at all.\n### A\n- a\n### B\n- b\n")
    assert [s.key for s in doc.sections] == ["introduction", "a", "b"]


@pytest.mark.parametrize(
    "text, language",
    [(SEED, "vi"), (HTTP_FTP, "vi"), (SQL_NOSQL, "en"), ("## Café and naïve\n- plain English words here\n", "en")],
)
def test_it_detects_the_language(text, language):
    assert detect_language(text) == language
    assert parse_document(text).language == language


def test_a_declared_language_wins():
    doc = parse_document(
        "---\nlang: en\ntitle: Declared\n---\n## Mô hình mạng\n### Định nghĩa\n- Máy chủ và máy khách\n"
    )
    assert doc.language == "en"
    assert doc.title == "Declared"
    assert doc.sections[0].title == "Định nghĩa"


def test_an_unsupported_declared_language_is_an_error():
    with pytest.raises(DocumentError, match="only Vietnamese"):
        parse_document("---\nlang: fr\n---\n## Titre\n### Partie\n- texte\n")


def test_spacing_fix_leaves_addresses_abbreviations_and_numbers_alone():
    assert fix_spacing("techdifferences.com e.g. Node.js v1.2 1,5") == "techdifferences.com e.g. Node.js v1.2 1,5"
    assert fix_spacing("a,b rãi.Server hơn.kết cổng 80.Còn xa .") == "a, b rãi. Server hơn. kết cổng 80. Còn xa."


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n\t\n", "empty"),
        ("---\nlang: vi\n---\n\n", "empty"),
        ("Just a paragraph, no heading.\n- and a bullet", "no heading"),
        ("## Title\n### Empty section\n### Other\n- text\n", "has no text"),
    ],
)
def test_it_says_what_is_wrong(text, message):
    with pytest.raises(DocumentError, match=message):
        parse_document(text)


XSS = """## Evil vs Good
### 1.Evil ###
- before <script>alert("x")</script> inline script
- [click](javascript:alert(1)) and [also](JaVaScRiPt:alert(2)) and [data](data:text/html,<b>x</b>)
- <img src="https://evil.example/x.png" onerror="alert(3)"> raw image
- <a href="https://evil.example" onclick="steal()">raw link</a>
- <iframe src="https://evil.example"></iframe><style>body{background:url(https://evil.example/t.gif)}</style>
- ![x](javascript:alert(4)) ![y](https://evil.example/pixel.gif "t")

<div onmouseover="alert(5)">raw block</div>

<script>
alert(6)
</script>
### 2.Differences ###
- Evil is worse than Good.
"""


def test_it_removes_scripts_javascript_links_raw_html_and_event_handlers():
    doc = parse_document(XSS)
    html = doc.sections[0].html
    lowered = html.lower()
    for bad in ("<script", "javascript:", "onerror", "onclick", "onmouseover", "<iframe", "<style", "<img", "<div"):
        assert bad not in lowered, bad
    assert "alert(" not in html  # script contents go too, not only the tags
    assert outside_loads(html) == []
    assert all(attrs.get("href", "").startswith(("https://", "http://")) for tag, attrs in tags_of(html) if tag == "a")
    assert "inline script" in html and "raw link" in html  # the author's text stays
    assert "<li>click and also and data</li>" in html


def test_an_outside_image_is_never_loaded_even_with_an_odd_scheme():
    doc = parse_document(XSS)
    assert [image.diagram for image in doc.sections[0].images] == ["generic"]  # the javascript: one is dropped
    assert "evil.example/pixel.gif" in doc.sections[0].html  # as a credited link, not a load
    assert outside_loads(doc.sections[0].html) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("#-*_ \n[]()!<>:/\"'=abcđêơ.,`~")), max_size=300))
def test_any_text_either_parses_safely_or_raises_document_error(text):
    try:
        doc = parse_document(text)
    except DocumentError:
        return
    for section in doc.sections:
        assert "<script" not in section.html.lower()
        assert outside_loads(section.html) == []
        assert section.key
