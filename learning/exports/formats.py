"""Moodle XML and GIFT writers. Pure: plain question dicts in, text out (no Django).

A question dict has the fields of learning.models.Question: key, type, prompt,
choices [{id, text}], items [{id, text}] (matching), answer (same shape as a
student's answer), explanation.
"""

import xml.etree.ElementTree as ET

SINGLE_CHOICE = {"which_model", "multiple_choice", "comparative"}
TRUE_IDS = {"true", "t", "yes", "dung", "đúng"}
FALSE_IDS = {"false", "f", "no", "sai"}
# Moodle refuses fractions outside this list (question/format.php match_grade_options).
MOODLE_FRACTIONS = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571]
MOODLE_FRACTIONS += [12.5, 11.11111, 10, 5]


def moodle_fraction(share: float) -> str:
    """Nearest fraction Moodle accepts for a share of 100 (sign kept)."""
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))
    value = nearest if share >= 0 else -nearest
    return f"{value:.5f}".rstrip("0").rstrip(".")


def true_false_answer(question: dict) -> bool | None:
    """True/False for a true_false question, None when its choices do not say which id is "true"."""
    by_id = {c["id"]: c for c in question.get("choices") or []}
    chosen = by_id.get(question.get("answer"))
    if chosen is None:
        return None
    for value in (str(chosen["id"]).lower(), str(chosen.get("text", "")).strip().lower()):
        if value in TRUE_IDS:
            return True
        if value in FALSE_IDS:
            return False
    return None


def export_kind(question: dict) -> str:
    """The Moodle question type a question is written as."""
    qtype = question["type"]
    if qtype == "true_false":
        return "truefalse" if true_false_answer(question) is not None else "multichoice"
    if qtype == "matching":
        return "matching"
    if qtype == "cloze":
        return "shortanswer"
    return "multichoice"


def accepted_answers(question: dict) -> list[str]:
    answer = question["answer"]
    values = answer if isinstance(answer, list) else [answer]
    return [str(v) for v in values if str(v).strip()]


# --- Moodle XML ---------------------------------------------------------------------------------------------


def _text(parent, tag: str, value: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = value
    return element


def _html(value: str) -> str:
    # Moodle shows question text as HTML: escape, keep the line breaks.
    from html import escape

    return escape(value).replace("\n", "<br>")


def moodle_xml(*, category: str, questions: list[dict]) -> str:
    quiz = ET.Element("quiz")
    cat = ET.SubElement(quiz, "question", type="category")
    _text(cat, "category", f"$course$/top/{category}")
    for question in questions:
        kind = export_kind(question)
        q = ET.SubElement(quiz, "question", type=kind)
        _text(q, "name", question["key"])
        _text(q, "questiontext", _html(question["prompt"]), format="html")
        _text(q, "generalfeedback", _html(question.get("explanation") or ""), format="html")
        ET.SubElement(q, "defaultgrade").text = "1"
        ET.SubElement(q, "penalty").text = "0"
        ET.SubElement(q, "hidden").text = "0"
        ET.SubElement(q, "idnumber").text = question["key"][:100]
        if kind == "truefalse":
            correct = true_false_answer(question)
            for value in (True, False):
                answer = _text(q, "answer", "true" if value else "false", fraction="100" if value == correct else "0")
                _text(answer, "feedback", "")
        elif kind == "multichoice":
            correct_ids = set(accepted_answers(question))
            single = question["type"] != "multi_select"
            ET.SubElement(q, "single").text = "true" if single else "false"
            ET.SubElement(q, "shuffleanswers").text = "true"
            ET.SubElement(q, "answernumbering").text = "abc"
            wrong = [c for c in question["choices"] if c["id"] not in correct_ids]
            for choice in question["choices"]:
                if choice["id"] in correct_ids:
                    fraction = "100" if single else moodle_fraction(100 / len(correct_ids))
                else:
                    fraction = "0" if single else moodle_fraction(-100 / max(1, len(wrong)))
                answer = _text(q, "answer", _html(choice["text"]), fraction=fraction, format="html")
                _text(answer, "feedback", "")
        elif kind == "matching":
            ET.SubElement(q, "shuffleanswers").text = "true"
            models = {c["id"]: c["text"] for c in question["choices"]}
            for item in question["items"]:
                sub = _text(q, "subquestion", _html(item["text"]), format="html")
                _text(sub, "answer", models[question["answer"][item["id"]]])
        else:  # shortanswer
            ET.SubElement(q, "usecase").text = "0"
            for value in accepted_answers(question):
                answer = _text(q, "answer", value, fraction="100", format="moodle_auto_format")
                _text(answer, "feedback", "")
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# --- GIFT ---------------------------------------------------------------------------------------------------

GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(value: str) -> str:
    out = "".join("\\" + ch if ch in GIFT_SPECIAL else ch for ch in value)
    # GIFT ends a question at a blank line: keep line breaks as escaped \n.
    return out.replace("\r", "").replace("\n", "\\n")


def gift(*, category: str, questions: list[dict]) -> str:
    lines = [f"$CATEGORY: $course$/top/{category}", ""]
    for question in questions:
        kind = export_kind(question)
        head = f"::{gift_escape(question['key'])}::{gift_escape(question['prompt'])} "
        feedback = question.get("explanation") or ""
        tail = f" ####{gift_escape(feedback)}" if feedback else ""
        if kind == "truefalse":
            body = "{" + ("T" if true_false_answer(question) else "F") + tail + "}"
        elif kind == "multichoice":
            correct_ids = set(accepted_answers(question))
            single = question["type"] != "multi_select"
            wrong = [c for c in question["choices"] if c["id"] not in correct_ids]
            parts = []
            for choice in question["choices"]:
                text = gift_escape(choice["text"])
                if single:
                    parts.append(("=" if choice["id"] in correct_ids else "~") + text)
                elif choice["id"] in correct_ids:
                    parts.append(f"~%{moodle_fraction(100 / len(correct_ids))}%{text}")
                else:
                    parts.append(f"~%{moodle_fraction(-100 / max(1, len(wrong)))}%{text}")
            body = "{\n" + "\n".join("\t" + p for p in parts) + tail + "\n}"
        elif kind == "matching":
            models = {c["id"]: c["text"] for c in question["choices"]}
            parts = [
                f"={gift_escape(item['text'])} -> {gift_escape(models[question['answer'][item['id']]])}"
                for item in question["items"]
            ]
            body = "{\n" + "\n".join("\t" + p for p in parts) + tail + "\n}"
        else:
            body = "{" + " ".join("=" + gift_escape(v) for v in accepted_answers(question)) + tail + "}"
        lines += [head + body, ""]
    return "\n".join(lines)
