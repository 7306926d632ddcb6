"""Claims about the code the answer writes besides its constructs: Lambda handlers (error handling, pagination of
DynamoDB scans) and explicit dependencies between resources.

A handler is a function taking ``(event, context)``, in its own file or in an inline code string; its lines are read
as written. "No try/except in the Lambda" is confirmed at the handler when no handler has a ``try`` and refuted at the
``try`` lines when every handler has one (some with and some without decides nothing). "No pagination for DynamoDB
scans" is confirmed at the ``scan(`` calls when no line reads ``LastEvaluatedKey`` (or a paginator) and refuted at
the line that does. Inline code is measured ("exceeds the 4 KB limit") and found ("defines the Lambda code
inline", refuted where every function takes its code from an asset). "No explicit dependencies between resources"
is refuted by an ``add_dependency`` line; none confirms nothing, because CDK orders resources by the references
between them. A claim that judges quality ("no
comprehensive error handling", "does not paginate properly") is not read where the code has the thing: having a
``try`` does not show it is comprehensive.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

from iacreview.model import Location
from iacreview.threadsafe_ast import parse_shared, walk
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence, SourceText, source_trees


@dataclass(frozen=True)
class HandlerDecision(Decision):
    check: str = "handler"


_QUALITY = re.compile(r"\b(comprehensive|proper(ly)?|adequate|sufficient|robust|graceful|structured|detailed|"
                      r"specific|custom|advanced|better|improved|enhanced|complete|full|meaningful|limited|basic|"
                      r"insufficient|poor)\b", re.I)
_NO_TRY = re.compile(
    r"^\W*(?:no|missing|lacks?|lacking|without)\s+(?:any\s+)?(?:try[/ -]?(?:except|catch)(?: blocks?)?|"
    r"error handling|exception handling)\W*(?:(?:in|for) (?:the )?(?:lambda|handler)s?(?: functions?| code)?\W*)?$"
    r"|\b(?:lambda|handler)s?(?: functions?| code)?\b[^.;]{0,40}\b(?:has|have|had|contains?|includes?) no "
    r"(?:try[/ -]?(?:except|catch)|error handling|exception handling)\b"
    r"|\b(?:lambda|handler)s?(?: functions?| code)?\b[^.;]{0,40}\b(?:does|do|did) ?n[o']t (?:have|include|"
    r"implement|use|contain) (?:any )?(?:try[/ -]?(?:except|catch)|error handling|exception handling)\b",
    re.I,
)
_PAGINATION = re.compile(r"\bpaginat\w*", re.I)
_SCAN = re.compile(r"\.scan\s*\(")
_PAGED = re.compile(r"LastEvaluatedKey|ExclusiveStartKey|get_paginator\s*\(")
_NO_DEPENDENCIES = re.compile(
    r"^\W*(?:no|missing|lacks?|without)\s+(?:explicit\s+)?(?:resource\s+)?dependenc(?:y|ies)(?:\s+between\s+"
    r"(?:the\s+)?resources)?\W*$"
    r"|\b(?:does|did|do) ?n[o']t (?:define|declare|set|add|specify) (?:any )?explicit (?:resource )?dependenc(?:y|ies)"
    r"(?: between (?:the )?resources)?\b",
    re.I,
)
_DEPENDENCY = re.compile(r"\badd_dependency\s*\(|\badd_depends_on\s*\(|\bdepends_on\b|\bDependsOn\b")


@dataclass(frozen=True)
class _Handler:
    source: SourceText
    first: int  # first line of the handler code in the file (1-based)
    last: int
    definition: int  # the ``def`` line

    def lines(self) -> list[tuple[int, str]]:
        rows = self.source.text.splitlines()
        return [(n, rows[n - 1].split("#", 1)[0]) for n in range(self.first, min(self.last, len(rows)) + 1)]


def _is_handler(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    names = [a.arg for a in node.args.args]
    return len(names) == 2 and names[1] in ("context", "ctx", "_context", "lambda_context")


def handlers(evidence: Evidence) -> list[_Handler]:
    """The Lambda handlers of the answer: ``def handler(event, context)`` in a file or in an inline code string."""
    out: list[_Handler] = []
    for source, tree in source_trees(evidence.sources):
        if tree is None:
            continue
        for node in walk(tree):
            if _is_handler(node) and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                out.append(_Handler(source, 1, len(source.text.splitlines()), node.lineno))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value:
                out += _inline(source, node)
    return out


def _inline(source: SourceText, node: ast.Constant) -> list[_Handler]:
    text = str(node.value)
    if not re.search(r"def \w+\(\s*\w+\s*,\s*\w*context\s*\)", text):
        return []
    try:
        tree = parse_shared(textwrap.dedent(text))
    except SyntaxError:
        return []
    offset = node.lineno - 1  # the string's first line is the line of its opening quotes
    found = [n for n in walk(tree) if _is_handler(n) and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    end = node.end_lineno or node.lineno
    return [_Handler(source, node.lineno, end, offset + n.lineno) for n in found]


def _at(source: SourceText, numbers: list[int]) -> list[Location]:
    out: list[Location] = []
    for number in numbers:
        where = source.location(number)
        if where is not None and where not in out:
            out.append(where)
    return out


def _about_handlers(text: str) -> bool:
    return bool(re.search(r"\blambda|\bhandlers?\b|\bfunctions?\b", text, re.I))


def _any_try(evidence: Evidence) -> bool:
    return any(re.match(r"\s*try\s*:", code) for _, _, code in evidence.code_lines())


def _judge_try(text: str, evidence: Evidence) -> HandlerDecision | None:
    if not _NO_TRY.search(text) or _QUALITY.search(text):
        return None
    found = handlers(evidence)
    if not found:
        return None
    with_try: list[Location] = []
    without: list[Location] = []
    for handler in found:
        tries = [n for n, code in handler.lines() if re.match(r"\s*try\s*:", code)]
        if tries:
            with_try += _at(handler.source, tries[:1])
        else:
            without += _at(handler.source, [handler.definition])
    if without and not with_try and (_about_handlers(text) or not _any_try(evidence)):
        return HandlerDecision(True, without[:MAX_EVIDENCE], "No Lambda handler has a try/except block.")
    if with_try and not without:
        return HandlerDecision(False, with_try[:MAX_EVIDENCE], "Every Lambda handler catches errors here.")
    return None


def _judge_pagination(text: str, evidence: Evidence, positive: bool) -> HandlerDecision | None:
    if not _PAGINATION.search(text) or not re.search(r"\bscans?\b|dynamo", text, re.I):
        return None
    quality = bool(_QUALITY.search(text))  # "does not paginate properly": reading the key does not refute it
    scans: list[Location] = []
    paged: list[Location] = []
    for handler in handlers(evidence):
        scans += _at(handler.source, [n for n, code in handler.lines() if _SCAN.search(code)])
        paged += _at(handler.source, [n for n, code in handler.lines() if _PAGED.search(code)])
    if not scans:
        return None
    if paged:
        if quality and not positive:
            return None
        return HandlerDecision(positive, list(dict.fromkeys(paged))[:MAX_EVIDENCE],
                               "The handler reads LastEvaluatedKey (or a paginator) here.")
    return HandlerDecision(not positive, list(dict.fromkeys(scans))[:MAX_EVIDENCE],
                           "The handler scans here and never reads LastEvaluatedKey.")


def _judge_dependencies(text: str, evidence: Evidence) -> HandlerDecision | None:
    if not _NO_DEPENDENCIES.search(text) or not evidence.sources:
        return None
    lines = evidence.grep([_DEPENDENCY.pattern])
    if lines:
        return HandlerDecision(False, lines, "The answer declares a dependency here.", "dependency")
    return None  # CDK orders resources by their references: no explicit dependency is no flaw by itself


_INLINE_CALL = [r"\bCode\.from_inline\s*\(", r"\bInlineCode\s*\(", r"\bCode\.inline\s*\("]
_ASSET_CALL = [r"\bCode\.from_asset\s*\(", r"\bAssetCode\s*\(", r"\bDockerImageCode\.", r"\bPythonFunction\s*\("]
_INLINE_LIMIT = re.compile(r"\b4\s?KB\b|\b4,?096\b", re.I)
_DEFINED_INLINE = re.compile(r"\b(defin\w+|writ\w+|embedd?\w*|placed|put)\b[^.;]{0,40}\binline\b|"
                             r"\binline (lambda |function )?code\b[^.;]{0,20}\b(is|was|are|were)\s+used\b|"
                             r"\bcode is (defined|written) inline\b", re.I)
_NOT_INLINE = re.compile(r"\bnot (included|defined|provided|written) inline\b", re.I)


def _inline_strings(evidence: Evidence) -> list[tuple[Location, int]]:
    """Each inline handler code string, with its size in characters."""
    out: list[tuple[Location, int]] = []
    for source, tree in source_trees(evidence.sources):
        if tree is None:
            continue
        for node in walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            callee = ast.unparse(node.func)
            if not re.search(r"(Code\.from_inline|InlineCode|Code\.inline)$", callee):
                continue
            value = node.args[0]
            text = _joined(value)
            where = source.location(node.lineno)
            if text is not None and where is not None:
                out.append((where, len(text.encode("utf-8"))))
    return out


def _joined(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("dedent") and node.args:
        return _joined(node.args[0])
    return None


def _judge_inline(text: str, evidence: Evidence) -> HandlerDecision | None:
    """"Inline code exceeds the 4 KB limit" (measured), "defines the Lambda code inline" (the call that does)."""
    if not re.search(r"\binline\b", text, re.I):
        return None
    if _INLINE_LIMIT.search(text):
        sizes = _inline_strings(evidence)
        if not sizes:
            return None
        over = [where for where, size in sizes if size > 4096]
        if over:
            return HandlerDecision(True, over[:MAX_EVIDENCE], "This inline code is larger than 4 KB.")
        largest = max(size for _, size in sizes)
        return HandlerDecision(False, [where for where, _ in sizes][:MAX_EVIDENCE],
                               f"Every inline code string is under 4 KB (the largest has {largest} bytes).")
    inline, assets = evidence.grep(_INLINE_CALL), evidence.grep(_ASSET_CALL)
    said_inline = bool(_DEFINED_INLINE.search(text))
    if not said_inline and not _NOT_INLINE.search(text):
        return None
    if inline and not assets:
        return HandlerDecision(said_inline, inline, "The Lambda code is written inline here.")
    if assets and not inline:
        return HandlerDecision(not said_inline, assets, "The Lambda code comes from an asset here, not inline.")
    return None


def judge_handler(text: str, evidence: Evidence, positive: bool) -> HandlerDecision | None:
    """Handler error handling and pagination, explicit dependencies, inline code: None when the claim is not of
    these kinds."""
    if not evidence.sources:
        return None
    found = _judge_inline(text, evidence)
    if found is not None:
        return found
    if not positive:
        found = _judge_try(text, evidence)
        if found is not None:
            return found
        found = _judge_dependencies(text, evidence)
        if found is not None:
            return found
    return _judge_pagination(text, evidence, positive)


__all__ = ["HandlerDecision", "handlers", "judge_handler"]
