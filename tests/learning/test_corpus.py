"""Documents as teachers write them (tests/fixtures/corpus/): tables, three and four subjects, aspect
sub-headings, plural subjects, names that are also common nouns, a Word file and an HTML file.

For each: the subjects, the number of differences and who each statement is about; and over every question
generated from every document: no subject named in a masked statement, no class noun the document does not
use, "this X" never with a plural verb nor "these X" with a singular one, no statement twice in one quiz.
"""

import re

import pytest

from learning.content.convert import to_markdown
from learning.content.differences import extract_differences, names_in
from learning.content.markdown import parse_document
from learning.content.questions import generate_questions
from learning.content.types import DocumentError
from tests.conftest import FIXTURES
from tests.word_files import hub_switch_docx

CORPUS = FIXTURES / "corpus"


def _docx() -> bytes:
    return hub_switch_docx(
        "Compare Hub and Switch",
        [
            "A hub sends every frame to every port, while a switch sends a frame only to its destination.",
            "Hubs share one collision domain, whereas switches give each port its own.",
        ],
        table=[
            ["Basis for comparison", "Hub", "Switch"],
            ["Layer", "Physical layer", "Data link layer"],
            ["Price", "Cheaper", "More expensive"],
        ],
    )


# name -> (subjects, difference count, {difference index: {subject key: words of its statement}})
EXPECTED = {
    "table-copper-fibre.en.md": (["Copper", "Fibre"], 4, {0: {"a": "copper wire", "b": "light"}}),
    "table-ipv4-ipv6.vi.md": (["IPv4", "IPv6"], 4, {0: {"a": "32 bit", "b": "128 bit"}}),
    "table-empty-header-udp-tcp.vi.md": (["TCP", "UDP"], 3, {1: {"a": "đảm bảo", "b": "không đảm bảo"}}),
    "table-and-bullets-hdd-ssd.en.md": (["HDD", "SSD"], 4, {0: {"a": "platters", "b": "flash"}}),
    "three-topologies.en.md": (["Bus", "Star", "Ring"], 4, {0: {"a": "backbone", "b": "switch", "c": "loop"}}),
    "four-memories.vi.md": (["RAM", "ROM", "SSD", "HDD"], 3, {1: {"a": "đang chạy", "d": "đĩa từ"}}),
    "aspect-headings-wifi-ethernet.en.md": (["Wi-Fi", "Ethernet"], 3, {0: {"a": "radio", "b": "cables"}}),
    "aspect-headings-router-switch.vi.md": (["Router", "Switch"], 3, {1: {"a": "IP", "b": "MAC"}}),
    "plural-threads-processes.en.md": (["Processes", "Threads"], 4, {0: {"a": "own address", "b": "share"}}),
    "three-bullets-vi.vi.md": (["HTTP", "FTP", "SMTP"], 3, {0: {"a": "trang web", "b": "tập tin", "c": "thư"}}),
    "common-noun-document-graph.en.md": (["Document", "Graph"], 4, {0: {"a": "one document", "b": "edges"}}),
    "comparison.html": (["LAN", "WAN"], 4, {0: {"a": "one organisation", "b": "leased"}}),
    "hub-switch.docx": (["Hub", "Switch"], 4, {0: {"a": "every port", "b": "destination"}}),
}


def _text(name: str) -> str:
    data = _docx() if name.endswith(".docx") else (CORPUS / name).read_bytes()
    return to_markdown(name, data).decode("utf-8")


def _document(name: str):
    parsed = parse_document(_text(name))
    parsed.subjects, parsed.differences = extract_differences(parsed)
    return parsed


def test_the_corpus_has_twelve_documents_or_more_in_both_languages():
    assert len(EXPECTED) >= 12
    assert {".vi." in n for n in EXPECTED} == {True, False}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_reads_the_subjects_differences_and_who_each_statement_is_about(name):
    names, count, statements = EXPECTED[name]
    doc = _document(name)
    assert [s.name for s in doc.subjects] == names
    assert len(doc.differences) == count, [d.source for d in doc.differences]
    for index, expected in statements.items():
        by_subject = {s.subject: s.text for s in doc.differences[index].statements}
        for subject, words in expected.items():
            assert words.lower() in by_subject[subject].lower(), (subject, by_subject)


def test_a_table_row_that_compares_gives_a_comparative_question():
    doc = _document("table-copper-fibre.en.md")
    speed = next(d for d in doc.differences if d.key == "speed")
    assert speed.kind == "comparative" and speed.data["winner"] == "a"
    prompts = [q.prompt for q in generate_questions(doc) if q.type == "comparative"]
    assert "According to the document, which cable is slower?" in prompts
    three = _document("three-topologies.en.md")
    assert any(q.prompt == "According to the document, which topology is cheapest?" for q in generate_questions(three))


def test_a_table_and_a_list_of_the_same_differences_give_each_difference_once():
    doc = _document("table-and-bullets-hdd-ssd.en.md")
    aspects = [d.source for d in doc.differences]
    assert not any(s.startswith("| Storage") or s.startswith("| Moving") for s in aspects), aspects


def test_every_question_type_works_with_three_and_four_subjects():
    for name, keys in [("three-topologies.en.md", {"a", "b", "c"}), ("four-memories.vi.md", {"a", "b", "c", "d"})]:
        questions = generate_questions(_document(name))
        kinds = {q.type for q in questions}
        assert {"which_model", "true_false", "multiple_choice", "multi_select"} <= kinds, (name, kinds)
        for q in questions:
            if q.type in ("which_model", "comparative", "matching"):
                assert {c["id"] for c in q.choices} == keys


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04" + b"\x00" * 100, "cannot be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password"),
        (b"PK\x03\x04" + b"\x00" * (6 * 1024 * 1024), "larger than 5 MB"),
    ],
    ids=["corrupt", "encrypted", "oversized"],
)
def test_it_refuses_a_broken_word_file_with_a_clear_error(data, message):
    with pytest.raises(DocumentError, match=message):
        to_markdown("notes.docx", data)


def test_word_headings_lists_and_tables_become_markdown():
    text = _text("hub-switch.docx")
    assert "# Compare Hub and Switch" in text and "## Differences" in text
    assert "- A hub sends every frame" in text
    assert "| Basis for comparison | Hub | Switch |" in text
    assert "<script>" not in _text("comparison.html") and "alert" not in _text("comparison.html")


THIS_PLURAL_VERB = re.compile(r"\b(?:this|This) [a-z]+ (?:are|have|were|use|share|store|do)\b")
THESE_SINGULAR_VERB = re.compile(r"\b(?:these|These) (?:[a-z]+ )?(?:is|has|was|uses|shares|stores|does)\b")
DEMONSTRATIVE = re.compile(r"\b(?:this|these) ([a-z]+)\b|([^\W\d_]+(?: [^\W\d_]+)?) này\b", re.IGNORECASE)
NEUTRAL = {"one", "đối tượng"}


def _shown(q) -> list[str]:
    texts = [i["text"] for i in q.items]
    if q.type in ("multiple_choice", "multi_select"):
        texts += [c["text"] for c in q.choices]
    texts += [m for pair in re.findall(r"«(.*?)»|“(.*?)”", q.prompt, flags=re.S) for m in pair if m]
    return texts


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_question_reads_as_a_teacher_would_write_it(name):
    doc = _document(name)
    source = _text(name).lower()
    questions = generate_questions(doc, seed=3)
    assert len(questions) >= 4
    shown_refs = [ref for q in questions if q.enabled for ref in q.shows]
    assert len(shown_refs) == len(set(shown_refs)), "a statement in two questions of one quiz"
    for q in questions:
        for text in _shown(q):
            assert names_in(text, doc.subjects, doc.language) == [], (q.key, text)
            assert not THIS_PLURAL_VERB.search(text), (q.key, text)
            assert not THESE_SINGULAR_VERB.search(text), (q.key, text)
            for m in DEMONSTRATIVE.finditer(text):
                noun = (m.group(1) or m.group(2) or "").lower()
                if doc.language == "vi" and noun not in NEUTRAL and noun not in source:
                    noun = noun.split()[-1]
                stem = noun.rstrip("s")
                assert noun in NEUTRAL or stem in source or noun in source, (q.key, text, noun)
        assert "model" not in q.prompt.lower() or "model" in source, (q.key, q.prompt)
        assert "mô hình" not in q.prompt.lower() or "mô hình" in source, (q.key, q.prompt)


def test_it_never_masks_a_common_noun_that_only_looks_like_a_subject_name():
    doc = _document("common-noun-document-graph.en.md")
    shown = [t for q in generate_questions(doc) for t in _shown(q)]
    assert "These databases store related data together in one document." in shown
    copper = _document("table-copper-fibre.en.md")
    shown = [t for q in generate_questions(copper) for t in _shown(q)]
    assert "Signal of this cable: electrical pulses through copper wire." in shown
