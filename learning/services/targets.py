"""Registry of things an assignment or an LTI link can point at.

`learning` never imports `simulator`: the simulator registers its exercise
resolver here from its AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    type: str  # "lesson" | "quiz" | "exercise" | "flashcards"
    id: int
    title: str
    url: str  # the page a student opens
    document_id: int | None = None


# type -> function(id) -> Target | None
_resolvers: dict[str, Callable[[int], "Target | None"]] = {}


def target_type_register(target_type: str, resolver: Callable[[int], "Target | None"]) -> None:
    _resolvers[target_type] = resolver


def target_resolve(target_type: str, target_id: int) -> Target | None:
    resolver = _resolvers.get(target_type)
    return resolver(target_id) if resolver else None


def target_types() -> list[str]:
    return sorted(_resolvers)
