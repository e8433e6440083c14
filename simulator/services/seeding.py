"""Seed exercises: tie each to its document's differences (found by keywords) and check its answer keys."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from learning.models import Document
from simulator import grading
from simulator.engine import KINDS
from simulator.explanations import explain, grading_data
from simulator.models import Exercise
from simulator.seeds import ATTEMPTS, EXERCISES

SEED_FILE = Path(settings.BASE_DIR) / "content" / "client-server-vs-p2p.vi.md"
SEED_SLUG = "compare-peer-to-peer-client-server"


def seed_document(slug: str | None = None) -> Document | None:
    if slug:
        return Document.objects.filter(slug=slug).first()
    if SEED_FILE.exists():
        sha = hashlib.sha256(SEED_FILE.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
        by_sha = Document.objects.filter(source_sha256=sha).first()
        if by_sha:
            return by_sha
    return Document.objects.filter(slug=SEED_SLUG).first()


def _links(document: Document | None, match: dict[str, Any]) -> tuple[list[str], Any]:
    """(difference keys, lesson) for an exercise: bullets holding a keyword, else the given positions."""
    if document is None:
        return [], None
    differences = list(document.differences.all())
    words = [w.lower() for w in match.get("differences", [])]
    chosen = [d for d in differences if any(w in d.source.lower() for w in words)]
    if not chosen:
        positions = set(match.get("fallback_positions", []))
        chosen = [d for d in differences if d.position in positions]
    lesson = None
    if match.get("lesson"):
        lesson = next(
            (ls for ls in document.lessons.all() if match["lesson"].lower() in ls.markdown.lower()),
            None,
        )
    if lesson is None and chosen:
        lesson = chosen[0].lesson
    return [d.key for d in chosen], lesson


def answer_keys_problem(spec: dict[str, Any]) -> str | None:
    """Run the exercise once and check every answer spec can be read from the result; None when all is well."""
    kind = KINDS[spec["kind"]]
    params, errors = grading_params(spec)
    if errors:
        return f"bad params {errors}"
    result = kind.run(params, seed=spec.get("seed", 1), progress=lambda fraction: None)
    data = grading_data(spec["kind"], params, result)
    try:
        for q in spec["predictions"] + spec["questions"]:
            grading.expected_value(q["answer"], data)
            if q.get("explain") and not explain(q, params, result):
                return f"{q['key']}: explainer {q['explain']!r} gives nothing for this run"
        for item in spec.get("observations", []):
            grading.lookup(result, item["path"])
    except (grading.AnswerKeyError, KeyError) as exc:
        return str(exc)
    return None


def grading_params(spec: dict[str, Any]):
    from simulator.engine import validate_params

    return validate_params(KINDS[spec["kind"]], spec["params"])


@transaction.atomic
def exercises_seed(*, document_slug: str | None = None, check: bool = True) -> list[str]:
    document = seed_document(document_slug)
    report = [f"document: {document.slug if document else 'not found (exercises are not tied to differences)'}"]
    for position, spec in enumerate(EXERCISES):
        if spec["kind"] not in KINDS:
            report.append(f"{spec['slug']}: skipped, simulation kind {spec['kind']!r} is not available")
            continue
        problem = answer_keys_problem(spec) if check else None
        params, _errors = grading_params(spec)
        keys, lesson = _links(document, spec.get("match", {}))
        exercise, created = Exercise.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "document": document,
                "lesson": lesson,
                "difference_keys": keys,
                "title": spec["title"],
                "intro": spec["intro"],
                "kind": spec["kind"],
                "params": params,
                "param_ranges": spec.get("param_ranges", {}),
                "seed": spec.get("seed", 1),
                "predictions": spec["predictions"],
                "questions": spec["questions"],
                "observations": spec.get("observations", []),
                "attempts_allowed": spec.get("attempts_allowed", ATTEMPTS),
                "position": position,
                "published": problem is None,
            },
        )
        state = "created" if created else "updated"
        note = f" (unpublished: {problem})" if problem else ""
        report.append(f"{exercise.slug}: {state}, {len(keys)} difference(s){note}")
    return report
