"""drf-spectacular post-processing: document the API's one error shape on every operation.

400 -> {"field": ["message"]}; 401/403/404/429 -> {"detail": "..."} (learning.api.errors).
drf-spectacular documents only success bodies by default; an integrator needs the errors too.
"""

import re

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "401, 403, 404, 405, 429: what went wrong.",
}
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {},
    "description": 'Field errors: {"<field>": ["message", ...]}; others under "non_field_errors".',
    "example": {"field": ["This field is required."]},
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}
WRITE_METHODS = {"post", "put", "patch"}


def _ref(name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _bound_path_parameters(operation: dict) -> None:
    """Say what the URL converters accept: `<int:>` only digits, `<slug:>` only slug characters.

    Anything else never reaches a view (Django's resolver answers 404 itself), so the schema should not invite it.
    """
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path":
            continue
        schema = parameter.setdefault("schema", {})
        if schema.get("type") == "integer":
            schema.setdefault("minimum", 0)
        elif schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
            schema["pattern"] = r"^[-a-zA-Z0-9_]+$" if "slug" in parameter["name"] else r"^[^/]+$"


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            authenticated = any(req for req in operation.get("security", [{}]))
            anonymous_allowed = any(not req for req in operation.get("security", []))
            wanted = {"429": ("Too many requests.", "Error")}
            if method in WRITE_METHODS or has_query:
                wanted["400"] = ("Invalid input: field errors.", "ValidationError")
            if authenticated and not anonymous_allowed:
                wanted["401"] = ("Not authenticated.", "Error")
                wanted["403"] = ("Not allowed for this user.", "Error")
            has_page = any(p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", []))
            if re.search(r"{[^}]+}", path) or has_page:  # a page past the end is a 404 too
                wanted["404"] = ("Not found (or not yours).", "Error")
            _bound_path_parameters(operation)
            for code, (description, schema) in wanted.items():
                if code not in responses:
                    responses[code] = {"description": description, "content": _ref(schema)}
                    if code == "429":
                        responses[code]["headers"] = RETRY_AFTER
    return result
