"""factory_boy factories shared by the tests."""

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


def now():
    return timezone.now()
