from django.core.management.base import BaseCommand

from learning.models import Classroom
from learning.services.accounts import account_upsert
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
        users = {}
        for username, role, first, last in ACCOUNTS:
            users[username], _ = account_upsert(
                username=username, role=role, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        classroom = Classroom.objects.filter(teacher=users["teacher"], name=DEMO_CLASS).first()
        if classroom is None:
            classroom = classroom_create(teacher=users["teacher"], name=DEMO_CLASS)
        for username in ("student", "student2"):
            membership_add(classroom=classroom, student=users[username])
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, *_names in ACCOUNTS:
            self.stdout.write(f"  {role:8} {username}")
        self.stdout.write(f"Class '{classroom.name}', join code {classroom.join_code}")
