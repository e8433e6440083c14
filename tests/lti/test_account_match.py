"""LTI accounts are found by (platform, sub) only: never a local account by username, never a site administrator."""

import hashlib

import pytest
from django.core.management import call_command

from learning.lti.services import LaunchRejected, lti_user_match, roster_apply
from learning.models import LtiContext, LtiPlatform, LtiUser, Membership, User
from tests.factories import ClassroomFactory, StudentFactory


def snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (user.password, user.first_name, user.last_name, user.email, user.role, user.is_staff, user.is_superuser)


@pytest.fixture
def admin_user(db):
    call_command("createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org")
    return User.objects.get(username="admin")


@pytest.fixture
def platform(registered):
    return LtiPlatform.objects.get()


def test_lti_never_takes_over_a_local_account_by_username(platform):
    digest = hashlib.sha256(f"{platform.pk}:sub-1".encode()).hexdigest()[:20]
    local = StudentFactory(username=f"lti-{platform.pk}-{digest}")
    before = snapshot(local)

    user, link = lti_user_match(platform=platform, sub="sub-1", claims={"given_name": "Lms"}, teacher=True)

    assert user.pk != local.pk and link.user_id == user.pk
    assert snapshot(local) == before


def test_lti_never_signs_in_or_enrols_a_site_administrator(platform, admin_user, alice):
    LtiUser.objects.create(platform=platform, sub="admin-sub", user=admin_user)
    with pytest.raises(LaunchRejected):
        lti_user_match(platform=platform, sub="admin-sub", claims={}, teacher=True)
    admin_user.refresh_from_db()
    assert admin_user.is_student  # not promoted to teacher either
    context = LtiContext.objects.create(
        platform=platform, context_id="c-1", title="C", classroom=ClassroomFactory(teacher=alice)
    )
    added = roster_apply(context=context, members=[{"user_id": "admin-sub", "roles": ["Learner"]}, {"user_id": "n"}])
    assert added == 1 and not Membership.objects.filter(student=admin_user).exists()
