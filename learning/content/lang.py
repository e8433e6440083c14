"""Language data for extraction and question templates (Vietnamese and English). Pure: no Django."""

from __future__ import annotations

import re
import unicodedata

# Headings that open the list of differences.
DIFFERENCE_HEADING = re.compile(
    r"(sự khác biệt|khác biệt|khác nhau|so sánh|điểm khác|differences?|compar|\bvs\.?\b|versus|contrast)",
    re.IGNORECASE,
)
# Headings that define one subject: "Định nghĩa Client-Server", "What is peer-to-peer?".
DEFINITION_HEADING = re.compile(
    r"^\s*(?:\d+\s*[.)]\s*)?(?:định nghĩa|khái niệm|khai niem|dinh nghia|definition of|defining|what is an?|what is)\s+"
    r"(?:về\s+|the\s+)?(?P<name>.+?)\s*[?:.]?\s*$",
    re.IGNORECASE,
)
# Title prefixes before "A and B".
TITLE_PREFIX = re.compile(
    r"^\s*(?:\d+\s*[.)]\s*)?(?:so sánh(?: giữa)?|sự khác biệt giữa|khác biệt giữa|điểm khác nhau giữa|"
    r"comparing|comparison of|compare|differences? between|the differences? between)\s+",
    re.IGNORECASE,
)
TITLE_SEPARATOR = re.compile(r"\s+(?:and|và|với|vs\.?|versus|or|hay)\s+|\s+/\s+", re.IGNORECASE)
# "A, B and C" / "A, B và C": commas separate subjects too (three or more).
TITLE_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|và)\s+)?|\s+(?:and|và|với|vs\.?|versus|or|hay)\s+|\s+/\s+", re.I)

# Generic nouns that may stand before a subject's name ("mạng peer to peer", "the client-server model").
GENERIC_NOUNS_VI = ["mô hình", "mạng", "hệ thống", "kiến trúc"]
GENERIC_NOUNS_EN = ["the", "a", "an"]
GENERIC_SUFFIX_EN = [
    "model",
    "network",
    "networks",
    "models",
    "architecture",
    "system",
    "protocol",
    "protocols",
    "database",
    "databases",
]

# The nouns documents use for the kind of thing they compare ("SQL databases", "giao thức HTTP"). A masked
# statement says "this database" / "giao thức này" only with a noun the document itself uses for its subjects.
CLASS_NOUNS_EN = [
    "model", "network", "architecture", "system", "protocol", "database", "cable", "device", "language",
    "algorithm", "topology", "service", "method", "approach", "technology", "format", "standard", "framework",
    "structure", "tool", "platform", "medium", "storage", "memory", "engine", "server", "library", "type",
]  # fmt: skip
CLASS_NOUNS_VI = [
    "mô hình", "mạng", "hệ thống", "kiến trúc", "giao thức", "thiết bị", "cáp", "cơ sở dữ liệu", "ngôn ngữ",
    "thuật toán", "phương pháp", "công nghệ", "dịch vụ", "chuẩn", "cấu trúc", "bộ nhớ", "phương thức", "kiểu",
    "loại", "nền tảng", "công cụ", "đường truyền",
]  # fmt: skip
# Said instead when the document has no such noun: never a word it does not use for its subjects.
NEUTRAL = {
    "en": {"one": "this one", "many": "these", "which": "one", "nodes": "{nodes} here"},
    "vi": {"one": "đối tượng này", "many": "đối tượng này", "which": "đối tượng", "nodes": "{nodes} ở đây"},
}


def plural_en(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun == "medium":
        return "media"
    return noun + "s"


# First cell of a comparison table's header: names the aspect column (or is empty).
ASPECT_HEADER = re.compile(
    r"^\s*(?:basis(?:\s+(?:for|of)\s+comparison)?|criteri(?:on|a)|parameters?|features?|aspects?|attributes?|"
    r"property|properties|characteristics?|points?\s+of\s+difference|comparison|factors?|"
    r"tiêu\s*chí|đặc\s*điểm|đặc\s*tính|khía\s*cạnh|yếu\s*tố|thuộc\s*tính|cơ\s*sở\s*so\s*sánh|"
    r"điểm\s*so\s*sánh|so\s*sánh|nội\s*dung|thông\s*số|[-–—#*\s]*)\s*$",
    re.IGNORECASE,
)
# A table cell that compares ("Faster", "More expensive", "Nhanh hơn", "Nhiều nhất").
COMPARATIVE_CELL_EN = re.compile(
    r"^(?:(?:more|less|fewer|most|least|fewest)\s+[a-z\-]+|[a-z]{2,}(?:er|est)|better|best|worse|worst)$",
    re.IGNORECASE,
)
SUPERLATIVE_CELL_EN = re.compile(r"^(?:(?:most|least|fewest)\s+[a-z\-]+|[a-z]{2,}est|best|worst)$", re.IGNORECASE)
COMPARATIVE_CELL_VI = re.compile(r"^[^\d,;.]{1,30}\s(?:hơn|nhất)$", re.IGNORECASE)
SUPERLATIVE_CELL_VI = re.compile(r"^[^\d,;.]{1,30}\snhất$", re.IGNORECASE)
# English words ending in -er that are not comparatives.
NOT_COMPARATIVE_EN = {
    "other",
    "never",
    "either",
    "neither",
    "under",
    "over",
    "after",
    "server",
    "user",
    "layer",
    "router",
    "number",
    "order",
    "header",
    "together",
    "rather",
    "whether",
    "per",
    "computer",
}

# Words that open a comparative phrase and take no third-person -s ("can scale", "more reliable").
NOT_VERBS_EN = {"is", "has", "does", "can", "could", "will", "would", "may", "might", "must", "should", "more",
                "less", "much", "far", "usually", "often", "generally", "also", "not"}  # fmt: skip

# Small words trimmed from the ends of a shared topic ("về dữ liệu" -> "dữ liệu").
EDGE_WORDS = {
    "vi": {"có", "thì", "là", "và", "lại", "của", "các", "những", "một", "mỗi", "cả", "được", "bị", "cho", "với",
           "trong", "nên", "do", "đó", "này", "đối", "tượng"},
    "en": {"a", "an", "the", "is", "are", "has", "have", "and", "of", "in", "to", "on", "for", "with", "its",
           "their", "by", "this", "these", "one"},
}  # fmt: skip

# Markers that introduce the second side of a two-sided difference. Order matters: longest first.
CONTRAST_MARKERS = [
    r",?\s*trong khi đó\s*,?",
    r",?\s*trong khi\s*,?",
    r"[.;]\s*còn\s*,?",
    r",\s*còn\s*,?",
    r"[.;]\s*ngược lại\s*,?",
    r",?\s*ngược lại\s*,?",
    r"[.;]\s*trái lại\s*,?",
    r"[.;]?\s*on the other hand\s*,?",
    r"[.;]?\s*in contrast\s*,?",
    r",?\s*whereas\s*,?",
    r",\s*while\s*,?",
    r"[.;]\s*while\s*,?",
    r",\s*but\s+",
    r";\s*",
]
CONTRAST_RE = re.compile("|".join(f"(?:{m})" for m in CONTRAST_MARKERS), re.IGNORECASE)
CONTRAST_PATTERNS = [re.compile(m, re.IGNORECASE) for m in CONTRAST_MARKERS]

# Leads that may open a side: "In A, ...", "Với A, ...", "Còn A ...".
SIDE_LEAD = r"(?:in|for|with|trong|với|ở|đối với|còn)\s+"
SUBJECT_FILLERS_VI = r"(?:thì|là)\s+"


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d): for slugs and lenient comparison."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slugify_key(text: str, max_length: int = 100, *, fallback: str = "section", whole_words: bool = False) -> str:
    """The one slug rule: ASCII from any text, Vietnamese included ("Định nghĩa Client-Server" ->
    "dinh-nghia-client-server"), at most `max_length` characters, `fallback` when nothing is left.

    `whole_words` cuts a long slug at a hyphen rather than inside a word (difference keys are cut that way:
    they are stored, so the rule for them must not change).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if whole_words else slug[:max_length].rstrip("-")
    return slug or fallback


# Templates for questions, keyed by language. Statements are quoted with the language's quotes.
TEMPLATES = {
    "vi": {
        "quote": "«{}»",
        "mask": "___",
        "true": "Đúng",
        "false": "Sai",
        "which_model": "Theo tài liệu, phát biểu sau mô tả {noun} nào?\n{statement}",
        "which_definition": "Theo tài liệu, định nghĩa sau mô tả {noun} nào?\n{statement}",
        "true_false": "Đúng hay sai: theo tài liệu, phát biểu sau đúng với {model}.\n{statement}",
        "multiple_choice": "Theo tài liệu, phát biểu nào đúng với {model}?",
        "multi_select": "Chọn tất cả các phát biểu đúng với {model} theo tài liệu.",
        "matching": "Ghép mỗi phát biểu với {noun} mà nó mô tả.",
        "comparative": "Theo tài liệu, {noun} nào {phrase}?",
        "cloze": "Điền thuật ngữ còn thiếu vào chỗ trống:\n{sentence}",
        "cloze_define": "Thuật ngữ nào được định nghĩa như sau?\n{sentence}",
        "explain_statement": "Phát biểu này nói về {model}.",
        "explain_contrast": "Còn với {model}, tài liệu viết: {statement}",
        "explain_true": "Đúng: tài liệu nói điều này về {model}.",
        "explain_false": "Sai: tài liệu nói điều này về {other}, không phải {model}.",
        "explain_choice": "Với {model}, tài liệu viết: {statement}",
        "explain_others": "Các lựa chọn còn lại nói về {other}.",
        "explain_matching": "Mỗi phát biểu lấy từ danh sách khác biệt: {pairs}.",
        "explain_comparative": "Theo tài liệu, {winner} {phrase} so với {other}.",
        "explain_cloze": "Thuật ngữ là “{term}”. Tài liệu viết: {sentence}",
        "pair": "«{statement}» → {model}",
        "aspect_one_side": "Tài liệu viết: «{statement}» Còn {other} thì sao?",
        "aspect_compare": "{a} và {b} khác nhau thế nào?",
        "aspect_topic": "{a} và {b} khác nhau thế nào về “{topic}”?",
        "aspect_comparative": "Theo tài liệu, {noun} nào {phrase}?",
        "aspect_many": "{names} khác nhau thế nào về “{topic}”?",
        "explain_definition": "Tài liệu định nghĩa {model} như vậy.",
        "reason_name": "Tài liệu nói điều này về {right}, không phải {wrong}.",
        "reason_same": "Đây là điều tài liệu nói về {other} ở cùng điểm này, không phải về {model}.",
        "reason_other": "Phát biểu này thuộc một khác biệt khác: tài liệu nói nó về {other}, không phải {model}.",
        "reason_reversed": "Như vậy là đảo ngược phép so sánh: theo tài liệu, {winner} {phrase} so với {other}.",
        "reason_denied": "Tài liệu có nói điều này về {model}.",
        "table_statement": "{aspect} của {subject}: {cell}",
    },
    "en": {
        "quote": "“{}”",
        "mask": "___",
        "true": "True",
        "false": "False",
        "which_model": "According to the document, which {noun} does this statement describe?\n{statement}",
        "which_definition": "According to the document, which {noun} does this definition describe?\n{statement}",
        "true_false": "True or false: according to the document, this is true of {model}.\n{statement}",
        "multiple_choice": "According to the document, which statement is true of {model}?",
        "multi_select": "Select every statement that the document says is true of {model}.",
        "matching": "Match each statement with the {noun} it describes.",
        "comparative": "According to the document, which {noun} {phrase}?",
        "cloze": "Fill in the missing term:\n{sentence}",
        "cloze_define": "Which term is defined like this?\n{sentence}",
        "explain_statement": "This statement is about {model}.",
        "explain_contrast": "For {model}, on the other hand, the document says: {statement}",
        "explain_true": "True: the document says this about {model}.",
        "explain_false": "False: the document says this about {other}, not {model}.",
        "explain_choice": "For {model}, the document says: {statement}",
        "explain_others": "The other choices are about {other}.",
        "explain_matching": "Each statement comes from the list of differences: {pairs}.",
        "explain_comparative": "According to the document, {winner} {phrase} than {other}.",
        "explain_cloze": "The term is “{term}”. The document says: {sentence}",
        "pair": "“{statement}” → {model}",
        "aspect_one_side": "The document says: “{statement}” What about {other}?",
        "aspect_compare": "How do {a} and {b} differ?",
        "aspect_topic": "How do {a} and {b} differ on “{topic}”?",
        "aspect_comparative": "According to the document, which {noun} {phrase}?",
        "aspect_many": "How do {names} differ on “{topic}”?",
        "explain_definition": "The document defines {model} like this.",
        "reason_name": "This is what the document says about {right}, not {wrong}.",
        "reason_same": "This is what the document says about {other} on the same point, not about {model}.",
        "reason_other": "This comes from another difference: the document says it about {other}, not {model}.",
        "reason_reversed": "That reverses the comparison: according to the document, {winner} {phrase} than {other}.",
        "reason_denied": "The document does say this about {model}.",
        "table_statement": "{aspect} of {subject}: {cell}",
    },
}


def unique_key(key: str, taken: set[str]) -> str:
    """`key`, or `key-2`, `key-3`... if already taken; the one returned is added to `taken`."""
    candidate, n = key, 2
    while candidate in taken:
        candidate = f"{key}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def templates(language: str) -> dict[str, str]:
    return TEMPLATES.get(language, TEMPLATES["en"])
