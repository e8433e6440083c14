"""Writes on accounts."""

from django.db import transaction

from learning.models import User


@transaction.atomic
def account_upsert(
    *, username: str, role: str, password: str | None = None, first_name: str = "", last_name: str = "", email: str = ""
) -> tuple[User, bool]:
    """Create the account, or update role, names and password of an existing one. Returns (user, created)."""
    if role not in User.Role.values:
        raise ValueError(f"role must be one of {', '.join(User.Role.values)}")
    user, created = User.objects.get_or_create(username=username, defaults={"role": role})
    user.role = role
    if first_name:
        user.first_name = first_name
    if last_name:
        user.last_name = last_name
    if email:
        user.email = email
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user, created
