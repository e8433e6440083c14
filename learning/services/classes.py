"""Writes on classes and memberships."""

import secrets

from django.db import IntegrityError, transaction

from learning.models import Classroom, Membership, User

# No 0/O/1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def classroom_create(*, teacher: User, name: str) -> Classroom:
    for _ in range(10):
        try:
            with transaction.atomic():
                return Classroom.objects.create(teacher=teacher, name=name, join_code=join_code_new())
        except IntegrityError:  # join code collision: draw again
            continue
    raise RuntimeError("could not draw a free join code")


def membership_add(*, classroom: Classroom, student: User) -> Membership:
    membership, _ = Membership.objects.get_or_create(classroom=classroom, student=student)
    return membership
