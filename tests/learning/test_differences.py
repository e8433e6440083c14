"""Difference extraction on the seed document and on comparison documents written for these tests."""

import pytest

from learning.content.differences import extract_differences, mask_subjects, names_in
from learning.content.types import DocumentError, ParsedDocument, Section
from tests.conftest import FIXTURES, SEED_DOCUMENT
from tests.learning.quiz_docs import parse


@pytest.fixture(scope="module")
def seed():
    return extract_differences(parse(SEED_DOCUMENT.read_text(encoding="utf-8"), "vi"))


def _by_subject(diff):
    return {s.subject: s.text for s in diff.statements}


def test_it_finds_the_two_subjects_of_the_seed_in_title_order(seed):
    subjects, _ = seed
    a, b = subjects
    assert (a.key, a.name) == ("a", "Peer-to-peer")
    assert (b.key, b.name) == ("b", "Client-Server")
    for alias in ["peer to peer", "mạng peer to peer", "mô hình ngang hàng", "ngang hàng"]:
        assert alias in a.aliases
    assert {"Client-server", "Client-Server"} <= set(b.aliases)
    assert a.aliases == sorted(a.aliases, key=len, reverse=True)
    assert not set(map(str.lower, a.aliases)) & set(map(str.lower, b.aliases))


def test_it_extracts_seven_differences_five_two_sided_and_two_comparative(seed):
    _, diffs = seed
    assert [d.kind for d in diffs] == ["two_sided"] * 5 + ["comparative"] * 2
    assert len({d.key for d in diffs}) == 7
    assert all(d.section_key for d in diffs)


SEED_STATEMENTS = [
    {
        "b": "Client-server có một máy chủ chuyên dụng và máy khách cụ thể.",
        "a": "Mạng peer to peer thì mỗi node hoạt đông như cả máy chủ lẫn máy khách.",
    },
    {
        "b": "Client-Server, máy chủ cung cấp dịch vụ cho máy khách.",
        "a": "Mạng peer to peer có thể cung cấp dịch vụ và cũng có thể yêu cầu dịch vụ.",
    },
    {
        "b": "Client-Server, việc chia sẻ thông tin lại quan trọng hơn.",
        "a": "Kết nối mô hình ngang hàng giữu các đồng nghiệp lại quan trọng hơn.",
    },
    {
        "b": "Client-Server, dữ liệu được lưu trữ tập trung trên một máy chủ.",
        "a": "Mô hình ngang hàng, mỗi máy ngang hàng có dữ liệu riêng.",
    },
    {
        "b": "Client-Server, máy chủ phục vụ khách hàng, nên máy chủ có nhiều khả năng bị tắc nghẽn.",
        "a": (
            "Mô hình ngang hàng, các máy chủ được phân phối trong một hệ thống, "
            "do đó ít có khả năng máy chủ bị tắc nghẽn."
        ),
    },
]


@pytest.mark.parametrize("index", range(5))
def test_it_attributes_each_two_sided_statement_of_the_seed_to_the_right_model(seed, index):
    _, diffs = seed
    diff = diffs[index]
    assert _by_subject(diff) == SEED_STATEMENTS[index]
    assert [s.subject for s in diff.statements] == ["b", "a"]
    # The source is the bullet exactly as written, typos and missing spaces included.
    assert diff.source in SEED_DOCUMENT.read_text(encoding="utf-8")


def test_it_reads_the_seed_comparatives_with_the_more_expensive_and_more_scalable_model(seed):
    _, diffs = seed
    expensive, scalable = diffs[5], diffs[6]
    assert expensive.data["winner"] == "b" and expensive.data["other"] == "a"
    assert expensive.data["phrase"] == "đắt hơn" and expensive.data["property"] == "đắt"
    assert _by_subject(expensive) == {"b": "Client-Server thì mô hình đắt hơn so với ngang hàng."}
    assert scalable.data["winner"] == "b"
    assert scalable.data["phrase"] == "có khả năng mở rộng và ổn định hơn"
    assert expensive.source == "Client-Server thì mô hình đắt hơn so với ngang hàng."


def test_it_extracts_an_english_document_with_whereas_while_on_the_other_hand_and_than():
    subjects, diffs = extract_differences(parse((FIXTURES / "differences-tcp-udp.en.md").read_text(), "en"))
    assert [(s.key, s.name) for s in subjects] == [("a", "TCP"), ("b", "UDP")]
    kinds = [d.kind for d in diffs]
    assert kinds == ["two_sided", "two_sided", "two_sided", "comparative", "comparative", "two_sided", "two_sided"]
    assert _by_subject(diffs[0]) == {
        "a": "TCP sets up a connection with a three-way handshake.",
        "b": "UDP sends datagrams without any setup.",
    }
    assert _by_subject(diffs[1]) == {
        "a": "In TCP, lost segments are retransmitted by the sender.",
        "b": "In UDP, lost datagrams are simply gone.",
    }
    assert _by_subject(diffs[2]) == {
        "a": "TCP delivers the bytes in order.",
        "b": "The UDP protocol may deliver datagrams out of order.",
    }
    # "B is faster than A": the winner is B even though A comes first in the title.
    assert diffs[3].data["winner"] == "b" and diffs[3].data["phrase"] == "is faster"
    assert diffs[4].data["winner"] == "a" and diffs[4].data["property"] == "reliable"
    assert _by_subject(diffs[5]) == {
        "a": "TCP has a header of at least 20 bytes.",
        "b": "UDP has a header of only 8 bytes.",
    }
    assert _by_subject(diffs[6]) == {"a": "TCP controls congestion.", "b": "UDP leaves that to the application."}


def test_it_learns_an_alias_from_a_second_side_and_uses_it_in_an_unmarked_second_sentence():
    subjects, diffs = extract_differences(parse((FIXTURES / "differences-lan-wan.vi.md").read_text(), "vi"))
    lan, wan = subjects
    assert (lan.name, wan.name) == ("LAN", "WAN")
    assert "mạng diện rộng" in wan.aliases
    assert [d.kind for d in diffs] == ["two_sided"] * 4 + ["comparative"] * 2
    assert _by_subject(diffs[1])["b"] == "Mạng diện rộng, thường phải thuê đường truyền của nhà mạng."
    # No marker: the second sentence names the other subject by its learned alias.
    assert _by_subject(diffs[2]) == {
        "a": "LAN, tốc độ truyền rất cao.",
        "b": "Mạng diện rộng thì tốc độ thấp hơn nhiều.",
    }
    assert _by_subject(diffs[3]) == {"a": "Trong mạng LAN, lỗi truyền rất ít.", "b": "WAN có nhiều lỗi truyền hơn."}
    # "thấp hơn nhiều" and "nhiều lỗi truyền hơn" compare with nothing named: they stay two-sided.
    assert diffs[4].data["winner"] == "b" and diffs[4].data["phrase"] == "chi phí đắt hơn"
    assert diffs[5].data["winner"] == "a" and diffs[5].data["phrase"] == "dễ quản lý hơn"


def test_it_masks_every_name_of_both_subjects(seed):
    subjects, diffs = seed
    for diff in diffs:
        for statement in diff.statements:
            masked = mask_subjects(statement.text, subjects, "vi")
            assert names_in(masked, subjects) == [], masked
    assert mask_subjects("Mô hình ngang hàng, mỗi máy ngang hàng có dữ liệu riêng.", subjects, "vi") == (
        "Mỗi máy trong mô hình này có dữ liệu riêng."
    )


def test_it_refuses_a_document_without_a_differences_section():
    section = Section(
        key="intro", title="Intro", level=2, position=0, markdown="", html="", text="x", bullets=[(0, "x")]
    )
    with pytest.raises(DocumentError, match="differences"):
        extract_differences(ParsedDocument(title="Compare A and B", language="en", sections=[section], glossary=[]))


def test_it_refuses_a_document_whose_subjects_cannot_be_told():
    section = Section(
        key="diff",
        title="Differences",
        level=2,
        position=0,
        markdown="",
        html="",
        text="",
        bullets=[(0, "It is fast.")],
    )
    with pytest.raises(DocumentError, match="two things"):
        extract_differences(ParsedDocument(title="Networking notes", language="en", sections=[section], glossary=[]))


def test_it_extracts_documents_written_by_someone_else_for_the_parser():
    subjects, diffs = extract_differences(parse((FIXTURES / "http-vs-ftp.vi.md").read_text(), "vi"))
    assert [s.name for s in subjects] == ["HTTP", "FTP"]
    assert [d.kind for d in diffs].count("comparative") == 3
    faster = next(d for d in diffs if d.data.get("property") == "nhanh")
    assert faster.data["winner"] == "a" and faster.data["phrase"] == "nhanh hơn khi truyền nhiều tập tin nhỏ"
    assert _by_subject(diffs[1]) == {
        "a": "HTTP là giao thức không trạng thái.",
        "b": "FTP giữ trạng thái của phiên làm việc trên máy chủ.",
    }

    subjects, diffs = extract_differences(parse((FIXTURES / "sql-vs-nosql.en.md").read_text(), "en"))
    assert [s.name for s in subjects] == ["SQL", "NoSQL"]
    lookups = next(d for d in diffs if "lookups" in d.source)
    assert lookups.data["winner"] == "b" and lookups.data["phrase"] == "is faster for simple key lookups"
    assert _by_subject(diffs[1])["b"] == "In NoSQL, related data is often stored together in one document."


def test_it_words_each_difference_as_a_question_for_flashcards(seed):
    _, diffs = seed
    assert diffs[1].aspect == "Peer-to-peer và Client-Server khác nhau thế nào về “cung cấp dịch vụ”?"
    assert diffs[3].aspect == "Peer-to-peer và Client-Server khác nhau thế nào về “dữ liệu”?"
    assert diffs[5].aspect == "Theo tài liệu, mô hình nào đắt hơn?"
    _, tcp = extract_differences(parse((FIXTURES / "differences-tcp-udp.en.md").read_text(), "en"))
    assert tcp[0].aspect == "The document says: “TCP sets up a connection with a three-way handshake.” What about UDP?"


def test_it_reads_but_unlike_comma_clauses_plurals_and_articles():
    subjects, diffs = extract_differences(parse((FIXTURES / "differences-hub-switch.en.md").read_text(), "en"))
    assert [s.name for s in subjects] == ["Hub", "Switch"]
    assert [d.kind for d in diffs] == ["two_sided"] * 3 + ["comparative"] * 2
    assert _by_subject(diffs[0]) == {
        "a": "A hub sends every frame to every port.",
        "b": "A switch sends a frame only to the port of its destination.",
    }
    # "Unlike A, B ...": one statement, about B.
    assert [(s.subject, s.text) for s in diffs[1].statements] == [("b", "A switch keeps a table of MAC addresses.")]
    # No marker, one sentence: the clause after the comma opens with the other subject (a plural).
    assert _by_subject(diffs[2]) == {"a": "Hubs share one collision domain.", "b": "Switches give each port its own."}
    assert diffs[3].data["winner"] == "b" and diffs[3].data["phrase"] == "is more expensive"
    assert diffs[4].data["winner"] == "a" and diffs[4].data["phrase"] == "is slower when many hosts talk at once"
    assert mask_subjects("Hubs share one collision domain.", subjects, "en") == ("These share one collision domain.")
