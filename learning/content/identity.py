"""Which stored item a freshly generated one stands for, across edits of the document (no Django).

A re-import regenerates lessons, glossary terms, differences, questions and cards from the new text.
Students' data (reads, answers, card states, review logs) and teachers' corrections hang on the stored
rows, so each new item must find the row it continues. `match_identities` pairs them in three passes:

1. the same key (keys come from headings, terms and difference text, so an untouched item keeps its key);
2. the same anchor: something both sides already agree on, such as "the true/false question of the
   difference row 42" once the differences themselves have been matched;
3. text similarity (difflib's ratio on normalised text), with a small bonus for the same position,
   for an item whose key changed because its text was edited (a renamed heading, a fixed typo).

Anything left over is new (on the new side) or gone (on the old side: the caller retires it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

SIMILAR = 0.6  # ratio at or above which two texts are taken as the same item, edited
SAME_POSITION_BONUS = 0.05
# Beyond this many candidate pairs, difflib's cheap upper bound filters pairs before the full ratio.
_FULL_RATIO_PAIRS = 2_000


@dataclass(frozen=True)
class Identity:
    """One item as the matcher sees it."""

    key: str
    text: str = ""
    position: int = 0
    anchor: Hashable | None = None  # equal anchors (never None) mean the same item


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def similarity(a: str, b: str) -> float:
    """0..1, how alike two texts are once case and spacing are ignored."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_identities(
    old: Sequence[Identity], new: Sequence[Identity], *, threshold: float = SIMILAR
) -> dict[str, str]:
    """{new key: old key} for every new item that continues an old one; each old item is used at most once."""
    matched: dict[str, str] = {}
    old_by_key = {item.key: item for item in old}
    for item in new:
        if item.key in old_by_key:
            matched[item.key] = item.key
    used = set(matched.values())

    anchors: dict[Hashable, list[Identity]] = {}
    for item in old:
        if item.key not in used and item.anchor is not None:
            anchors.setdefault(item.anchor, []).append(item)
    for item in new:
        if item.key in matched or item.anchor is None:
            continue
        candidates = [c for c in anchors.get(item.anchor, []) if c.key not in used]
        if candidates:
            best = max(candidates, key=lambda c: similarity(c.text, item.text))
            matched[item.key] = best.key
            used.add(best.key)

    rest_old = [item for item in old if item.key not in used]
    rest_new = [item for item in new if item.key not in matched]
    cheap = len(rest_old) * len(rest_new) > _FULL_RATIO_PAIRS
    scored = []
    for n in rest_new:
        norm_n = normalise(n.text)
        for o in rest_old:
            norm_o = normalise(o.text)
            if cheap and difflib.SequenceMatcher(None, norm_o, norm_n).quick_ratio() < threshold:
                continue
            ratio = similarity(o.text, n.text)
            if ratio >= threshold:
                scored.append((ratio + (SAME_POSITION_BONUS if o.position == n.position else 0.0), o.key, n.key))
    for _score, old_key, new_key in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if old_key in used or new_key in matched:
            continue
        matched[new_key] = old_key
        used.add(old_key)
    return matched
