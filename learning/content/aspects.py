"""A difference's aspect: the question on a flashcard's front ("What differs in the topic of A and B?"), pure.

The topic is the longest run of words both statements share once the subjects' names are masked away, so a card
asks about what the teacher wrote rather than repeating one side.
"""

from __future__ import annotations

import re

from . import lang
from .masking import mask_subjects, noun_phrase, which_noun
from .text import WORD
from .types import DifferenceData, Subject


def shared_topic(first: str, second: str, subjects: list[Subject], language: str) -> str:
    """The longest run of words both sides share (names masked away), trimmed of small words: the aspect's topic."""
    mask = noun_phrase(subjects, language).lower().split() + noun_phrase(subjects, language, plural=True).split()

    def words(text: str) -> list[str]:
        return re.findall(rf"{WORD}[\w\-]*", mask_subjects(text, subjects, language).lower())

    a, b = words(first), words(second)
    best: list[str] = []
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            if k > len(best):
                best = a[i : i + k]
    small = lang.EDGE_WORDS.get(language, lang.EDGE_WORDS["en"]) | set(mask)
    while best and best[0] in small:
        best = best[1:]
    while best and best[-1] in small:
        best = best[:-1]
    return " ".join(best)


def aspect_for(diff: DifferenceData, subjects: list[Subject], language: str) -> str:
    """The difference as a question, for a flashcard's front."""
    t = lang.templates(language)
    if diff.kind == "comparative":
        return t["aspect_comparative"].format(phrase=diff.data["phrase"], noun=which_noun(subjects, language))
    names = {s.key: s.name for s in subjects}
    if diff.data.get("aspect"):
        listed = [s.name for s in subjects if any(st.subject == s.key for st in diff.statements)]
        return t["aspect_many"].format(names=_and(listed, language), topic=diff.data["aspect"])
    if len(diff.statements) >= 3:
        return t["aspect_compare"].format(a=_and([s.name for s in subjects][:-1], language), b=subjects[-1].name)
    if len(diff.statements) == 2:
        first, second = diff.statements
        topic = shared_topic(first.text, second.text, subjects, language)
        # A topic worth asking about: two words or more (Vietnamese words are syllables), or one long English word.
        if len(topic.split()) >= 2 or (language != "vi" and len(topic) >= 6):
            ordered = [s.name for s in subjects if s.key in (first.subject, second.subject)]
            return t["aspect_topic"].format(a=ordered[0], b=ordered[-1], topic=topic)
        return t["aspect_one_side"].format(statement=first.text, other=names[second.subject])
    return t["aspect_compare"].format(a=_and([s.name for s in subjects][:-1], language), b=subjects[-1].name)


def _and(names: list[str], language: str) -> str:
    """ "A", "A and B", "A, B and C" (Vietnamese "và")."""
    word = " và " if language == "vi" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]
