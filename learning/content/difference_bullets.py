"""How one bullet of a differences section reads (pure: no Django).

A bullet is comparative ("A is more X than B"), two-sided ("A ..., while B ...", "Unlike A, B ..."), or, with three
subjects or more, one clause per subject; a sub-heading per aspect gathers the sentences about each subject.
Each reader returns a DifferenceData, or None when the bullet is not of its shape (the caller tries the next).
"""

from __future__ import annotations

import re

from . import lang
from .subjects import aliases_regex, subject_of
from .text import WORD, plain, split_all, split_contrast, split_sentences, tidy
from .types import DifferenceData, StatementData, Subject


def _split_at_comma(sentence: str, groups: list[list[str]]) -> list[str]:
    """ "Hubs share one domain, switches give each port its own": a clause after a comma opening with the other."""
    first = subject_of(sentence, groups)
    if first is None:
        return [sentence]
    other = aliases_regex(groups[1 - first])
    generic = "|".join(re.escape(n) for n in lang.GENERIC_NOUNS_VI + lang.GENERIC_NOUNS_EN)
    for m in re.finditer(r",\s*", sentence):
        rest = sentence[m.end() :]
        rest_core = re.sub(rf"^(?:(?:{generic})\s+)*", "", rest, flags=re.IGNORECASE)
        if other.match(rest_core):
            return [sentence[: m.start()], rest]
    return [sentence]


def read_comparative(bullet: str, subjects: list[Subject]) -> DifferenceData | None:
    if len(subjects) != 2:
        return None  # "A is faster than B" says nothing of C: read as a statement about A
    sentences = split_sentences(bullet)
    if len(sentences) != 1:
        return None
    sentence = sentences[0]
    groups = [s.aliases for s in subjects]
    m = re.search(r"\s+(?P<marker>hơn\s+so\s+với|hơn\s+so|hơn|than)\s+(?P<other>.+?)\s*$", sentence, re.I)
    if not m:
        return None
    other_text = re.sub(r"^(?:the|a|an)\s+", "", m.group("other").strip(), flags=re.IGNORECASE)
    other = subject_of(other_text, groups)
    named = aliases_regex(groups[other]).match(other_text) if other is not None else None
    if named is None:
        return None
    # "... than B for simple key lookups": the condition belongs to the comparison.
    tail = other_text[named.end() :]
    tail = re.sub(rf"^\s*(?:{'|'.join(lang.GENERIC_SUFFIX_EN)})(?!{WORD})", "", tail, flags=re.I).strip(" .,;")
    head = sentence[: m.start()]
    first = aliases_regex(groups[1 - other]).search(head)
    if not first:
        return None
    phrase = head[first.end() :]
    phrase = re.sub(r"^[\s,]*(?:(?:thì|là)\s+)?(?:(?:mô hình|mạng|model|network)\s+)?", "", phrase, flags=re.I)
    phrase = re.sub(rf"^(?:{'|'.join(lang.GENERIC_SUFFIX_EN)})\s+", "", phrase, flags=re.I).strip(" ,")
    if not phrase:
        return None
    marker = m.group("marker").lower()
    vietnamese = marker.startswith("hơn")
    if vietnamese:
        phrase = f"{phrase} hơn"
    else:
        # "which one is ...": the verb agrees with a singular "which".
        phrase = re.sub(r"^are\b", "is", phrase)
        phrase = re.sub(r"^have\b", "has", phrase)
        phrase = re.sub(r"^do\b", "does", phrase)
        verb = re.match(r"^([a-z]+)\b", phrase)
        plural_subject = re.search(r"[a-z][^su]s$", first.group(0), re.I)
        if verb and plural_subject and verb.group(1) not in lang.NOT_VERBS_EN and not verb.group(1).endswith("s"):
            word = verb.group(1)
            phrase = (word + ("es" if word.endswith(("ch", "sh", "x", "o")) else "s")) + phrase[len(word) :]
    if tail:
        phrase = f"{phrase} {tail}"
    prop = re.sub(r"^(?:is|are|has|have|có|là)\s+", "", phrase, flags=re.I)
    prop = re.sub(r"\s*hơn(?:\s.*)?$", "", prop)
    prop = re.sub(r"\s+(?:for|when|if|in|on|at|with)\s.*$", "", prop)
    prop = re.sub(r"^(?:more|less|fewer)\s+", "", prop, flags=re.I)
    winner = subjects[1 - other].key
    return DifferenceData(
        key="",
        kind="comparative",
        source=bullet.strip(),
        statements=[StatementData(subject=winner, text=tidy(sentence))],
        section_key="",
        data={
            "winner": winner,
            "other": subjects[other].key,
            "phrase": phrase,
            "property": prop,
            "condition": tail,
            "direction": "less" if re.match(r"^(?:is |has )?(?:less|fewer)\b", phrase, re.I) else "more",
        },
    )


UNLIKE = re.compile(
    r"^\s*(?:unlike|in contrast to|contrary to|as opposed to|khác với|không giống như|trái với)\s+"
    r"(?P<x>[^,]+),\s*(?P<rest>.+)$",
    re.IGNORECASE,
)


def read_two_sided(bullet: str, subjects: list[Subject]) -> DifferenceData | None:
    groups = [s.aliases for s in subjects]
    if len(subjects) != 2:
        return read_many_sided(bullet, subjects)
    unlike = UNLIKE.match(bullet)
    if unlike and subject_of(unlike.group("x"), groups) is not None:
        # "Unlike A, B keeps a table": one statement, about B.
        about = 1 - subject_of(unlike.group("x"), groups)
        return DifferenceData(
            key="",
            kind="two_sided",
            source=bullet.strip(),
            statements=[StatementData(subject=subjects[about].key, text=tidy(unlike.group("rest")))],
            section_key="",
        )
    sides = split_contrast(bullet)
    if len(sides) == 1 and len(split_sentences(bullet)) == 1:
        sides = _split_at_comma(bullet, groups)
    if len(sides) == 1:
        sentences = split_sentences(bullet)
        first = subject_of(sentences[0], groups) if sentences else None
        cut = None
        for i, sentence in enumerate(sentences[1:], start=1):
            named = subject_of(sentence, groups)
            if named is not None and named != first:
                cut = i
                break
        if cut is None:
            if first is None:
                return None
            return DifferenceData(
                key="",
                kind="two_sided",
                source=bullet.strip(),
                statements=[StatementData(subject=subjects[first].key, text=tidy(bullet))],
                section_key="",
            )
        sides = [". ".join(sentences[:cut]), ". ".join(sentences[cut:])]
    found = [subject_of(side, groups) for side in sides]
    if found[0] is None and found[1] is None:
        return None
    if found[0] is None or found[0] == found[1]:
        found[0] = 1 - found[1] if found[0] is None else found[0]
        found[1] = 1 - found[0]
    elif found[1] is None:
        found[1] = 1 - found[0]
    statements = [StatementData(subject=subjects[f].key, text=tidy(side)) for f, side in zip(found, sides, strict=True)]
    return DifferenceData(key="", kind="two_sided", source=bullet.strip(), statements=statements, section_key="")


def read_many_sided(text: str, subjects: list[Subject]) -> DifferenceData | None:
    """Three or more subjects: each clause about the subject it names; a clause naming none joins the previous."""
    groups = [s.aliases for s in subjects]
    by: dict[int, list[str]] = {}
    current: int | None = None
    clauses = [part for clause in split_all(text) for part in _split_at_names(clause, groups)]
    for clause in clauses:
        named = subject_of(clause, groups)
        if named is not None:
            current = named
        if current is not None:
            by.setdefault(current, []).append(clause.strip(" ,;"))
    if not by:
        return None
    statements = [StatementData(subject=subjects[i].key, text=tidy(". ".join(by[i]))) for i in sorted(by)]
    return DifferenceData(key="", kind="two_sided", source=text.strip(), statements=statements, section_key="")


def _split_at_names(clause: str, groups: list[list[str]]) -> list[str]:
    """ "A does x, B does y": split before a comma-led clause that opens with another subject's name."""
    parts, start = [], 0
    for m in re.finditer(r",\s*", clause):
        if subject_of(clause[m.end() : m.end() + 40], groups) is not None and aliases_regex(
            [a for g in groups for a in g]
        ).match(clause[m.end() :]):
            parts.append(clause[start : m.start()])
            start = m.end()
    parts.append(clause[start:])
    return [p for p in parts if p.strip()]


def read_aspect_block(aspect: str, lines: list[str], subjects: list[Subject]) -> DifferenceData | None:
    """One sub-heading's paragraph(s): the sentences about each subject, under the heading's aspect."""
    text = " ".join(plain(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", ln)) for ln in lines if ln.strip())
    groups = [s.aliases for s in subjects]
    by: dict[int, list[str]] = {}
    current: int | None = None
    for clause in split_all(text) if len(subjects) > 2 else split_sentences(text):
        sides = [clause] if len(subjects) > 2 else split_contrast(clause)
        for side in sides:
            named = subject_of(side, groups)
            current = named if named is not None else current
            if current is not None:
                by.setdefault(current, []).append(side.strip(" ,;"))
    if len(by) < 2:
        return None
    statements = [StatementData(subject=subjects[i].key, text=tidy(". ".join(by[i]))) for i in sorted(by)]
    diff = DifferenceData(key="", kind="two_sided", source=text, statements=statements, section_key="")
    diff.data = {"aspect": aspect}
    return diff
