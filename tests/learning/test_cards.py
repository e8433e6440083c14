"""The pure card generator: glossary and differences -> CardData."""

from learning.content.cards import KEY_MAX, card_key, generate_cards, mask_term
from learning.content.types import DifferenceData, GlossaryEntry, ParsedDocument, StatementData, Subject

SUBJECTS = [
    Subject("a", "Client-Server", ["Client-Server"]),
    Subject("b", "Peer-to-peer", ["mô hình ngang hàng", "peer to peer", "ngang hàng"]),
]


def parsed(language="vi", aspect="Dữ liệu được lưu trữ ở đâu trong mỗi mô hình?", kind="two_sided", data=None):
    return ParsedDocument(
        title="Doc",
        language=language,
        sections=[],
        glossary=[GlossaryEntry("node", "node", "Một node có thể là client hoặc server.", "dinh-nghia-p2p")],
        subjects=SUBJECTS,
        differences=[
            DifferenceData(
                key="du-lieu",
                kind=kind,
                source=(
                    "Client-Server,dữ liệu được lưu trữ tập trung trên một máy chủ."
                    "Còn mô hình ngang hàng,mỗi máy ngang hàng có dữ liệu riêng."
                ),
                statements=[
                    StatementData("a", "Client-Server, dữ liệu được lưu trữ tập trung trên một máy chủ"),
                    StatementData("b", "mỗi máy ngang hàng có dữ liệu riêng"),
                ],
                section_key="su-khac-biet",
                aspect=aspect,
                data=data or {},
            )
        ],
    )


def test_it_makes_two_cards_per_term_and_one_per_difference():
    cards = generate_cards(parsed())
    assert [c.kind for c in cards] == ["term", "term_reverse", "difference"]
    term, reverse, difference = cards
    assert (term.front, term.back) == ("node", "Một node có thể là client hoặc server.")
    assert reverse.back == "node" and "có thể là client hoặc server." in reverse.front
    assert term.term_key == reverse.term_key == "node"
    assert len({c.key for c in cards}) == 3


def test_it_puts_the_aspect_on_the_front_and_both_statements_with_names_and_the_source_on_the_back():
    card = generate_cards(parsed())[2]
    assert card.front == "Dữ liệu được lưu trữ ở đâu trong mỗi mô hình?"
    assert "Client-Server: Client-Server, dữ liệu được lưu trữ tập trung" in card.back
    assert "Peer-to-peer: mỗi máy ngang hàng có dữ liệu riêng" in card.back
    assert "Nguồn: Client-Server,dữ liệu được lưu trữ tập trung" in card.back
    assert card.difference_key == "du-lieu" and card.source.startswith("Client-Server,dữ liệu")


def test_it_derives_a_question_without_naming_the_subjects_when_the_aspect_is_empty():
    front = generate_cards(parsed(aspect=""))[2].front
    assert front.startswith("Bên nào:")
    assert "dữ liệu được lưu trữ tập trung trên một máy chủ" in front
    assert "Client-Server" not in front


def test_it_asks_which_model_for_a_comparative_difference_in_english():
    card = generate_cards(parsed(language="en", aspect="", kind="comparative", data={"property": "more expensive"}))[2]
    assert card.front == "Which is more expensive: Client-Server or Peer-to-peer?"
    assert "Source: " in card.back


def test_it_keeps_keys_stable_when_the_text_changes():
    before = generate_cards(parsed())
    changed = parsed(aspect="Dữ liệu nằm ở đâu?")
    changed.glossary[0].definition = "Định nghĩa mới."
    after = generate_cards(changed)
    assert [c.key for c in before] == [c.key for c in after]
    assert before[2].front != after[2].front


def test_it_fits_long_keys_in_the_column_and_keeps_them_distinct():
    long_a, long_b = "x" * 150 + "a", "x" * 150 + "b"
    assert len(card_key("term-reverse", long_a)) <= KEY_MAX
    assert card_key("term-reverse", long_a) != card_key("term-reverse", long_b)
    assert card_key("diff", "short") == "diff:short"


def test_it_hides_the_term_in_the_definition_on_the_reverse_card():
    assert mask_term("Server la một hệ thống mạng mẽ lưu trữ dữ liệu.", "Server (máy chủ)") == (
        "___ la một hệ thống mạng mẽ lưu trữ dữ liệu."
    )
    assert mask_term("Một node được gọi là một peer.", "Peer (máy ngang hàng)") == "Một node được gọi là một ___."
    assert mask_term("Thì node có thể là client hoặc server.", "Node (nút mạng)") == (
        "Thì ___ có thể là client hoặc server."
    )
    reverse = generate_cards(parsed())[1]
    assert "Một ___ có thể là client hoặc server." in reverse.front
