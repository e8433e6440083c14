"""Which classes a user reaches, and the students in them: a teacher their own classes, a student the
classes they joined."""

from django.http import Http404

from learning.models import Classroom, Membership, User


def classrooms_for(user: User):
    """The classes `user` may see: taught (teacher) or joined (student)."""
    if not user.is_authenticated:
        return Classroom.objects.none()
    if user.is_teacher:
        return Classroom.objects.filter(teacher=user)
    return Classroom.objects.filter(memberships__student=user)


def access_classroom_by_id(user: User, classroom_id: int) -> Classroom:
    """A class the user teaches or has joined; 404 otherwise."""
    classroom = classrooms_for(user).select_related("teacher").filter(pk=classroom_id).first()
    if classroom is None:
        raise Http404("No such class.")
    return classroom


def access_taught_classroom_by_id(user: User, classroom_id: int) -> Classroom:
    """A class the user teaches; 404 for anyone else (another teacher, or a student of that class)."""
    classroom = Classroom.objects.filter(pk=classroom_id, teacher_id=user.pk).first() if user.is_teacher else None
    if classroom is None:
        raise Http404("No such class.")
    return classroom


def access_class_student_by_id(classroom: Classroom, student_id: int) -> User:
    """A student of `classroom` (the caller already holds the class); 404 when not a member."""
    membership = Membership.objects.select_related("student").filter(classroom=classroom, student_id=student_id).first()
    if membership is None:
        raise Http404("No such student in this class.")
    return membership.student
