"""Question generation from the differences, the definitions and the glossary. Pure and deterministic for
(document, seed).

Every statement shown in a prompt, a choice or a matching item is masked first: it names no subject, so the
wording never gives the answer away. And one bank shows each statement of the document in one question at
most (`QuestionData.shows`), so no question gives another's answer away in the quiz that holds them all.
"""

from __future__ import annotations

import random
import re

from . import lang
from .glossary_questions import GlossaryQuestions, cloze_accepts, term_forms
from .group_questions import GroupQuestions
from .masking import mask_subjects, which_noun
from .question_parts import (
    MATCHING_ITEMS,
    MC_CHOICES,
    PER_DIFFERENCE,
    Ref,
    _name,
    _ref_id,
    _rng,
    _statement,
)
from .types import DifferenceData, ParsedDocument, QuestionData, QuestionType, StatementData

__all__ = ["cloze_accepts", "generate_questions", "term_forms"]  # the callers' names, kept


class _Generator(GroupQuestions, GlossaryQuestions):
    def __init__(self, doc: ParsedDocument, seed: int | str):
        self.doc = doc
        self.seed = seed
        self.subjects = doc.subjects
        self.keys = [s.key for s in doc.subjects]
        self.t = lang.templates(doc.language)
        self.noun = which_noun(doc.subjects, doc.language)
        self.two_sided = [d for d in doc.differences if d.kind == "two_sided" and d.statements]
        self.free: dict[str, Ref] = {
            _ref_id((d, i)): (d, i)
            for d in self.two_sided
            for i, st in enumerate(d.statements)
            if st.subject in self.keys
        }

    # -- helpers

    def quote(self, text: str) -> str:
        return self.t["quote"].format(text)

    def masked(self, statement: StatementData) -> str:
        return mask_subjects(statement.text, self.subjects, self.doc.language)

    def model_choices(self) -> list[dict[str, str]]:
        return [{"id": s.key, "text": s.name} for s in self.subjects]

    def others(self, key: str) -> list[str]:
        return [k for k in self.keys if k != key]

    def take(self, refs: list[Ref]) -> list[str]:
        ids = [_ref_id(r) for r in refs]
        for ref_id in ids:
            self.free.pop(ref_id, None)
        return ids

    def free_refs(self, rng: random.Random, *, subject: str | None = None, exclude: str | None = None) -> list[Ref]:
        refs = [
            r
            for r in self.free.values()
            if (subject is None or _statement(r).subject == subject)
            and (exclude is None or _statement(r).subject != exclude)
        ]
        rng.shuffle(refs)
        return refs

    def base(self, diff: DifferenceData, key: str, type_: str, shows: list[str], **kw) -> QuestionData:
        return QuestionData(
            key=key,
            type=str(type_),
            source=diff.source,
            section_key=diff.section_key,
            difference_key=diff.key,
            shows=shows,
            **kw,
        )

    def reason(self, kind: str, text: str, statement: str, subject: str) -> dict[str, str]:
        return {"kind": kind, "text": text, "statement": statement, "subject": subject}

    def name_reasons(self, right: str, statement: str) -> dict[str, dict[str, str]]:
        """Subject-name choices: picking another subject attributes the statement to it."""
        name = _name(self.subjects, right)
        return {
            key: self.reason(
                "subject_name",
                self.t["reason_name"].format(right=name, wrong=_name(self.subjects, key)),
                statement,
                key,
            )
            for key in self.others(right)
        }

    def contrast(self, diff: DifferenceData, subjects: list[str]) -> str:
        """What the document says about the other subjects in this difference (names allowed: shown after grading)."""
        return " ".join(
            self.t["explain_contrast"].format(model=_name(self.subjects, st.subject), statement=self.quote(st.text))
            for st in diff.statements
            if st.subject in subjects
        )

    # -- one statement, one question

    def which_model(self, ref: Ref, key: str) -> QuestionData:
        diff, statement = ref[0], _statement(ref)
        model = _name(self.subjects, statement.subject)
        return self.base(
            diff,
            key,
            QuestionType.WHICH_MODEL,
            self.take([ref]),
            prompt=self.t["which_model"].format(statement=self.quote(self.masked(statement)), noun=self.noun),
            choices=self.model_choices(),
            answer=statement.subject,
            reasons=self.name_reasons(statement.subject, statement.text),
            explanation=" ".join(
                filter(
                    None,
                    [
                        self.t["explain_statement"].format(model=model),
                        self.contrast(diff, self.others(statement.subject)),
                    ],
                )
            ),
        )

    def true_false(self, ref: Ref, key: str) -> QuestionData:
        rng = _rng(self.seed, key)
        diff, statement = ref[0], _statement(ref)
        truth = rng.random() < 0.5
        claimed = statement.subject if truth else rng.choice(self.others(statement.subject))
        model, real = _name(self.subjects, claimed), _name(self.subjects, statement.subject)
        if truth:
            explanation = f"{self.t['explain_true'].format(model=model)} {self.contrast(diff, self.others(claimed))}"
            reasons = {"false": self.reason("denied", self.t["reason_denied"].format(model=model), statement.text, "")}
        else:
            explanation = f"{self.t['explain_false'].format(model=model, other=real)} {self.contrast(diff, [claimed])}"
            reasons = {
                "true": self.reason(
                    "subject_name", self.t["reason_name"].format(right=real, wrong=model), statement.text, claimed
                )
            }
        return self.base(
            diff,
            key,
            QuestionType.TRUE_FALSE,
            self.take([ref]),
            prompt=self.t["true_false"].format(model=model, statement=self.quote(self.masked(statement))),
            choices=[{"id": "true", "text": self.t["true"]}, {"id": "false", "text": self.t["false"]}],
            answer="true" if truth else "false",
            explanation=explanation.strip(),
            reasons=reasons,
        )

    def multiple_choice(self, ref: Ref, key: str) -> QuestionData | None:
        """The statement of one subject among other subjects' statements: first those of the same aspect."""
        rng = _rng(self.seed, key)
        diff, statement = ref[0], _statement(ref)
        same = [(diff, i) for i, st in enumerate(diff.statements) if st.subject != statement.subject]
        same = [r for r in same if _ref_id(r) in self.free]
        wrong: list[Ref] = same[: MC_CHOICES - 1]
        right_text = self.masked(statement)
        texts = {right_text}
        for r in self.free_refs(rng, exclude=statement.subject):
            if len(wrong) >= MC_CHOICES - 1:
                break
            if r not in wrong and self.masked(_statement(r)) not in texts:
                wrong.append(r)
                texts.add(self.masked(_statement(r)))
        if len(wrong) < 2 and not (wrong and wrong[0][0] is diff):
            return None  # two choices only when they are the two sides of one aspect
        picked = [ref, *wrong]
        rng.shuffle(picked)
        choices = [{"id": f"c{i}", "text": self.masked(_statement(r))} for i, r in enumerate(picked, start=1)]
        answer = choices[picked.index(ref)]["id"]
        model = _name(self.subjects, statement.subject)
        others = sorted({_statement(r).subject for r in wrong})
        return self.base(
            diff,
            key,
            QuestionType.MULTIPLE_CHOICE,
            self.take(picked),
            prompt=self.t["multiple_choice"].format(model=model),
            choices=choices,
            answer=answer,
            reasons=self.statement_reasons(choices, picked, [r for r in picked if r != ref], statement.subject),
            explanation=" ".join(
                [
                    self.t["explain_choice"].format(model=model, statement=self.quote(statement.text)),
                    self.t["explain_others"].format(
                        other=", ".join(_name(self.subjects, k) for k in others),
                    ),
                ]
            ),
        )

    def statement_reasons(
        self, choices: list[dict[str, str]], picked: list[Ref], wrong: list[Ref], subject: str
    ) -> dict[str, dict[str, str]]:
        """Statement choices asked of `subject`: each wrong one is another subject's statement, of the same
        difference as the asked one (`wrong[0]`'s difference when it is) or of another difference."""
        model = _name(self.subjects, subject)
        same_diffs = {picked[i][0].key for i in range(len(picked)) if picked[i] not in wrong}
        reasons = {}
        for choice, ref in zip(choices, picked, strict=True):
            if ref not in wrong:
                continue
            st = _statement(ref)
            other = _name(self.subjects, st.subject)
            kind, template = (
                ("same_difference", "reason_same") if ref[0].key in same_diffs else ("other_difference", "reason_other")
            )
            reasons[choice["id"]] = self.reason(
                kind, self.t[template].format(other=other, model=model), st.text, subject
            )
        return reasons

    def comparative(self, diff: DifferenceData) -> QuestionData:
        phrase = mask_subjects(diff.data["phrase"], self.subjects, self.doc.language).rstrip(".")
        phrase = phrase[:1].lower() + phrase[1:]
        winner = _name(self.subjects, diff.data["winner"])
        source = diff.statements[0].text if diff.statements else diff.source
        reasons = self.name_reasons(diff.data["winner"], source)
        if diff.data.get("condition") or not diff.data.get("other"):
            explanation = self.t["explain_choice"].format(model=winner, statement=self.quote(diff.statements[0].text))
        else:
            parts = {
                "winner": winner,
                "other": _name(self.subjects, diff.data["other"]),
                "phrase": phrase if self.doc.language == "vi" else re.sub(r"\s*than$", "", phrase),
            }
            explanation = self.t["explain_comparative"].format(**parts)
            if diff.data["other"] in reasons:
                reasons[diff.data["other"]].update(
                    kind="reversed_comparison", text=self.t["reason_reversed"].format(**parts)
                )
        return self.base(
            diff,
            f"{diff.key}:cmp",
            QuestionType.COMPARATIVE,
            [f"{diff.key}#0"],
            prompt=self.t["comparative"].format(phrase=phrase, noun=self.noun),
            choices=self.model_choices(),
            answer=diff.data["winner"],
            explanation=explanation,
            reasons=reasons,
        )

    def per_difference(self) -> list[QuestionData]:
        """One question per statement still free, the kinds taking turns."""
        questions: list[QuestionData] = []
        turn = 0  # not from the seed: a question keeps its key (and a teacher's edit) whatever the seed
        for diff in self.two_sided:
            made: set[str] = set()
            for index in range(len(diff.statements)):
                ref = (diff, index)
                if _ref_id(ref) not in self.free:
                    continue
                kind = PER_DIFFERENCE[turn % len(PER_DIFFERENCE)]
                turn += 1
                suffix = {"which_model": "which", "true_false": "tf", "multiple_choice": "mc"}[kind]
                key = f"{diff.key}:{suffix}" if suffix not in made else f"{diff.key}:{suffix}-{index}"
                question = None
                if kind == QuestionType.MULTIPLE_CHOICE:
                    question = self.multiple_choice(ref, key)
                    if question is None:
                        kind, suffix = QuestionType.WHICH_MODEL, "which"
                        key = f"{diff.key}:which" if "which" not in made else f"{diff.key}:which-{index}"
                if question is None:
                    question = self.which_model(ref, key) if kind == "which_model" else self.true_false(ref, key)
                made.add(suffix)
                questions.append(question)
        return questions

    def alternates(self, planned: set[str]) -> list[QuestionData]:
        """The kinds the plan left out, for the teacher to swap in: disabled, since they repeat statements."""
        found: list[QuestionData] = []
        everything = {_ref_id((d, i)): (d, i) for d in self.two_sided for i in range(len(d.statements))}
        makers = {"which": self.which_model, "tf": self.true_false, "mc": self.multiple_choice}
        for diff in self.two_sided:
            for suffix, make in makers.items():
                key = f"{diff.key}:{suffix}"
                if key in planned:
                    continue
                self.free = dict(everything)
                index = _rng("plan", key).randrange(len(diff.statements))
                question = make((diff, index), key)
                if question is not None:
                    question.enabled = False
                    found.append(question)
        for subject in self.keys:
            if f"multi:{subject}" in planned:
                continue
            self.free = dict(everything)
            question = self.multi_select(subject)
            if question is not None:
                question.enabled = False
                found.append(question)
        return found


def generate_questions(doc: ParsedDocument, seed: int | str = 0) -> list[QuestionData]:
    """The question bank of a document whose subjects and differences are filled in.

    Group questions (matching, multi-select) take their statements first, spread over the differences; every
    statement left gives one question of its own; each statement is shown by one question only.
    """
    if len(doc.subjects) < 2:
        return []
    gen = _Generator(doc, seed)
    groups: list[QuestionData | None] = []
    total = len(gen.free)
    if total >= 2 * MATCHING_ITEMS - 1:
        groups.append(gen.matching(1))
    if len(gen.free) >= 6 or (total >= 5 and not groups):
        groups.append(gen.multi_select())
    per_difference = gen.per_difference()
    per_difference += gen.alternates({q.key for q in per_difference + groups if q is not None})
    comparatives = [
        gen.comparative(d) for d in doc.differences if d.kind == "comparative" and d.data.get("winner") in gen.keys
    ]
    by_difference = {d.key: i for i, d in enumerate(doc.differences)}
    singles = sorted(per_difference + comparatives, key=lambda q: by_difference.get(q.difference_key or "", 0))
    definitions = [gen.definition(entry) for entry in doc.glossary]
    defined = {q.term_key for q in definitions if q is not None}
    clozes = [gen.cloze(entry) for entry in doc.glossary if entry.key not in defined]
    questions = singles + groups + definitions + clozes
    return [q for q in questions if q is not None]
