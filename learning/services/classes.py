"""Writes on classes and memberships, and the CSV import of a class list."""

import csv
import io
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from learning.models import Classroom, Membership, User
from learning.services.accounts import account_create

# No 0/O/1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _i in range(JOIN_CODE_LENGTH))


def classroom_create(*, teacher: User, name: str) -> Classroom:
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Classroom.objects.create(teacher=teacher, name=name, join_code=join_code_new())
        except IntegrityError:  # join code collision: draw again
            continue
    raise RuntimeError("could not draw a free join code")


def membership_add(*, classroom: Classroom, student: User) -> Membership:
    membership, _ = Membership.objects.get_or_create(classroom=classroom, student=student)
    return membership


def join_code_normalize(code: str) -> str:
    """What a student types ("abcd-2345 ") to the stored form ("ABCD2345")."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@transaction.atomic
def classroom_join_code_regenerate(*, classroom: Classroom) -> Classroom:
    """Draw a new join code (the old one stops working at once) and enable joining."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                classroom.join_code = join_code_new()
                classroom.join_enabled = True
                classroom.save(update_fields=["join_code", "join_enabled"])
                return classroom
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a free join code")


def classroom_join_enabled_set(*, classroom: Classroom, enabled: bool) -> Classroom:
    classroom.join_enabled = enabled
    classroom.save(update_fields=["join_enabled"])
    return classroom


def classroom_rename(*, classroom: Classroom, name: str) -> Classroom:
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationError({"name": [_("A class name has 1 to 200 characters.")]})
    classroom.name = name
    classroom.save(update_fields=["name"])
    return classroom


@transaction.atomic
def classroom_join(*, student: User, code: str) -> Classroom:
    """Join the class whose code this is. Unknown or disabled codes raise ValidationError on `code`."""
    normalized = join_code_normalize(code)
    if not normalized:
        raise ValidationError({"code": [_("Enter the class code your teacher gave you.")]})
    classroom = Classroom.objects.filter(join_code=normalized).first()
    if classroom is None or not classroom.join_enabled:
        raise ValidationError({"code": [_("No class accepts this code. Check it with your teacher.")]})
    membership_add(classroom=classroom, student=student)
    return classroom


@transaction.atomic
def membership_remove(*, classroom: Classroom, student: User) -> None:
    """Take the student out of the class. Their own work (attempts, cards, reads) is kept."""
    Membership.objects.filter(classroom=classroom, student=student).delete()


# --- CSV import of a list of students ---------------------------------------------------------------

IMPORT_MAX_ROWS = 500
IMPORT_MAX_BYTES = 256 * 1024
# Accounts made by LTI launches are named "lti-<platform>-<digest>": an import must not take those names first.
LTI_USERNAME_PREFIX = "lti-"
_HEADER_WORDS = {"username", "user", "login", "tên đăng nhập", "ten dang nhap"}


@dataclass
class ImportRow:
    line: int
    username: str
    first_name: str
    last_name: str
    password: str = ""
    # A password drawn for a new account without one: shown to the teacher once.
    generated_password: str = ""
    # "created": a new account; "enrolled": an existing student of this teacher, added unchanged;
    # "skipped": an existing account this teacher does not manage, left alone (see `reason`).
    outcome: str = ""
    reason: str = ""

    @property
    def created(self) -> bool:
        return self.outcome == "created"


@dataclass
class ImportResult:
    # Rows that are in the class now (created or enrolled), in file order.
    rows: list[ImportRow] = field(default_factory=list)
    # Rows naming an account this teacher does not manage: nothing of it was changed.
    skipped: list[ImportRow] = field(default_factory=list)
    # "line N: message", in file order; when not empty, nothing was written.
    errors: list[str] = field(default_factory=list)
    join_code: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def _password_new() -> str:
    return "-".join("".join(secrets.choice(JOIN_CODE_ALPHABET.lower()) for _i in range(4)) for _j in range(3))


def _import_parse(data: bytes) -> tuple[list[ImportRow], list[str]]:
    if len(data) > IMPORT_MAX_BYTES:
        return [], [_("The file is larger than %(size)d kB.") % {"size": IMPORT_MAX_BYTES // 1024}]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows, errors, seen = [], [], {}
    validate_username = UnicodeUsernameValidator()
    for line, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if not rows and not errors and cells[0].lower() in _HEADER_WORDS:
            continue
        if len(cells) < 3 or len(cells) > 4:
            errors.append(
                _("line %(line)d: expected 3 or 4 columns (username, first name, last name[, password]), got %(n)d")
                % {"line": line, "n": len(cells)}
            )
            continue
        username, first_name, last_name = cells[:3]
        password = cells[3] if len(cells) == 4 else ""
        row_errors = []
        try:
            validate_username(username)
        except ValidationError as exc:
            row_errors.extend(f"username “{username}”: {m}" for m in exc.messages)
        if not username or len(username) > 150:
            row_errors.append(_("username must be 1 to 150 characters"))
        if username.lower().startswith(LTI_USERNAME_PREFIX):
            row_errors.append(
                _("usernames starting with “%(p)s” are kept for LMS accounts") % {"p": LTI_USERNAME_PREFIX}
            )
        if len(first_name) > 150 or len(last_name) > 150:
            row_errors.append(_("names must be at most 150 characters"))
        if password:
            try:
                validate_password(password, User(username=username, first_name=first_name, last_name=last_name))
            except ValidationError as exc:
                row_errors.extend(f"password: {m}" for m in exc.messages)
        key = username.lower()
        if key in seen:
            row_errors.append(_("username “%(u)s” already on line %(line)d") % {"u": username, "line": seen[key]})
        seen.setdefault(key, line)
        if row_errors:
            errors.append(_("line %(line)d: ") % {"line": line} + "; ".join(str(e) for e in row_errors))
            continue
        rows.append(ImportRow(line, username, first_name, last_name, password))
        if len(rows) > IMPORT_MAX_ROWS:
            return [], [_("At most %(n)d students per file.") % {"n": IMPORT_MAX_ROWS}]
    if not rows and not errors:
        errors.append(_("The file has no student rows."))
    return rows, errors


def _error_line(message: str) -> int:
    digits = "".join(ch for ch in message.split(":", 1)[0] if ch.isdigit())
    return int(digits) if digits else 0


def students_import_csv(*, classroom: Classroom, data: bytes) -> ImportResult:
    """Create the listed student accounts and add them to the class.

    All rows are checked first; if any row is wrong, nothing is written and every wrong row is named.
    A new account without a password in the file gets a drawn one, returned to the teacher once.
    A row naming an existing account (usernames compared ignoring case) changes nothing of that account
    (password, names, email, role): it is added to the class only when it is already a student of one of
    this teacher's classes; otherwise the row is reported as skipped, with the class code to hand out.
    Staff and superusers are never matched.
    """
    rows, errors = _import_parse(data)
    result = ImportResult(join_code=classroom.join_code)
    if errors:
        result.errors = sorted(errors, key=_error_line)
        return result
    lowered = {row.username.lower() for row in rows}
    existing = {
        u.username.lower(): u
        for u in User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=lowered)
        .only("username", "role", "is_staff", "is_superuser")
    }
    own_students = set(
        Membership.objects.filter(classroom__teacher=classroom.teacher, student__in=existing.values())
        .values_list("student_id", flat=True)
        .distinct()
    )
    try:
        with transaction.atomic():
            for row in rows:
                user = existing.get(row.username.lower())
                if user is None:
                    if not row.password:
                        row.generated_password = _password_new()
                    user = account_create(
                        username=row.username,
                        role=User.Role.STUDENT,
                        password=row.password or row.generated_password,
                        first_name=row.first_name,
                        last_name=row.last_name,
                    )
                    row.outcome = "created"
                elif user.is_staff or user.is_superuser or not user.is_student or user.pk not in own_students:
                    row.username = user.username
                    row.outcome = "skipped"
                    row.reason = _(
                        "An account with this username already exists and is not one of your students: "
                        "it was not changed or added. Ask its owner to join with the class code %(code)s."
                    ) % {"code": classroom.join_code}
                    result.skipped.append(row)
                    continue
                else:
                    row.username = user.username  # the stored spelling
                    row.outcome = "enrolled"
                    row.reason = _("Already your student: added to this class, account unchanged.")
                membership_add(classroom=classroom, student=user)
                result.rows.append(row)
    except (IntegrityError, ValidationError):
        # Another request took one of the usernames between the check and the write: nothing was kept.
        result.rows, result.skipped = [], []
        result.errors = [_("Another change to the accounts happened at the same time. Try the import again.")]
    return result

