"""The one registry of things an assignment, an LTI link or a lesson page can point at.

Each target type registers once at start-up (the study side from `learning.targets`, the simulator from its
AppConfig.ready()): how to resolve an id, what a teacher can pick, which targets belong to a lesson, whether
it is graded. `learning` never imports `simulator`: it only calls what was registered here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    type: str  # "lesson" | "quiz" | "exercise" | "flashcards"
    id: int
    title: str
    url: str  # the page a student opens, built with reverse()
    document_id: int | None = None
    graded: bool = False
    lesson_id: int | None = None  # the lesson it belongs to, when it belongs to one
    detail: str = ""  # what a teacher needs to choose it (an exercise: its simulation and the difference it shows)


@dataclass(frozen=True)
class TargetType:
    name: str
    graded: bool
    resolve: Callable[[int], Target | None]
    # What a teacher can pick or an LMS can link (published ones), in display order.
    listing: Callable[[], list[Target]]
    # The targets of this type that belong to a lesson (its exercises, say); None: the type has none.
    for_lesson: Callable[[Any], list[Target]] | None = None
    # {difference key: targets} that practise the differences of these documents (the mastery view's links).
    for_differences: Callable[[list[int]], dict[str, list[Target]]] | None = None


_types: dict[str, TargetType] = {}


def target_type_register(target_type: TargetType) -> None:
    _types[target_type.name] = target_type


def target_resolve(target_type: str, target_id: int) -> Target | None:
    registered = _types.get(target_type)
    return registered.resolve(target_id) if registered else None


def target_types() -> list[str]:
    return sorted(_types)


def target_is_graded(target_type: str) -> bool:
    registered = _types.get(target_type)
    return bool(registered and registered.graded)


def targets_linkable(types: Iterable[str] | None = None) -> list[Target]:
    """Every target of the given types (all by default) a teacher may assign or place in a course."""
    names = list(types) if types is not None else target_types()
    return [target for name in names if name in _types for target in _types[name].listing()]


def targets_for_lesson(lesson: Any) -> list[Target]:
    """What a lesson page links to beyond itself (its simulation exercises), from every registered type."""
    return [
        target
        for registered in _types.values()
        if registered.for_lesson is not None
        for target in registered.for_lesson(lesson)
    ]


def targets_by_difference(document_ids: list[int]) -> dict[str, list[Target]]:
    """{difference key: targets tied to it} over every registered type, for the differences of these documents."""
    found: dict[str, list[Target]] = {}
    for registered in _types.values():
        if registered.for_differences is None:
            continue
        for key, targets in registered.for_differences(list(document_ids)).items():
            found.setdefault(key, []).extend(targets)
    return found
