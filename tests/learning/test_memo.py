"""learning.content.memo: the import's pure stages remembered by content, handed out as copies."""

import pytest

from learning.content.memo import content_memo
from learning.services.documents.importing import document_parsed
from tests.conftest import SEED_DOCUMENT


def counting(maxsize=8):
    calls = []

    @content_memo(maxsize=maxsize)
    def words(text, *, upper=False):
        calls.append(text)
        if not text:
            raise ValueError("empty")
        return {"words": (text.upper() if upper else text).split()}

    return words, calls


def test_it_computes_once_per_content_and_again_for_other_content_or_arguments():
    words, calls = counting()
    assert words("a b") == words("a b") == {"words": ["a", "b"]}
    assert words("a c") == {"words": ["a", "c"]}
    assert words("a b", upper=True) == {"words": ["A", "B"]}
    assert calls == ["a b", "a c", "a b"]


def test_each_caller_gets_its_own_copy():
    words, _calls = counting()
    first = words("a b")
    first["words"].append("changed")
    assert words("a b") == {"words": ["a", "b"]}
    assert words("a b") is not words("a b")


def test_a_failure_is_not_remembered():
    words, calls = counting()
    for _ in range(2):
        with pytest.raises(ValueError):
            words("")
    assert calls == ["", ""]


def test_it_keeps_only_the_most_recently_used_results():
    words, calls = counting(maxsize=2)
    words("a"), words("b"), words("a"), words("c")  # "b" is the least recently used: dropped
    words("a"), words("b")
    assert calls == ["a", "b", "c", "b"]


def test_an_edited_source_is_parsed_afresh_and_adjusting_a_copy_changes_no_later_import():
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    parsed = document_parsed(text)
    parsed.differences.clear()
    parsed.title = "changed"
    again = document_parsed(text)
    assert again.differences and again.title != "changed"

    edited = document_parsed(text.replace("đắt hơn", "rẻ hơn"))
    assert [d.source for d in edited.differences] != [d.source for d in again.differences]
