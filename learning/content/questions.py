"""Question generation from the differences and the glossary. Pure and deterministic for (document, seed).

Every statement shown in a prompt, a choice or a matching item is masked first: it names neither
subject, so the wording never gives the answer away.
"""

from __future__ import annotations

import random
import re

from . import lang
from .differences import mask_subjects
from .types import DifferenceData, GlossaryEntry, ParsedDocument, QuestionData, StatementData, Subject

MC_CHOICES = 4
MATCHING_ITEMS = 4


def _rng(seed: int | str, key: str) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`: stable across runs and PYTHONHASHSEED.
    return random.Random(f"{seed}:{key}")


def _name(subjects: list[Subject], key: str) -> str:
    return next(s.name for s in subjects if s.key == key)


def _other(key: str) -> str:
    return "b" if key == "a" else "a"


class _Generator:
    def __init__(self, doc: ParsedDocument, seed: int | str):
        self.doc = doc
        self.seed = seed
        self.subjects = doc.subjects
        self.t = lang.templates(doc.language)
        self.two_sided = [d for d in doc.differences if d.kind == "two_sided" and len(d.statements) == 2]

    def quote(self, text: str) -> str:
        return self.t["quote"].format(text)

    def masked(self, statement: StatementData) -> str:
        return mask_subjects(statement.text, self.subjects, self.doc.language)

    def model_choices(self) -> list[dict[str, str]]:
        return [{"id": s.key, "text": s.name} for s in self.subjects]

    def base(self, diff: DifferenceData, key: str, type_: str, **kw) -> QuestionData:
        return QuestionData(
            key=key, type=type_, source=diff.source, section_key=diff.section_key, difference_key=diff.key, **kw
        )

    # -- one question per difference and kind

    def contrast(self, diff: DifferenceData, subject: str) -> str:
        """What the document says about the given subject in this difference (names allowed: shown after grading)."""
        statement = next((s for s in diff.statements if s.subject == subject), None)
        if statement is None:
            return ""
        return self.t["explain_contrast"].format(
            model=_name(self.subjects, subject), statement=self.quote(statement.text)
        )

    def which_model(self, diff: DifferenceData) -> QuestionData:
        statement = _rng(self.seed, f"{diff.key}:which").choice(diff.statements)
        model = _name(self.subjects, statement.subject)
        return self.base(
            diff,
            f"{diff.key}:which",
            "which_model",
            prompt=self.t["which_model"].format(statement=self.quote(self.masked(statement))),
            choices=self.model_choices(),
            answer=statement.subject,
            explanation=" ".join(
                filter(
                    None,
                    [self.t["explain_statement"].format(model=model), self.contrast(diff, _other(statement.subject))],
                )
            ),
        )

    def true_false(self, diff: DifferenceData) -> QuestionData:
        rng = _rng(self.seed, f"{diff.key}:tf")
        statement = rng.choice(diff.statements)
        truth = rng.random() < 0.5
        claimed = statement.subject if truth else _other(statement.subject)
        model, real = _name(self.subjects, claimed), _name(self.subjects, statement.subject)
        if truth:
            explanation = f"{self.t['explain_true'].format(model=model)} {self.contrast(diff, _other(claimed))}"
        else:
            explanation = f"{self.t['explain_false'].format(model=model, other=real)} {self.contrast(diff, claimed)}"
        return self.base(
            diff,
            f"{diff.key}:tf",
            "true_false",
            prompt=self.t["true_false"].format(model=model, statement=self.quote(self.masked(statement))),
            choices=[{"id": "true", "text": self.t["true"]}, {"id": "false", "text": self.t["false"]}],
            answer="true" if truth else "false",
            explanation=explanation.strip(),
        )

    def multiple_choice(self, diff: DifferenceData) -> QuestionData:
        key = f"{diff.key}:mc"
        rng = _rng(self.seed, key)
        statement = rng.choice(diff.statements)
        right = self.masked(statement)
        wrong = [self.masked(s) for s in diff.statements if s.subject != statement.subject]
        pool = [
            self.masked(s)
            for d in self.two_sided
            if d.key != diff.key
            for s in d.statements
            if s.subject != statement.subject
        ]
        rng.shuffle(pool)
        for text in pool:
            if len(wrong) >= MC_CHOICES - 1:
                break
            if text not in wrong and text != right:
                wrong.append(text)
        texts = [right] + wrong
        rng.shuffle(texts)
        choices = [{"id": f"c{i}", "text": text} for i, text in enumerate(texts, start=1)]
        answer = next(c["id"] for c in choices if c["text"] == right)
        model = _name(self.subjects, statement.subject)
        return self.base(
            diff,
            key,
            "multiple_choice",
            prompt=self.t["multiple_choice"].format(model=model),
            choices=choices,
            answer=answer,
            explanation=" ".join(
                [
                    self.t["explain_choice"].format(model=model, statement=self.quote(statement.text)),
                    self.t["explain_others"].format(other=_name(self.subjects, _other(statement.subject))),
                ]
            ),
        )

    def comparative(self, diff: DifferenceData) -> QuestionData:
        phrase = mask_subjects(diff.data["phrase"], self.subjects, self.doc.language).rstrip(".")
        phrase = phrase[:1].lower() + phrase[1:]
        return self.base(
            diff,
            f"{diff.key}:cmp",
            "comparative",
            prompt=self.t["comparative"].format(phrase=phrase),
            choices=self.model_choices(),
            answer=diff.data["winner"],
            explanation=self.t["explain_choice"].format(
                model=_name(self.subjects, diff.data["winner"]), statement=self.quote(diff.statements[0].text)
            )
            if diff.data.get("condition")
            else self.t["explain_comparative"].format(
                winner=_name(self.subjects, diff.data["winner"]),
                other=_name(self.subjects, diff.data["other"]),
                phrase=phrase if self.doc.language == "vi" else re.sub(r"\s*than$", "", phrase),
            ),
        )

    # -- questions over several differences

    def _statements_by_subject(self, rng: random.Random) -> dict[str, list[tuple[DifferenceData, StatementData]]]:
        by: dict[str, list[tuple[DifferenceData, StatementData]]] = {"a": [], "b": []}
        for diff in self.two_sided:
            for statement in diff.statements:
                by[statement.subject].append((diff, statement))
        for group in by.values():
            rng.shuffle(group)
        return by

    def multi_select(self, subject: str) -> QuestionData | None:
        key = f"multi:{subject}"
        rng = _rng(self.seed, key)
        by = self._statements_by_subject(rng)
        right, wrong = by[subject][:2], by[_other(subject)][:2]
        if len(right) < 2 or len(wrong) < 1:
            return None
        picked = [(d, s, True) for d, s in right] + [(d, s, False) for d, s in wrong]
        rng.shuffle(picked)
        choices = [{"id": f"c{i}", "text": self.masked(s)} for i, (_, s, _) in enumerate(picked, start=1)]
        model = _name(self.subjects, subject)
        first = right[0][0]
        return QuestionData(
            key=key,
            type="multi_select",
            prompt=self.t["multi_select"].format(model=model),
            choices=choices,
            answer=sorted(c["id"] for c, (_, _, ok) in zip(choices, picked, strict=True) if ok),
            explanation=" ".join(
                [
                    self.t["explain_choice"].format(
                        model=model, statement="; ".join(self.quote(s.text) for _, s in right)
                    )
                ]
                + [self.t["explain_others"].format(other=_name(self.subjects, _other(subject)))]
            ),
            source=" ".join(d.source for d, _ in right),
            section_key=first.section_key,
            difference_key=first.key,
        )

    def matching(self, number: int) -> QuestionData | None:
        key = f"matching:{number}"
        rng = _rng(self.seed, key)
        by = self._statements_by_subject(rng)
        half = MATCHING_ITEMS // 2
        chosen: list[tuple[DifferenceData, StatementData]] = []
        used: set[str] = set()
        for subject in ("a", "b"):
            for diff, statement in by[subject]:
                if len([1 for _, s in chosen if s.subject == subject]) >= half:
                    break
                if diff.key not in used:
                    chosen.append((diff, statement))
                    used.add(diff.key)
        if len(chosen) < MATCHING_ITEMS:
            return None
        rng.shuffle(chosen)
        items = [{"id": f"s{i}", "text": self.masked(s)} for i, (_, s) in enumerate(chosen, start=1)]
        pairs = "; ".join(
            self.t["pair"].format(statement=item["text"], model=_name(self.subjects, s.subject))
            for item, (_, s) in zip(items, chosen, strict=True)
        )
        return QuestionData(
            key=key,
            type="matching",
            prompt=self.t["matching"],
            choices=self.model_choices(),
            items=items,
            answer={item["id"]: s.subject for item, (_, s) in zip(items, chosen, strict=True)},
            explanation=self.t["explain_matching"].format(pairs=pairs),
            source=" ".join(d.source for d, _ in chosen),
            section_key=chosen[0][0].section_key,
            difference_key=chosen[0][0].key,
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
            type="cloze",
            prompt=self.t["cloze"].format(sentence=sentence),
            choices=[],
            answer=entry.term,
            explanation=self.t["explain_cloze"].format(term=entry.term, sentence=self.quote(entry.definition)),
            source=entry.definition,
            section_key=entry.section_key,
            term_key=entry.key,
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


def generate_questions(doc: ParsedDocument, seed: int | str = 0) -> list[QuestionData]:
    """The question bank of a document whose subjects and differences are filled in."""
    if len(doc.subjects) != 2:
        return []
    gen = _Generator(doc, seed)
    questions: list[QuestionData] = []
    for diff in doc.differences:
        if diff.kind == "comparative" and diff.data.get("winner") in ("a", "b"):
            questions.append(gen.comparative(diff))
        elif diff in gen.two_sided:
            questions += [gen.which_model(diff), gen.true_false(diff), gen.multiple_choice(diff)]
    for subject in ("a", "b"):
        questions.append(gen.multi_select(subject))
    for number in range(1, 1 + len(gen.two_sided) // MATCHING_ITEMS + 1):
        questions.append(gen.matching(number))
    questions += [gen.cloze(entry) for entry in doc.glossary]
    return [q for q in questions if q is not None]
