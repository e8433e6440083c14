"""Factories for flashcard tests: a document with glossary and differences, as the import stores them."""

import factory

from learning import models
from tests.factories import DocumentFactory, LessonFactory

SUBJECTS = [
    {"key": "a", "name": "Client-Server", "aliases": ["Client-Server", "client-server"]},
    {"key": "b", "name": "Peer-to-peer", "aliases": ["mô hình ngang hàng", "peer to peer", "ngang hàng"]},
]


class FlashcardDocumentFactory(DocumentFactory):
    """The shared document, with the subjects' aliases as the seed writes them."""

    slug = factory.Sequence(lambda n: f"tai-lieu-{n}")
    title = factory.Sequence(lambda n: f"Tài liệu {n}")
    language = "vi"
    subjects = factory.LazyFunction(lambda: [dict(s) for s in SUBJECTS])
    published = True


class FlashcardLessonFactory(LessonFactory):
    document = factory.SubFactory(FlashcardDocumentFactory)
    key = factory.Sequence(lambda n: f"bai-{n}")
    markdown = "- nội dung"
    html = "<ul><li>nội dung</li></ul>"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GlossaryTerm

    document = factory.SubFactory(FlashcardDocumentFactory)
    key = factory.Sequence(lambda n: f"term-{n}")
    term = factory.Sequence(lambda n: f"Thuật ngữ {n}")
    definition = factory.Sequence(lambda n: f"Định nghĩa của thuật ngữ {n}.")
    position = factory.Sequence(lambda n: n)


class DifferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Difference

    document = factory.SubFactory(FlashcardDocumentFactory)
    key = factory.Sequence(lambda n: f"diff-{n}")
    position = factory.Sequence(lambda n: n)
    kind = models.Difference.Kind.TWO_SIDED
    source = (
        "Client-Server,dữ liệu được lưu trữ tập trung trên một máy chủ."
        "Còn mô hình ngang hàng,mỗi máy ngang hàng có dữ liệu riêng."
    )
    aspect = "Dữ liệu được lưu trữ ở đâu trong mỗi mô hình?"


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    difference = factory.SubFactory(DifferenceFactory)
    subject = "a"
    text = "dữ liệu được lưu trữ tập trung trên một máy chủ"
    position = 0


def document_with_content(*, slug: str = "client-server-p2p", terms: int = 1, differences: int = 2, **kwargs):
    """A document as the import leaves it: `terms` glossary terms and `differences` two-sided differences
    (each with statements for both subjects). Cards are not generated: call flashcards_sync."""
    document = FlashcardDocumentFactory(slug=slug, **kwargs)
    lesson = FlashcardLessonFactory(document=document, key="su-khac-biet", position=0)
    for i in range(terms):
        GlossaryTermFactory(document=document, lesson=lesson, key=f"term-{i}", term=f"node {i}", position=i)
    for i in range(differences):
        difference = DifferenceFactory(
            document=document, lesson=lesson, key=f"diff-{i}", position=i, aspect=f"Câu hỏi khác biệt số {i}?"
        )
        StatementFactory(difference=difference, subject="a", text=f"máy chủ làm việc {i}", position=0)
        StatementFactory(difference=difference, subject="b", text=f"mỗi node làm việc {i}", position=1)
    return document


def deck(**kwargs):
    """A document with its cards generated, and the cards in order."""
    from learning.services.flashcard_sync import flashcards_sync

    document = document_with_content(**kwargs)
    return document, flashcards_sync(document=document)
