"""Difference extraction: the two subjects of a comparison document and its list of differences.

Pure: takes a ParsedDocument, returns plain data. Works on Vietnamese and English documents written
like the seed: a title "Compare A and B", definition headings, and a section whose bullets each state
one difference, either two-sided ("A ..., while B ...") or comparative ("A is more X than B").
"""

from __future__ import annotations

import re

from . import lang
from .types import DifferenceData, DocumentError, ParsedDocument, Section, StatementData, Subject

# Well-known other names of the usual subjects; added only when the text itself uses them.
KNOWN_SYNONYMS = {
    "peer to peer": ["p2p", "ngang hàng"],
    "client server": ["client/server", "khách-chủ", "khách chủ"],
}
WORD = r"[^\W_]"
MAX_ALIAS_WORDS = 5
STOP_LEADS = re.compile(
    r"^(?:nó|chúng|họ|mỗi|các|những|một|it|they|each|every|this|that|these|those|there|its|their)\b", re.I
)


# --------------------------------------------------------------------------- text helpers


def alias_pattern(alias: str) -> str:
    """Regex for an alias: case-insensitive, spaces and hyphens interchangeable, whole words."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", alias.strip()) if w]
    # English plurals ("hubs", "switches", "LANs") name the subject too.
    plural = r"(?:e?s)?" if re.search(r"[A-Za-z]$", alias.strip()) else ""
    return rf"(?<!{WORD})" + r"[\s\-]+".join(words) + plural + rf"(?!{WORD})"


def aliases_regex(aliases: list[str]) -> re.Pattern:
    ordered = sorted({a for a in aliases if a.strip()}, key=len, reverse=True)
    return re.compile("|".join(f"(?:{alias_pattern(a)})" for a in ordered) or r"(?!x)x", re.IGNORECASE)


def tidy(text: str) -> str:
    """A statement as a clean sentence: spaces after punctuation, capital first letter, final period."""
    text = re.sub(r"([,;:])(?=[^\W\d_])", r"\1 ", text)
    text = re.sub(r"(?<=[^\W\d_]{2})\.(?=[^\W\d_])", ". ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–")
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends, including the seed's missing spaces ("dữ liệu.Còn ...")."""
    parts = re.split(r"(?<=[^\W\d_])[.!?]+(?=\s*[^\W\d_])", text)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _strip_generic(name: str) -> str:
    name = name.strip(" .,:;?!#*")
    changed = True
    while changed:
        changed = False
        for noun in lang.GENERIC_NOUNS_VI + lang.GENERIC_NOUNS_EN:
            m = re.match(rf"{re.escape(noun)}\s+(.+)$", name, re.IGNORECASE)
            if m:
                name, changed = m.group(1), True
        for noun in lang.GENERIC_SUFFIX_EN:
            m = re.match(rf"(.+?)\s+{re.escape(noun)}$", name, re.IGNORECASE)
            if m:
                name, changed = m.group(1), True
    return name.strip()


def _canonical(name: str) -> str:
    if re.fullmatch(r"peer[\s\-]+to[\s\-]+peer", name, re.IGNORECASE):
        return "Peer-to-peer"
    return name[0].upper() + name[1:] if name else name


# --------------------------------------------------------------------------- subjects


def difference_section(parsed: ParsedDocument) -> Section:
    """The section listing the differences: a matching heading that has bullets (the last such one)."""
    candidates = [s for s in parsed.sections if lang.DIFFERENCE_HEADING.search(s.title) and s.bullets]
    if not candidates:
        raise DocumentError("No list of differences: add a section titled like 'Differences' or 'Sự khác biệt'.")
    # The document title is often "Compare A and B" too; prefer the deepest, latest heading with bullets.
    return max(candidates, key=lambda s: (s.level, s.position))


def _names_from_title(title: str) -> list[str]:
    rest = lang.TITLE_PREFIX.sub("", title.strip(" #"))
    parts = [p for p in lang.TITLE_SEPARATOR.split(rest) if p.strip()]
    if len(parts) == 2:
        return [_strip_generic(p) for p in parts]
    return []


def find_subject_names(parsed: ParsedDocument, section: Section) -> list[str]:
    """The two subjects' base names, in the order of the title (or of the definitions)."""
    definitions = []
    for s in parsed.sections:
        m = lang.DEFINITION_HEADING.match(s.title)
        if m:
            name = _strip_generic(m.group("name"))
            if name and all(name.lower() != d.lower() for d in definitions):
                definitions.append(name)
    titled = _names_from_title(parsed.title)
    if not titled and len(definitions) >= 2:
        titled = definitions[:2]
    if not titled:
        titled = _names_from_title(lang.DIFFERENCE_HEADING.split(section.title, 1)[-1]) or _names_from_title(
            section.title
        )
    if len(titled) != 2:
        raise DocumentError("Cannot tell which two things are compared: write a title like 'Compare A and B'.")
    # Order = where each name first appears in the title, else as found.
    title = parsed.title

    def order(name: str) -> int:
        m = re.search(alias_pattern(name), title, re.IGNORECASE)
        return m.start() if m else 10_000

    return sorted(titled, key=order)


def _surface_forms(name: str, texts: list[str]) -> list[str]:
    forms = []
    pattern = re.compile(alias_pattern(name), re.IGNORECASE)
    for text in texts:
        for m in pattern.finditer(text):
            if m.group(0) not in forms:
                forms.append(m.group(0))
    return forms or [name]


def _lead_phrase(side: str) -> str | None:
    """The short noun phrase a side opens with ("mô hình ngang hàng" in "Còn mô hình ngang hàng, mỗi ...")."""
    side = re.sub(rf"^\s*{lang.SIDE_LEAD}", "", side.strip(), flags=re.IGNORECASE)
    m = re.match(r"^([^,;:.]+?)\s*(?:,|\s+thì\s|$)", side)
    if not m:
        return None
    phrase = m.group(1).strip()
    if not phrase or len(phrase.split()) > MAX_ALIAS_WORDS or STOP_LEADS.match(phrase):
        return None
    return phrase


def _split_contrast(bullet: str) -> list[str]:
    """Split at the strongest contrast marker ("trong khi đó" before "while" before ", but")."""
    for marker in lang.CONTRAST_PATTERNS:
        m = marker.search(bullet)
        if m and m.start() > 0 and bullet[m.end() :].strip():
            return [bullet[: m.start()], bullet[m.end() :]]
    return [bullet]


def _split_at_comma(sentence: str, groups: list[list[str]]) -> list[str]:
    """ "Hubs share one domain, switches give each port its own": a clause after a comma opening with the other."""
    first = _subject_of(sentence, groups)
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


def build_subjects(parsed: ParsedDocument, section: Section) -> list[Subject]:
    names = find_subject_names(parsed, section)
    texts = [parsed.title] + [s.title for s in parsed.sections] + [s.text for s in parsed.sections]
    texts += [b for s in parsed.sections for _, b in s.bullets]
    aliases: list[list[str]] = [_surface_forms(n, texts) for n in names]
    for i, name in enumerate(names):
        key = re.sub(r"[\s\-]+", " ", name.lower())
        for synonym in KNOWN_SYNONYMS.get(key, []):
            aliases[i] += [
                f for f in _surface_forms(synonym, texts) if re.search(alias_pattern(synonym), " ".join(texts), re.I)
            ]
    bullets = [b for _, b in section.bullets]
    # Learn the other names a side uses: when one side names subject X and the other side opens with
    # a short unknown noun phrase, that phrase names the other subject.
    for _ in range(2):
        for bullet in bullets:
            sides = _split_contrast(bullet)
            if len(sides) == 1:
                sides = split_sentences(bullet)
            if len(sides) < 2:
                continue
            found = [_subject_of(side, aliases) for side in sides[:2]]
            for idx in (0, 1):
                other = 1 - idx
                if found[idx] is None and found[other] is not None:
                    phrase = _lead_phrase(sides[idx])
                    if phrase:
                        _add_alias(aliases[1 - found[other]], phrase)
        for bullet in bullets:  # "... hơn so với X" names the other subject
            m = re.search(r"\b(?:hơn\s+so\s+với|so\s+với|than)\s+([^,;.]+?)\s*[.,;]?\s*$", bullet, re.I)
            if m and _subject_of(m.group(1), aliases) is None:
                first = _subject_of(bullet[: m.start()], aliases)
                if first is not None and len(m.group(1).split()) <= MAX_ALIAS_WORDS:
                    _add_alias(aliases[1 - first], m.group(1))
    # Forms with a generic noun as the differences section writes them ("mạng peer to peer").
    section_text = " ".join(bullets)
    for group in aliases:
        generic = "|".join(re.escape(n) for n in lang.GENERIC_NOUNS_VI + ["the"])
        core = "|".join(f"(?:{alias_pattern(a)})" for a in sorted(group, key=len, reverse=True))
        for m in re.finditer(rf"(?<!{WORD})(?:{generic})\s+(?:{core})", section_text, re.IGNORECASE):
            form = m.group(0)
            if form.lower() != "the" and not form.lower().startswith("the "):
                _add_alias(group, form)
    subjects = []
    for key, name, group in zip(("a", "b"), names, aliases, strict=True):
        unique: list[str] = []
        for a in group:
            if a not in unique:
                unique.append(a)
        subjects.append(Subject(key=key, name=_canonical(name), aliases=sorted(unique, key=len, reverse=True)))
    return subjects


def _add_alias(group: list[str], phrase: str) -> None:
    phrase = phrase.strip(" .,;:")
    for form in (phrase, _strip_generic(phrase)):
        if form and form not in group:
            group.append(form)


def _subject_of(text: str, aliases: list[list[str]]) -> int | None:
    """Index of the subject named first in text, or None."""
    best: tuple[int, int] | None = None
    for idx, group in enumerate(aliases):
        m = aliases_regex(group).search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), idx)
    return best[1] if best else None


# --------------------------------------------------------------------------- differences


def _comparative(bullet: str, subjects: list[Subject]) -> DifferenceData | None:
    sentences = split_sentences(bullet)
    if len(sentences) != 1:
        return None
    sentence = sentences[0]
    groups = [s.aliases for s in subjects]
    m = re.search(r"\s+(?P<marker>hơn\s+so\s+với|hơn\s+so|hơn|than)\s+(?P<other>.+?)\s*$", sentence, re.I)
    if not m:
        return None
    other_text = re.sub(r"^(?:the|a|an)\s+", "", m.group("other").strip(), flags=re.IGNORECASE)
    other = _subject_of(other_text, groups)
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
        # "which model is ...": the verb agrees with "model".
        phrase = re.sub(r"^are\b", "is", phrase)
        phrase = re.sub(r"^have\b", "has", phrase)
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


def _two_sided(bullet: str, subjects: list[Subject]) -> DifferenceData | None:
    groups = [s.aliases for s in subjects]
    unlike = UNLIKE.match(bullet)
    if unlike and _subject_of(unlike.group("x"), groups) is not None:
        # "Unlike A, B keeps a table": one statement, about B.
        about = 1 - _subject_of(unlike.group("x"), groups)
        return DifferenceData(
            key="",
            kind="two_sided",
            source=bullet.strip(),
            statements=[StatementData(subject=subjects[about].key, text=tidy(unlike.group("rest")))],
            section_key="",
        )
    sides = _split_contrast(bullet)
    if len(sides) == 1 and len(split_sentences(bullet)) == 1:
        sides = _split_at_comma(bullet, groups)
    if len(sides) == 1:
        sentences = split_sentences(bullet)
        first = _subject_of(sentences[0], groups) if sentences else None
        cut = None
        for i, sentence in enumerate(sentences[1:], start=1):
            named = _subject_of(sentence, groups)
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
    found = [_subject_of(side, groups) for side in sides]
    if found[0] is None and found[1] is None:
        return None
    if found[0] is None or found[0] == found[1]:
        found[0] = 1 - found[1] if found[0] is None else found[0]
        found[1] = 1 - found[0]
    elif found[1] is None:
        found[1] = 1 - found[0]
    statements = [StatementData(subject=subjects[f].key, text=tidy(side)) for f, side in zip(found, sides, strict=True)]
    return DifferenceData(key="", kind="two_sided", source=bullet.strip(), statements=statements, section_key="")


def extract_differences(parsed: ParsedDocument) -> tuple[list[Subject], list[DifferenceData]]:
    """The two subjects and one difference per bullet of the differences section."""
    section = difference_section(parsed)
    subjects = build_subjects(parsed, section)
    differences: list[DifferenceData] = []
    used: set[str] = set()
    top = min((depth for depth, _ in section.bullets), default=0)
    for depth, bullet in section.bullets:
        if depth != top or not re.search(WORD, bullet):
            continue
        diff = _comparative(bullet, subjects) or _two_sided(bullet, subjects)
        if diff is None:
            continue
        diff.section_key = section.key
        diff.source = _as_written(bullet, section.markdown)
        diff.key = _unique(lang.slugify(diff.statements[0].text, 50), used)
        diff.aspect = aspect_for(diff, subjects, parsed.language)
        differences.append(diff)
    if not differences:
        raise DocumentError("The differences section has no bullet that names one of the two subjects.")
    return subjects, differences


def _squash(text: str) -> str:
    return re.sub(r"[\s*_`]+", "", text)


def _as_written(bullet: str, markdown: str) -> str:
    """The bullet's line in the section's Markdown (the parser's plain text tidies spacing)."""
    target = _squash(bullet)
    for line in markdown.splitlines():
        m = re.match(r"^\s*(?:[-*+]\s*)+(.*)$", line)
        if m and _squash(m.group(1)) == target:
            return m.group(1).strip()
    return bullet.strip()


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 2
    while candidate in used:
        candidate = f"{key}-{n}"
        n += 1
    used.add(candidate)
    return candidate


# --------------------------------------------------------------------------- masking


def mask_subjects(text: str, subjects: list[Subject], language: str) -> str:
    """Rewrite a statement so that it names neither subject (for prompts and choices)."""
    t = lang.templates(language)
    every = [a for s in subjects for a in s.aliases]
    core = "|".join(f"(?:{alias_pattern(a)})" for a in sorted(set(every), key=len, reverse=True))
    generic_before = "|".join(re.escape(n) for n in lang.GENERIC_NOUNS_VI + lang.GENERIC_NOUNS_EN)
    generic_after = "|".join(re.escape(n) for n in lang.GENERIC_SUFFIX_EN)
    named = rf"(?:(?:{generic_before})\s+)*(?:{core})(?:\s+(?:{generic_after}))?"
    singular = {a.lower() for a in every}

    def replace(m: re.Match) -> str:
        # "Hubs share ..." -> "Models of this kind share ...": keep the verb's agreement.
        last = re.split(r"[\s\-]+", m.group(0))[-1].lower()
        plural = language != "vi" and last.endswith("s") and (last[:-1] in singular or last[:-2] in singular)
        return t.get("these_models", t["this_model"]) if plural else t["this_model"]

    # "Client-Server, máy chủ ..." / "In P2P networks, each ..." / "Client-Server thì ...": drop the lead.
    lead = re.compile(rf"^\s*(?:{lang.SIDE_LEAD})?{named}\s*(?:,\s*|\s+thì\s+|\s*:\s*)", re.IGNORECASE)
    text = lead.sub("", text, count=1)
    # "mỗi máy ngang hàng" -> "mỗi máy trong mô hình này"; "P2P nodes" -> "nodes in this model".
    if language == "vi":
        text = re.sub(
            rf"(?<!{WORD})(máy|nút|node|thiết bị|máy tính)\s+(?:{core})(?!{WORD})",
            rf"\1 trong {t['this_model']}",
            text,
            flags=re.IGNORECASE,
        )
    else:
        text = re.sub(
            rf"(?<!{WORD})(?:{core})\s+(nodes?|peers?|machines?|computers?|hosts?|servers?|clients?)(?!{WORD})",
            rf"\1 in {t['this_model']}",
            text,
            flags=re.IGNORECASE,
        )
    text = re.sub(rf"(?<!{WORD}){named}(?!{WORD})", replace, text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()
    return tidy(text) if text else text


def names_in(text: str, subjects: list[Subject]) -> list[str]:
    """Every alias of either subject found in text (used to check that nothing gives an answer away)."""
    every = [a for s in subjects for a in s.aliases]
    return [m.group(0) for m in aliases_regex(every).finditer(text)]


EDGE_WORDS = {
    "vi": {
        "có",
        "thì",
        "là",
        "và",
        "lại",
        "của",
        "các",
        "những",
        "một",
        "mỗi",
        "cả",
        "được",
        "bị",
        "cho",
        "với",
        "trong",
        "nên",
        "do",
        "đó",
    },
    "en": {
        "a",
        "an",
        "the",
        "is",
        "are",
        "has",
        "have",
        "and",
        "of",
        "in",
        "to",
        "on",
        "for",
        "with",
        "its",
        "their",
        "by",
    },
}


def shared_topic(first: str, second: str, subjects: list[Subject], language: str) -> str:
    """The longest run of words both sides share (names masked away), trimmed of small words: the aspect's topic."""
    mask = lang.templates(language)["this_model"].lower().split()

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
    small = EDGE_WORDS.get(language, EDGE_WORDS["en"]) | set(mask)
    while best and best[0] in small:
        best = best[1:]
    while best and best[-1] in small:
        best = best[:-1]
    return " ".join(best)


def aspect_for(diff: DifferenceData, subjects: list[Subject], language: str) -> str:
    """The difference as a question, for a flashcard's front."""
    t = lang.templates(language)
    if diff.kind == "comparative":
        return t["aspect_comparative"].format(phrase=diff.data["phrase"])
    names = {s.key: s.name for s in subjects}
    if len(diff.statements) == 2:
        first, second = diff.statements
        topic = shared_topic(first.text, second.text, subjects, language)
        # A topic worth asking about: two words or more (Vietnamese words are syllables), or one long English word.
        if len(topic.split()) >= 2 or (language != "vi" and len(topic) >= 6):
            return t["aspect_topic"].format(a=subjects[0].name, b=subjects[1].name, topic=topic)
        return t["aspect_one_side"].format(statement=first.text, other=names[second.subject])
    return t["aspect_compare"].format(a=subjects[0].name, b=subjects[1].name)
