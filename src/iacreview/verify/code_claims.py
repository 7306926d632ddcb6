"""Claims that name code by quoting it: a replacement ("Changed `grace_period=` to `grace=`", "uses `A` instead of
`B`", "`subnets` should be `vpc_subnets`", "uses `A` while the ideal uses `B`") or an absence ("does not include the
`restrict_default_security_group` parameter", "Missing `kms:DescribeKey` permission").

A replacement claims the answer wrote one of the two names (``used``) and not the other. Each side is read on its
own, so the claim splits in two: the candidate side is confirmed at the lines that write ``used``, and refuted only
where the candidate writes the other name and never ``used``; the reference side is fixed where the reference writes
the other name and never ``used``, and not fixed where it still writes ``used``. A side that writes both names
decides nothing: the claim may be about one place of several.

An absence is confirmed at the stack when no line of the Python (nor, for CloudFormation names such as IAM actions
and property keys, the complete template) has any of the names; it is refuted at the lines that write all of them,
unless the reference writes them more often (the claim may mean a place the candidate left out) or the claim narrows
where it means ("… for the Lambda roles"). It is confirmed only when the reference writes the names (when there is
one): a name the corrected answer lacks too may be the wrong name for a setting the answer has. Only quotes that are
code (punctuation, snake_case, CamelCase, an IAM action) are read, and snake_case names written without backticks; a
word in backticks or a file name is not.

A setting ("Set `desired_capacity` to 15", "`num_node_groups=6` instead of 4") is read at the lines that pass that
keyword: the value the claim names there, or literals that are all something else. A computed value, a keyword set
both ways, a rule ("must be set") or a condition ("when `x=True` is set") decides nothing.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.model import Location
from iacreview.threadsafe_ast import walk
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence, source_trees
from iacreview.verify.quoted_code import _code_like


@dataclass(frozen=True)
class CodeDecision(Decision):
    check: str = "code"


def _q(name: str) -> str:
    return rf"`(?P<{name}>[^`\n]{{2,80}})`"


_GAP = r"[^`.;]{0,30}?"
# Shapes whose first quote is what the answer wrote, whatever kind of item states them.
_REPLACED = (
    re.compile(rf"\b(?:changed|renamed|replaced|switched|updated|migrated|corrected|converted|swapped)\b{_GAP}"
               rf"(?:from\s+)?{_q('used')}{_GAP}\s(?:to|with|into|by|for)\s+{_GAP}{_q('other')}", re.I),
    re.compile(rf"{_q('used')}\s*(?:→|->|=>)\s*{_q('other')}"),
    re.compile(rf"{_q('used')}{_GAP}\b(?:should|must|needs? to|ought to)\s+(?:be|use|have been|be replaced by)\s+"
               rf"{_GAP}{_q('other')}", re.I),
    re.compile(rf"{_q('used')}[^`;]{{0,80}}?\b(?:while|whereas|but|and)\s+(?:the\s+)?(?:ideal|reference|corrected|"
               rf"fixed)(?:[_ ]response)?(?:\.md)?(?:\s+(?:version|solution|code|stack|answer))?\s+"
               rf"(?:uses|used|has|sets|writes|calls|defines|creates|passes|imports|switches to|moves to)\s+{_GAP}"
               rf"{_q('other')}", re.I),
)
# "`A` instead of `B`": A is what the answer wrote in a claim, what the corrected answer wrote in a fix item.
_INSTEAD = re.compile(rf"{_q('first')}{_GAP}\b(?:instead of|rather than|in place of)\s+{_GAP}{_q('second')}", re.I)

_IAM_ACTION = re.compile(r"^[a-z][a-z0-9-]{1,30}:[A-Za-z*][A-Za-z0-9*]*$")
_PASCAL = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$")
_HYPHENATED = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+){1,5}$")
_PROSE_QUOTE = re.compile(r"\s\w+\s\w+\s")  # three words with spaces: a phrase, not a name


@dataclass(frozen=True)
class _Name:
    quote: str
    python: re.Pattern[str]
    template: bool  # a CloudFormation name (IAM action, property key): the complete template shows it too


def _name(quote: str, loose: bool = True) -> _Name | None:
    """The pattern that finds the quoted code in the Python; None when the quote is not code."""
    q = quote.strip()
    if re.search(r"\.(md|py|json|txt|ya?ml|ts|js|sh)\b|MODEL_RESPONSE|IDEAL_RESPONSE", q, re.I):
        return None
    if not (_code_like(q) or _IAM_ACTION.match(q) or _PASCAL.match(q) or _HYPHENATED.match(q)):
        return None
    if _PROSE_QUOTE.search(q) or len(q) < 3:
        return None
    tail = ""
    if q.endswith("()"):
        q, tail = q[:-2], r"\s*\("
    elif re.search(r"\(\s*\.\.\.\s*\)$", q):
        q, tail = re.sub(r"\(\s*\.\.\.\s*\)$", "", q), r"\s*\("
    elif q.endswith("=") and not q.endswith("=="):
        q, tail = q[:-1].rstrip(), r"\s*=(?!=)"
    if not q:
        return None
    body = "".join(r"['\"]" if c in "'\"" else (r"\s*" if c == " " else re.escape(c)) for c in q)
    body = re.sub(r"(\\s\*)+", r"\\s*", body)
    if loose and re.fullmatch(r"[a-z_][a-z0-9_]*\.[A-Z]\w*", q):
        body = rf"(?:\w+\.)?{re.escape(q.split('.', 1)[1])}"  # `apigateway.StageOptions` as `apigw.StageOptions`
    start = r"(?<![\w.])" if loose and body.startswith("(?:") else (r"(?<!\w)" if re.match(r"\w", q) else "")
    end = r"(?!\w)" if re.search(r"\w$", q) and not tail else ""
    if end and ("/" in q or _HYPHENATED.match(q)):
        end = r"(?![\w-]|\.\w)"  # `/health` is not `/health.html`
    template = bool(_IAM_ACTION.match(q) or _PASCAL.match(q))
    return _Name(quote, re.compile(start + body + end + tail), template)


@dataclass(frozen=True)
class _Found:
    lines: list[Location]
    count: int


def _python_lines(evidence: Evidence, name: _Name) -> _Found:
    lines: list[Location] = []
    count = 0
    for source, number, code in evidence.code_lines():
        if name.python.search(code):
            count += 1
            where = source.location(number)
            if where is not None and where not in lines:
                lines.append(where)
    return _Found(lines, count)


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, string) pair inside a resource, keys included as strings of their own."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield "", str(k)
            yield from _strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


def _in_template(evidence: Evidence, name: _Name) -> _Found:
    """Resources of the template that have the name: as a key, as a whole string, or (an IAM action) granted by an
    action pattern (``kms:*``, ``*``)."""
    action = bool(_IAM_ACTION.match(name.quote.strip()))
    lines: list[Location] = []
    count = 0
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict):
                continue
            quote = name.quote.strip()
            hit = any(text == quote or text.endswith("/" + quote)
                      or (action and key == "Action" and fnmatch.fnmatchcase(quote.lower(), text.lower()))
                      for key, text in _strings(resource.get("Properties") or {}))
            if not hit and not action and len(quote) > 12 and isinstance(resource.get("Properties"), dict):
                hit = quote in json.dumps(resource["Properties"])  # inside a joined ARN or a substituted string
            if hit:
                count += 1
                where = evidence.side.resource_locations.get(logical_id) or Location(
                    template.path, template.resource_lines.get(logical_id, 1))
                if where not in lines:
                    lines.append(where)
    return _Found(lines, count)


def _present(evidence: Evidence, name: _Name) -> _Found:
    found = _python_lines(evidence, name)
    if name.template and evidence.side.templates:
        more = _in_template(evidence, name)
        return _Found(list(dict.fromkeys(found.lines + more.lines)), found.count + more.count)
    return found


def _shape(text: str, fix: bool) -> tuple[str, str] | None:
    """The quote the claim says the answer wrote, and the one it says it did not."""
    for shape in _REPLACED:
        match = shape.search(text)
        if match:
            return match.group("used"), match.group("other")
    match = _INSTEAD.search(text)
    if match:
        first, second = match.group("first"), match.group("second")
        return (second, first) if fix else (first, second)
    return None


def judge_replacement(text: str, evidence: Evidence, fix: bool) -> CodeDecision | None:
    """"`A` instead of `B`" and its kin: does this side write ``A`` (and not ``B``)?"""
    if not evidence.sources:
        return None
    shape = _shape(text, fix)
    if shape is None:
        return None
    used_quote, other_quote = shape
    loose = _last(used_quote) != _last(other_quote)
    used, other = _name(used_quote, loose), _name(other_quote, loose)
    if used is None or other is None or used.python.pattern == other.python.pattern:
        return None
    has_used, has_other = _present(evidence, used), _present(evidence, other)
    if has_used.lines and not has_other.lines:
        return CodeDecision(True, has_used.lines[:MAX_EVIDENCE], f"`{used_quote}` is written here "
                            f"(and `{other_quote}` nowhere).")
    if has_other.lines and not has_used.lines and _specific(other_quote):
        return CodeDecision(False, has_other.lines[:MAX_EVIDENCE], f"`{used_quote}` is written nowhere; "
                            f"`{other_quote}` is written here.")
    return None


def _last(quote: str) -> str:
    return re.split(r"[.(=\s]", quote.strip().rstrip("()="))[-1] if "." in quote else quote.strip()


def _specific(quote: str) -> bool:
    """A name precise enough that writing it shows the answer chose it: not a lone common word."""
    q = quote.strip()
    bare = q.rstrip("()=")
    return len(bare) >= 4 and bool(re.search(r"[_.:(=\d-]|[a-z][A-Z]", q))


# What the absent thing follows: "does not include the `x` parameter", "Missing `x`", "No `x`", "without `x`".
_ABSENCE_CUE = re.compile(
    r"\b(?:no|missing|lacks?|lacked|lacking|without|absence of|omit(?:s|ted)?|(?:does|did|do) ?n[o']t "
    r"(?:include|have|use|call|set|define|specify|pass|configure|add|import|grant|contain|declare|enable))\b"
    r"(?:\s+(?:the|an?|any|its|explicit|required)\b)?(?:\s+[\w-]+){0,2}?\s*(?=`)",
    re.I,
)
# The same with a code name written without backticks: snake_case, ``Class.member`` or a call.
_BARE_NAME = (r"(?P<q>[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\(\))?|[A-Za-z_]\w*\.[A-Za-z_]\w*(?:\(\))?)"
              r"(?![\w(])(?!\.\w)(?!\s*=)")
_BARE_CUE = re.compile(
    r"\b(?:no|missing|lacks?|lacked|lacking|without|(?:does|did|do) ?n[o']t (?:include|have|use|call|set|define|"
    r"specify|pass|configure|add|import|grant|contain|declare|enable))\s+(?:(?:the|an?|any|its|explicit|required)\s+)?"
    + _BARE_NAME, re.I)
_ADDED_BARE = re.compile(r"^\W*(?:added|adds|introduced|implemented|configured|defined|created|included|set|enabled|"
                         r"declared|passed|imported)\s+(?:(?:the|an?|explicit|missing)\s+)?" + _BARE_NAME, re.I)
_EXAMPLES = re.compile(r"^[^.;`]*`[^`]+`[^.;`]{0,40}?\b(?:such as|like|e\.g\.,?|for example|including|namely)"
                       r"\s*:?\s*(?=`)", re.I)
# "does not include outputs for critical resources like `A`, `B`": the examples of what is missing.
_ABSENT_EXAMPLES = re.compile(
    r"\b(?:no|missing|lacks?|lacked|lacking|without|(?:does|did|do) ?n[o']t (?:include|have|define|export|provide|"
    r"create|set|use))\b[^.;`]{3,60}?\b(?:such as|like|e\.g\.,?|for example|including|namely)\s*:?\s*(?=`)", re.I)
_PACKAGING = re.compile(r"requirements|dependenc|\blayers?\b|package\.json|bundl|deployment package|\bpip\b|"
                        r"\bnpm\b|setup\.py|pyproject", re.I)
_RELATIVE = re.compile(r"\b(?:which|that|whose|where)\b[^,;]*$", re.I)
_LIST_TAIL = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|nor)\s+|/\s*)`(?P<q>[^`\n]{2,80})`")
# A phrase that narrows where the claim means ("for Lambda roles", "in the `init` method"): a name found somewhere
# else does not refute it.
_NARROWED = re.compile(r"\b(?:for|in|on|of|to|from|within|inside|under)\s+(?:the\s+|all\s+|its\s+|each\s+|every\s+)?"
                       r"(?!`?MODEL_RESPONSE|model\b|the model|`?[\w/]+\.(?:md|py)\b|response\b|code\b)[`\w]", re.I)
_ADDED = re.compile(r"^\W*(?:added|adds|introduced|implemented|configured|defined|created|included|set|enabled|"
                    r"granted|declared|wrote|passed|imported)\b\s+(?:the\s+|an?\s+|explicit\s+|missing\s+)?"
                    r"(?:[\w-]+\s+){0,2}?(?=`)", re.I)


def _absent_quotes(text: str, fix: bool) -> list[str]:
    cue = (_ADDED.search(text) if fix else None) or _ABSENCE_CUE.search(text) or _ABSENT_EXAMPLES.search(text)
    if cue is None:
        bare = (_ADDED_BARE.search(text) if fix else None) or _BARE_CUE.search(text)
        if bare is None or _RELATIVE.search(text[max(0, bare.start() - 40): bare.start()]):
            return []
        return [bare.group("q")]
    if _RELATIVE.search(text[max(0, cue.start() - 40): cue.start()]):
        return []  # "a `Chain` object that does not have `add_catch()`" says what an API lacks, not the answer
    rest = text[cue.end():]
    first = re.match(r"`(?P<q>[^`\n]{2,80})`", rest)
    if first is not None and _name(first.group("q")) is None:
        # "missing in `MODEL_RESPONSE.md`, such as `A`, `B`": the names the example gives are what is missing
        example = _EXAMPLES.search(rest)
        first = re.match(r"`(?P<q>[^`\n]{2,80})`", rest[example.end():]) if example else None
        rest = rest[example.end():] if example else rest
    if first is None:
        return []
    quotes = [first.group("q")]
    rest = rest[first.end():]
    while (more := _LIST_TAIL.match(rest)) is not None:
        quotes.append(more.group("q"))
        rest = rest[more.end():]
    if re.match(r"\s*(?:\w+\s*)?,", rest) and re.match(r"\W*without\b", text[cue.start():], re.I):
        return []  # "Without `x`, CDK does not ..." explains a consequence
    return quotes


def judge_absence(text: str, evidence: Evidence, reference: Evidence | None, fix: bool) -> CodeDecision | None:
    """"Missing `x`" / a fix item "Added `x`": the answer writes none of the quoted names (confirmed), or all."""
    if not evidence.sources or _shape(text, fix) is not None or _PACKAGING.search(text):
        return None  # a package missing from requirements or a layer: those files are not the Python read here
    quotes = _absent_quotes(text, fix)
    names = [_name(q, loose=False) for q in quotes]
    if not names or any(n is None for n in names):
        return None
    found = [(n, _present(evidence, n)) for n in names if n is not None]
    shown = ", ".join(f"`{n.quote}`" for n, _ in found)
    if not any(f.lines for _, f in found):
        template = any(n.template for n, _ in found)
        if template and not evidence.has_templates:
            return None  # CDK writes such names on its own (a function's basic execution role): the template shows
        if not _complete_source(evidence):
            return None
        if not template and reference is not None and not all(_present(reference, n).lines for n, _ in found):
            return None  # the corrected answer does not write it either: the claim may name the setting wrongly
        where = "the answer's Python nor its template" if template else "the answer's Python"
        return CodeDecision(True, evidence.stack_line(), f"Neither {where} writes {shown}." if template
                            else f"No line of {where} writes {shown}.")
    if all(f.lines for _, f in found):
        after = text[text.find(quotes[-1]) + len(quotes[-1]) + 1:]
        if _NARROWED.search(after) or _NARROWED.search(text[: text.find("`")]):
            return None
        if reference is not None:
            on_reference = [_present(reference, n) for n, _ in found]
            if any(r.count > f.count for r, (_, f) in zip(on_reference, found, strict=True)):
                return None  # the reference writes it in more places: the claim may mean one the answer lacks
        lines = list(dict.fromkeys(line for _, f in found for line in f.lines))[:MAX_EVIDENCE]
        return CodeDecision(False, lines, f"The answer writes {shown} here.")
    return None


def _complete_source(evidence: Evidence) -> bool:
    """Python that is whole: no syntax error and no truncated file, so a name it lacks is really absent."""
    return not any(f.rule_id in ("SYN001", "SYN030") for f in evidence.side.review.findings)




_SETTING_NAME = r"`?(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)`?"
_SETTING_VALUE = (r"`?(?P<value>(?:(?:cdk\.)?Duration\.\w+\(\s*\d+(?:\.\d+)?\s*\))|True|False|None|"
                  r"(?:db\.|cache\.)?[a-z][a-z0-9-]*\.\d*x?large|\d+(?:\.\d+)?|['\"][^'\"\n]{1,60}['\"]|"
                  r"(?-i:[A-Za-z_][\w.]*\.[A-Z][A-Z0-9_]+))`?"
                  r"(?P<unit>\s*(?:seconds?|minutes?|hours?|days?))?")
# "Set desired_capacity to 15" (a fix item: the answer had another value).
_SET_TO = re.compile(rf"^\W*(?:set|configure|change|update|increase|decrease|reduce|raise|lower|adjust)\s+"
                     rf"(?:the\s+)?{_SETTING_NAME}\s+(?:to|=|at)\s+{_SETTING_VALUE}", re.I)
# "num_node_groups=6 instead of 4", "`deletion_protection` is set to `True`": what the answer wrote.
_WROTE = re.compile(rf"{_SETTING_NAME}\s*(?:=|(?:is|was|are|were)\s+(?:set|configured)\s+(?:to|as))\s*{_SETTING_VALUE}",
                    re.I)


def _value_pattern(value: str, unit: str | None) -> str:
    value = value.strip("`")
    duration = re.fullmatch(r"(?:cdk\.)?Duration\.(\w+)\(\s*(\d+(?:\.\d+)?)\s*\)", value)
    if duration:
        return rf"Duration\.{duration.group(1)}\(\s*{re.escape(duration.group(2))}\s*\)"
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        if unit:
            return rf"Duration\.{unit.strip().rstrip('s')}s?\(\s*{re.escape(value)}\s*\)"
        return rf"(?<![\w.]){re.escape(value)}(?![\w.])"
    if value[0] in "'\"":
        return rf"['\"]{re.escape(value[1:-1])}['\"]"
    if re.search(r"\d*x?large$", value):
        return rf"['\"]{re.escape(value)}['\"]"
    return rf"(?<![\w.]){re.escape(value)}(?![\w])" if "." not in value else rf"{re.escape(value.split('.')[-1])}\b"


def judge_setting(text: str, evidence: Evidence, fix: bool) -> CodeDecision | None:
    """"Set `desired_capacity` to 15" (the answer had another value) / "num_node_groups=6" (the answer wrote it):
    the lines that pass that keyword, and the value they pass. Several settings in one claim ("`a=False` or
    `b=False`") decide only when each of them reads the same way."""
    if not evidence.sources:
        return None
    match = _SET_TO.search(text) if fix else None
    if match is not None:
        found = [match]
    elif _MODAL.search(text):
        return None  # "both must be set": a rule, not what the answer wrote
    else:
        found = [m for m in _WROTE.finditer(text) if not _NOT_WRITTEN_BEFORE.search(text[: m.start()])
                 and not _ABOUT_API.search(text[: m.start()])]
    decisions = [_setting(evidence, m.group("name"), m.group("value"), m.group("unit"), fix) for m in found]
    if not decisions or any(d is None for d in decisions):
        return None
    decided = [d for d in decisions if d is not None]
    if len({d.holds for d in decided}) != 1:
        return None
    lines = list(dict.fromkeys(line for d in decided for line in d.evidence))[:MAX_EVIDENCE]
    return CodeDecision(decided[0].holds, lines, " ".join(d.reason for d in decided))


def _setting(evidence: Evidence, name: str, value: str, unit: str | None, fix: bool) -> CodeDecision | None:
    setting = re.compile(rf"(?<![\w.]){re.escape(name)}\s*=(?!=)\s*(?P<rest>[^\n]*)")
    value_re = re.compile(_value_pattern(value, unit))
    same: list[Location] = []
    other: list[Location] = []
    for source, number, code in evidence.code_lines():
        hit = setting.search(code)
        if hit is None:
            continue
        where = source.location(number)
        if where is None:
            continue
        rest = _first_argument(hit.group("rest"))
        if value_re.search(rest):
            same.append(where)
        elif _LITERAL.fullmatch(rest.strip()):
            other.append(where)
        else:
            return None  # a value computed at run time: which one it is, the line does not say
    if (not same and not other) or (same and other):
        return None  # not set at all, or set both ways: which one the claim means is not known
    shown = f"{name}={value}{unit or ''}"
    if same:
        return CodeDecision(not fix, same[:MAX_EVIDENCE], f"The answer sets {shown} here.")
    return CodeDecision(fix, other[:MAX_EVIDENCE], f"The answer sets {name} here, never to {value}{unit or ''}.")


def _first_argument(rest: str) -> str:
    """The value written after ``name=``: up to the comma or bracket that closes it."""
    depth = 0
    for index, char in enumerate(rest):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return rest[:index]
            depth -= 1
        elif char == "," and depth == 0:
            return rest[:index]
    return rest


_NOT_WRITTEN_BEFORE = re.compile(r"\b(should|must|needs? to|instead of|rather than|ideal|expected|required|"
                                 r"recommend\w*|correct(ed)?|fix(ed)?|change[ds]? to|missing|no|not|never|lacks?|"
                                 r"lacking|without|when|whenever|if|unless|once)\b[^.;]{0,40}$|n't\b[^.;]{0,40}$", re.I)
# "Models misunderstand CDK's `allow_all_outbound=False` behavior": what the API does, not what the answer wrote.
_ABOUT_API = re.compile(r"(\b(understand\w*|misunderstand\w*|about|explain\w*|document\w*)\b[^.;]{0,20}|'s\s*`?)$",
                        re.I)
_MODAL = re.compile(r"\b(should|must|needs? to|has to|have to|ought to)\b", re.I)
_LITERAL = re.compile(r"True|False|None|-?\d+(?:\.\d+)?|['\"][^'\"]*['\"]|"
                      r"(?:cdk\.)?Duration\.\w+\(\s*\d+(?:\.\d+)?\s*\)|[\w.]*\.[A-Z][A-Z0-9_]+(?:\(\))?")


_UNUSED = re.compile(
    r"`(?P<a>[A-Za-z_]\w*)`\s+(?:variable\s+|attribute\s+)?(?:is|was|were|are)\s+(?:assigned|declared|defined|created|"
    r"set|stored)\b[^.;]{0,30}\bbut\s+(?:is\s+|was\s+)?(?:never|not)\s+(?:used|referenced|read)"
    r"|`(?P<b>[A-Za-z_]\w*)`\s+(?:variable\s+)?(?:is|was)\s+(?:never|not)\s+(?:used|referenced|read)"
    r"|\bunused (?:local )?variables?\s*(?:\(|:|like|such as)?\s*`(?P<c>[A-Za-z_]\w*)`",
    re.I,
)
_SHADOWED_ID = re.compile(r"\b(?:redefin\w*|shadow\w*|overrid\w*)\s+(?:the\s+)?built-?in\s+`?id`?|`id`[^.;]{0,30}"
                          r"\bshadow\w*\s+(?:the\s+|a\s+)?built-?in", re.I)


def _trees(evidence: Evidence) -> list[tuple[Any, ast.Module]]:
    trees = source_trees(evidence.sources)
    if any(tree is None for _, tree in trees):
        return []  # a file that does not parse hides its uses: nothing is shown
    return [(source, tree) for source, tree in trees if tree is not None]


def judge_unused(text: str, evidence: Evidence) -> CodeDecision | None:
    """"`fargate_service` was assigned but never used": the lines that bind the name and the lines that read it."""
    match = _UNUSED.search(text)
    if match is None:
        return None
    name = match.group("a") or match.group("b") or match.group("c")
    stores: list[Location] = []
    loads: list[Location] = []
    for source, tree in _trees(evidence):
        for node in walk(tree):
            target = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if target != name or not isinstance(node, ast.Name | ast.Attribute):
                continue
            where = source.location(node.lineno)
            if where is not None:
                (stores if isinstance(node.ctx, ast.Store) else loads).append(where)
    if loads:
        return CodeDecision(False, list(dict.fromkeys(loads))[:MAX_EVIDENCE], f"`{name}` is read here.")
    if stores:
        return CodeDecision(True, list(dict.fromkeys(stores))[:MAX_EVIDENCE],
                            f"`{name}` is bound here and read nowhere.")
    return None


def judge_shadowed_id(text: str, evidence: Evidence) -> CodeDecision | None:
    """"Redefined built-in `id`": the functions that take a parameter named ``id`` (or, when none does, the
    constructors that name it otherwise)."""
    if not _SHADOWED_ID.search(text):
        return None
    taking: list[Location] = []
    constructors: list[Location] = []
    for source, tree in _trees(evidence):
        for node in walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
            where = source.location(node.lineno)
            if where is None:
                continue
            if "id" in names:
                taking.append(where)
            elif node.name == "__init__" and len(names) >= 3:
                constructors.append(where)
    if taking:
        return CodeDecision(True, taking[:MAX_EVIDENCE], "These functions take a parameter named `id`.")
    if constructors:
        return CodeDecision(False, constructors[:MAX_EVIDENCE], "No function takes a parameter named `id`.")
    return None


__all__ = ["CodeDecision", "judge_absence", "judge_replacement", "judge_setting", "judge_shadowed_id", "judge_unused"]
