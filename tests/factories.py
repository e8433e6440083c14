"""factory_boy factories shared by the tests."""

import hashlib

import factory
from django.utils import timezone

from learning import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = models.User.Role.STUDENT

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "pass-2026-word")
        if create:
            obj.save(update_fields=["password"])


class StudentFactory(UserFactory):
    role = models.User.Role.STUDENT


class TeacherFactory(UserFactory):
    role = models.User.Role.TEACHER


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Classroom

    teacher = factory.SubFactory(TeacherFactory)
    name = factory.Sequence(lambda n: f"Lớp {n}")
    join_code = factory.Sequence(lambda n: f"CODE{n:04d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(StudentFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    slug = factory.Sequence(lambda n: f"doc-{n}")
    title = factory.Sequence(lambda n: f"Client-server và P2P {n}")
    source = "# Tài liệu\n"
    source_sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.source.encode()).hexdigest())
    subjects = factory.LazyFunction(
        lambda: [
            {"key": "a", "name": "Client-Server", "aliases": []},
            {"key": "b", "name": "Peer-to-peer", "aliases": []},
        ]
    )


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Lesson

    document = factory.SubFactory(DocumentFactory)
    key = factory.Sequence(lambda n: f"lesson-{n}")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Bài {n}")
    markdown = "Nội dung."
    html = "<p>Nội dung.</p>"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quiz

    document = factory.SubFactory(DocumentFactory)
    title = factory.Sequence(lambda n: f"Kiểm tra {n}")


def now():
    return timezone.now()


def document_assign(document, teacher, *students):
    """Assign the document (its flashcards) to a new class of `teacher` holding `students`: a teacher's
    document is visible to the students of the classes it is assigned to (learning.access)."""
    classroom = ClassroomFactory(teacher=teacher)
    for student in students:
        MembershipFactory(classroom=classroom, student=student)
    return flashcards_assign(document, classroom)


def flashcards_assign(document, classroom):
    """Assign the document's flashcards to `classroom`, due in a week (one card as the goal)."""
    return models.Assignment.objects.create(
        classroom=classroom,
        target_type="flashcards",
        target_id=document.pk,
        title=document.title,
        document=document,
        goal_cards=1,
        due_at=timezone.now() + timezone.timedelta(days=7),
    )
