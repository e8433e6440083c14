"""Writes on one's own account: sign-up with a class join code, password changes, a teacher's reset, settings."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from learning.models import Classroom, User
from learning.services.accounts import account_create, user_password_set
from learning.services.classes import join_code_normalize, membership_add

USERNAME_MAX = 150
DISPLAY_NAME_MAX = 150
PASSWORD_MAX = 128
# Words a student can copy from a teacher's screen: no 0/O/1/l.
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _classroom_for_code(code: str) -> Classroom:
    normalized = join_code_normalize(code)
    if not normalized:
        raise ValidationError({"code": [_("Enter the class code your teacher gave you.")]})
    classroom = Classroom.objects.filter(join_code=normalized).first()
    if classroom is None:
        raise ValidationError({"code": [_("No class has this code. Check it with your teacher.")]})
    if not classroom.join_enabled:
        raise ValidationError(
            {"code": [_("This class is closed to new students. Ask your teacher to open joining.")]}
        )
    return classroom


@transaction.atomic
def student_signup(
    *, username: str, display_name: str, password: str, code: str, email: str = ""
) -> tuple[User, Classroom]:
    """Create a student account and put it in the class whose join code this is.

    Every field is checked first and all errors are raised at once (ValidationError keyed by field):
    the code must name a class open to joining, the username be free (case-insensitively) and the
    password pass the site's validators. The display name is kept whole in `first_name`.
    """
    username = (username or "").strip()
    display_name = " ".join((display_name or "").split())
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    classroom = None
    try:
        classroom = _classroom_for_code(code)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not username or len(username) > USERNAME_MAX:
        errors["username"] = [_("A username has 1 to %(n)d characters.") % {"n": USERNAME_MAX}]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [_("Use letters, digits and . _ - + @ only, without spaces.")]
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = [_("This username is taken. Choose another one.")]
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = [_("Your name has 1 to %(n)d characters.") % {"n": DISPLAY_NAME_MAX}]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address, or leave it empty.")]
    if not password or len(password) > PASSWORD_MAX:
        errors["password"] = [_("A password has at most %(n)d characters.") % {"n": PASSWORD_MAX}]
    else:
        try:
            validate_password(password, User(username=username, first_name=display_name, email=email))
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = account_create(
                username=username, role=User.Role.STUDENT, password=password, first_name=display_name, email=email
            )
    except IntegrityError:  # the same username taken a moment ago
        raise ValidationError({"username": [_("This username is taken. Choose another one.")]}) from None
    membership_add(classroom=classroom, student=user)
    return user, classroom


@transaction.atomic
def account_password_set(*, user: User, password: str) -> User:
    """The owner sets their own password (change or reset by email): tokens rotate, no change is pending."""
    user_password_set(user=user, password=password)  # API tokens rotate there
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    return user


def one_time_password_new() -> str:
    return "-".join("".join(secrets.choice(_ONE_TIME_ALPHABET) for _i in range(4)) for _j in range(3))


@transaction.atomic
def student_password_reset(*, classroom: Classroom, student: User) -> str:
    """The class's teacher resets a student's password: returns a one-time password to hand over.

    The student must choose their own at the next sign-in; their API tokens stop working. The caller
    holds the class (access_taught_classroom_by_id) and the student (access_class_student_by_id).
    """
    # A staff account that joined a class as a student must not be taken over through its teacher.
    if not student.is_student or student.is_staff or student.is_superuser:
        raise ValidationError({"student": [_("Only a student's password can be reset here.")]})
    password = one_time_password_new()
    user_password_set(user=student, password=password)  # API tokens rotate there
    student.must_change_password = True
    student.save(update_fields=["must_change_password"])
    return password


@transaction.atomic
def account_settings_update(*, user: User, email: str, email_digest: bool) -> User:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [_("Enter a valid email address, or leave it empty.")]}) from None
    if len(email) > 254:
        raise ValidationError({"email": [_("Enter a valid email address, or leave it empty.")]})
    user.email = email
    user.email_digest = email_digest
    user.save(update_fields=["email", "email_digest"])
    return user
