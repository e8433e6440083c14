"""Questions from the glossary: which subject a definition describes, and the term left out of its
definition (cloze), with the forms a typed answer may take. A mixin of the question generator."""

from __future__ import annotations

import re

from . import lang
from .masking import mask_subjects
from .subjects import strip_generic
from .types import GlossaryEntry, QuestionData, QuestionType


class GlossaryQuestions:
    def definition(self, entry: GlossaryEntry) -> QuestionData | None:
        """A definition of one of the subjects: which one does it describe?"""
        term = strip_generic(re.sub(r"\s*\(.*$", "", entry.term))
        named = [s for s in self.subjects if lang.fold(term) in {lang.fold(a) for a in s.aliases + [s.name]}]
        if len(named) != 1:
            return None
        subject = named[0]
        # "TCP (Transmission Control Protocol) is ...": the expansion would give the name away.
        definition = re.sub(r"(?<=\w)\s*\([^)]{1,120}\)", "", entry.definition, count=1)
        masked = mask_subjects(definition, self.subjects, self.doc.language)
        if len(masked.split()) < 4:
            return None
        return QuestionData(
            key=f"definition:{entry.key}",
            type=QuestionType.WHICH_MODEL,
            prompt=self.t["which_definition"].format(statement=self.quote(masked), noun=self.noun),
            choices=self.model_choices(),
            answer=subject.key,
            explanation=f"{self.t['explain_definition'].format(model=subject.name)} {self.quote(entry.definition)}",
            source=entry.definition,
            section_key=entry.section_key,
            term_key=entry.key,
            shows=[f"term:{entry.key}"],
            reasons=self.name_reasons(subject.key, entry.definition),
        )

    def cloze(self, entry: GlossaryEntry) -> QuestionData | None:
        forms = term_forms(entry.term)
        pattern = re.compile(
            "|".join(rf"(?<![^\W_]){re.escape(f)}(?![^\W_])" for f in sorted(forms, key=len, reverse=True)),
            re.IGNORECASE,
        )
        if not pattern.search(entry.definition):
            return None
        sentence = pattern.sub(self.t["mask"], entry.definition)
        return QuestionData(
            key=f"term:{entry.key}",
            type=QuestionType.CLOZE,
            prompt=self.t["cloze"].format(sentence=sentence),
            choices=[],
            answer=entry.term,
            explanation=self.t["explain_cloze"].format(term=entry.term, sentence=self.quote(entry.definition)),
            source=entry.definition,
            section_key=entry.section_key,
            term_key=entry.key,
            shows=[f"term:{entry.key}"],
        )


def term_forms(term: str) -> list[str]:
    """The ways a glossary term may be written: "Server (máy chủ)" -> Server (máy chủ), Server, máy chủ."""
    forms = [term.strip()]
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*$", term)
    if m:
        forms += [m.group(1).strip(), m.group(2).strip()]
    return [f for f in dict.fromkeys(forms) if f]


def cloze_accepts(term: str, answer: str) -> bool:
    """A typed answer is right when it is one of the term's forms, ignoring case, accents and spacing."""

    def norm(text: str) -> str:
        return re.sub(r"[\W_]+", " ", lang.fold(text)).strip()

    typed = norm(answer)
    if not typed:
        return False
    accepted = set()
    for form in term_forms(term):
        accepted.add(norm(form))
        for noun in lang.GENERIC_NOUNS_VI:
            accepted.add(norm(re.sub(rf"^(?:{re.escape(noun)}\s+)+", "", form, flags=re.IGNORECASE)))
    return typed in accepted
