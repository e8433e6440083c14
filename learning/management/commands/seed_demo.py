import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learning.models import Classroom, Document, Quiz, User
from learning.services.accounts import account_create
from learning.services.assignments import assignment_create
from learning.services.classes import classroom_create, membership_add

DEMO_PASSWORD = "demo-pass-2026"
DEMO_CLASS = "Mạng máy tính 10A1"
ACCOUNTS = [
    ("teacher", "teacher", "Lan", "Nguyễn Thị"),
    ("student", "student", "An", "Trần Văn"),
    ("student2", "student", "Bình", "Lê Thị"),
]


class Command(BaseCommand):
    help = "Create the demo teacher, two students and their class. Safe to run again."

    def handle(self, *args, **opts):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            # The password is printed below and in the README: on a real site these accounts are open doors.
            raise CommandError(
                "seed_demo creates accounts with a published password and only runs with DJANGO_DEBUG=1. "
                "On a production site create accounts with `manage.py create_account` or the admin site."
            )
        users = {}
        for username, role, first, last in ACCOUNTS:
            # An existing account is kept as it is: the seed never resets a password it did not set.
            users[username] = User.objects.filter(username=username).first() or account_create(
                username=username, role=role, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        classroom = Classroom.objects.filter(teacher=users["teacher"], name=DEMO_CLASS).first()
        if classroom is None:
            classroom = classroom_create(teacher=users["teacher"], name=DEMO_CLASS)
        for username in ("student", "student2"):
            membership_add(classroom=classroom, student=users[username])
        self._assign_demo_work(classroom)
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, *_names in ACCOUNTS:
            self.stdout.write(f"  {role:8} {username}")
        self.stdout.write(f"Class '{classroom.name}', join code {classroom.join_code}")

    def _assign_demo_work(self, classroom: Classroom) -> None:
        """Give the demo class the seed document's first lesson, its quiz and a flashcards goal, once."""
        document = Document.objects.filter(slug="compare-peer-to-peer-client-server").first()
        if document is None or classroom.assignments.exists():
            return
        now = timezone.now()
        lesson = document.lessons.order_by("position").first()
        quiz = Quiz.objects.filter(document=document, mode=Quiz.Mode.FULL).first()
        if lesson:
            assignment_create(
                classroom=classroom, target_type="lesson", target_id=lesson.pk, due_at=now + dt.timedelta(days=3)
            )
        if quiz:
            assignment_create(
                classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=now + dt.timedelta(days=7)
            )
        assignment_create(
            classroom=classroom,
            target_type="flashcards",
            target_id=document.pk,
            goal_cards=10,
            due_at=now + dt.timedelta(days=14),
            late_allowed=True,
        )
