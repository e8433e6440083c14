"""The daily email of what is due: one per student and day, listing their unfinished work due soon."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from learning.models import Membership, User
from learning.selectors.gradebook import assignments_for_student, due_soon

# What the morning email covers: work due before the day after tomorrow's morning.
DIGEST_WINDOW = dt.timedelta(days=2)


def digest_recipients(*, today: dt.date) -> list[int]:
    """Ids of the students who want the digest, have an email address, are in a class and had none today."""
    return list(
        User.objects.filter(role=User.Role.STUDENT, is_active=True, email_digest=True)
        .exclude(email="")
        .exclude(digest_sent_on__gte=today)
        .filter(pk__in=Membership.objects.values("student_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def digest_items(*, student: User, now: dt.datetime) -> list[dict]:
    return due_soon(assignments_for_student(student=student, now=now), now=now, within=DIGEST_WINDOW)


@transaction.atomic
def digest_send(*, student_id: int, now: dt.datetime | None = None) -> bool:
    """Email the student what is due in the next two days, once a day. Returns True when an email went out.

    Idempotent: the student's row is locked and `digest_sent_on` stamped in the same transaction as the
    send, so a re-delivered or overlapping task sends nothing twice; a failed send rolls the stamp back and
    the next run tries again. Nothing due, opted out or no address: nothing is sent.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    student = User.objects.select_for_update().filter(pk=student_id, is_active=True).first()
    if student is None or not student.email_digest or not student.email:
        return False
    if student.digest_sent_on is not None and student.digest_sent_on >= today:
        return False
    items = digest_items(student=student, now=now)
    if not items:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "student": student,
            "items": items,
            "now": now,
            "site_url": settings.SITE_URL,
            "zone": student.time_zone,
        }
        subject = _("Due soon: %(n)d assignment(s)") % {"n": len(items)}
        body = render_to_string("dashboard/digest_email.txt", context)
    send_mail(subject, body, None, [student.email])
    student.digest_sent_on = today
    student.save(update_fields=["digest_sent_on"])
    return True
