"""A small GIFT reader (Moodle's GIFT format spec), written for the tests, independent of the writer."""

import re


def _split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters; returns (separator, chunk) pairs, raw (still escaped)."""
    parts, current, sep, i = [], "", "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if ch in separators:
            if current.strip() or sep:
                parts.append((sep, current))
            sep, current = ch, ""
        else:
            current += ch
        i += 1
    if current.strip() or sep:
        parts.append((sep, current))
    return parts


def unescape(text: str) -> str:
    out, i = "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out += "\n" if text[i + 1] == "n" else text[i + 1]
            i += 2
        else:
            out += text[i]
            i += 1
    return out


def _find_unescaped(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def read_gift(source: str) -> list[dict]:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("//", "$CATEGORY"))]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", "\n".join(lines)) if b.strip()]
    questions = []
    for block in blocks:
        title = ""
        if block.startswith("::"):
            end = _find_unescaped(block, "::", 2)
            title, block = unescape(block[2:end]), block[end + 2 :]
        open_at = _find_unescaped(block, "{")
        close_at = _find_unescaped(block, "}", open_at + 1)
        assert open_at >= 0 and close_at > open_at, f"no answer block in {block!r}"
        text = unescape(block[:open_at].strip())
        answer = block[open_at + 1 : close_at]
        feedback_at = _find_unescaped(answer, "####")
        feedback = ""
        if feedback_at >= 0:
            answer, feedback = answer[:feedback_at], unescape(answer[feedback_at + 4 :].strip())
        question = {"title": title, "text": text, "feedback": feedback}
        if answer.strip() in ("T", "F", "TRUE", "FALSE"):
            question.update(kind="truefalse", correct=answer.strip().startswith("T"))
        else:
            tokens = _split_unescaped(answer, "=~")
            if all(sep == "=" for sep, _ in tokens) and all(_find_unescaped(t, "->") >= 0 for _, t in tokens):
                pairs = []
                for _, token in tokens:
                    at = _find_unescaped(token, "->")
                    pairs.append((unescape(token[:at].strip()), unescape(token[at + 2 :].strip())))
                question.update(kind="matching", pairs=pairs)
            elif all(sep == "=" for sep, _ in tokens):
                question.update(kind="shortanswer", answers=[unescape(t.strip()) for _, t in tokens])
            else:
                choices = []
                for sep, token in tokens:
                    token = token.strip()
                    weight = 100.0 if sep == "=" else 0.0
                    match = re.match(r"%(-?[\d.]+)%", token)
                    if match:
                        weight, token = float(match.group(1)), token[match.end() :]
                    choices.append((unescape(token.strip()), weight))
                question.update(kind="multichoice", choices=choices)
        questions.append(question)
    return questions
