"""Questions over several differences: which statements belong to one subject (multi-select), and
matching statements to subjects. A mixin of the question generator (learning.content.questions)."""

from __future__ import annotations

from .question_parts import MATCHING_ITEMS, MAX_MATCHING_ITEMS, Ref, _name, _ref_id, _rng, _statement
from .types import QuestionData, QuestionType


class GroupQuestions:
    def _spread(self, refs: list[Ref], count: int, used: set[str]) -> list[Ref]:
        """Up to count statements; with two subjects from differences not used yet (one side each: the other side
        of the same aspect would give it away), with more subjects any statement not used yet."""
        chosen = []
        for ref in refs:
            if len(chosen) >= count:
                break
            mark = ref[0].key if len(self.keys) == 2 else _ref_id(ref)
            if mark not in used:
                chosen.append(ref)
                used.add(mark)
        return chosen

    def multi_select(self, subject: str | None = None) -> QuestionData | None:
        key_rng = _rng("plan", "multi")
        candidates = [k for k in self.keys if len({r[0].key for r in self.free_refs(key_rng, subject=k)}) >= 2]
        if subject is None and candidates:
            subject = key_rng.choice(candidates)
        if subject not in candidates:
            return None
        key = f"multi:{subject}"
        rng = _rng("plan", key)
        used: set[str] = set()
        right = self._spread(self.free_refs(rng, subject=subject), 2, used)
        wrong = self._spread(self.free_refs(rng, exclude=subject), 2 if len(self.free) >= 8 else 1, used)
        if len(right) < 2 or not wrong:
            return None
        picked = [(r, True) for r in right] + [(r, False) for r in wrong]
        _rng(self.seed, key).shuffle(picked)  # which statements: the plan; their order: the seed
        choices = [{"id": f"c{i}", "text": self.masked(_statement(r))} for i, (r, _) in enumerate(picked, start=1)]
        model = _name(self.subjects, subject)
        others = sorted({_statement(r).subject for r in wrong})
        refs = [r for r, _ in picked]
        return QuestionData(
            key=key,
            type=QuestionType.MULTI_SELECT,
            prompt=self.t["multi_select"].format(model=model),
            choices=choices,
            answer=sorted(c["id"] for c, (_, ok) in zip(choices, picked, strict=True) if ok),
            reasons=self.statement_reasons(choices, refs, [r for r, ok in picked if not ok], subject),
            explanation=" ".join(
                [
                    self.t["explain_choice"].format(
                        model=model, statement="; ".join(self.quote(_statement(r).text) for r in right)
                    ),
                    self.t["explain_others"].format(other=", ".join(_name(self.subjects, k) for k in others)),
                ]
            ),
            source=" ".join(r[0].source for r in right),
            section_key=right[0][0].section_key,
            difference_key=right[0][0].key,
            shows=self.take([r for r, _ in picked]),
        )

    def matching(self, number: int) -> QuestionData | None:
        key = f"matching:{number}"
        rng = _rng("plan", key)
        size = min(MAX_MATCHING_ITEMS, max(MATCHING_ITEMS, len(self.keys)))
        used: set[str] = set()
        chosen: list[Ref] = []
        for subject in self.keys:  # every subject is a target at least once
            chosen += self._spread(self.free_refs(rng, subject=subject), 1, used)
        for ref in self.free_refs(rng):
            if len(chosen) >= size:
                break
            chosen += self._spread([ref], 1, used)
        if len(chosen) < size or len({_statement(r).subject for r in chosen}) < len(self.keys):
            return None
        _rng(self.seed, key).shuffle(chosen)
        items = [{"id": f"s{i}", "text": self.masked(_statement(r))} for i, r in enumerate(chosen, start=1)]
        pairs = "; ".join(
            self.t["pair"].format(statement=item["text"], model=_name(self.subjects, _statement(r).subject))
            for item, r in zip(items, chosen, strict=True)
        )
        return QuestionData(
            key=key,
            type=QuestionType.MATCHING,
            prompt=self.t["matching"].format(noun=self.noun),
            choices=self.model_choices(),
            items=items,
            answer={item["id"]: _statement(r).subject for item, r in zip(items, chosen, strict=True)},
            explanation=self.t["explain_matching"].format(pairs=pairs),
            source=" ".join(r[0].source for r in chosen),
            section_key=chosen[0][0].section_key,
            difference_key=chosen[0][0].key,
            shows=self.take(chosen),
        )
