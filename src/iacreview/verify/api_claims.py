"""Claims that an aws_cdk class, method, property or parameter does not exist ("`bucket.grant()` is not a valid
method", "`performance_insights_enabled` should be `enable_performance_insights`").

Such a claim is confirmed by the line where the code uses the name and a check or the synth failed on it (an
unknown-attribute finding, an ``AttributeError`` naming it), or where the jsii API index shows the class the claim
names has no such member. It is refuted only when the index shows the class or module the claim names does have
every name the code uses, and the code uses it at a line to quote. A name the code never uses decides nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from iacreview.config import Config
from iacreview.model import Finding, Location
from iacreview.python.index import CdkIndex, TypeRef, load_index
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence

_EXISTENCE = re.compile(
    r"\b(does ?n[o']t|do ?n[o']t|did ?n[o']t) exist|non-?existent|\bnot (a |an )?(valid|supported|recogni[sz]ed|"
    r"accepted|available|allowed)\b|\binvalid\b|\bnot found\b|\bno such\b|\bhas no (\S+ )?(attribute|method|"
    r"property|parameter|member|argument)|\bno attribute\b|\bunknown (parameter|argument|keyword|property|method|"
    r"attribute)|unexpected keyword|AttributeError|\bnot an? (valid )?(parameter|argument|property|method|attribute)"
    r"|\bisn't (a |an )?valid|\bincorrect (method|parameter|property|attribute|api|class|argument)|\bwrong (method|"
    r"parameter|property|api|argument)|\bnot (a )?(valid )?(member|part) of\b|"
    r"\b(does|do|did) ?n[o']t (accept|support|take) (an? |the )?`[^`]+` (parameter|argument|keyword|property)",
    re.IGNORECASE,
)
# The claim is about a name, not a value ("`removal_policy` has an invalid value" is not refuted by the name).
_NAME_EXISTENCE = re.compile(
    r"\b(does ?n[o']t|do ?n[o']t|did ?n[o']t) exist|non-?existent|\bnot (a |an )?(valid |supported |recogni[sz]ed )?"
    r"(method|parameter|property|attribute|argument|keyword|member|class)\b|\bno attribute\b|\bhas no (\S+ )?"
    r"(attribute|method|property|parameter|member|argument)|\bunknown (parameter|argument|keyword|property|method|"
    r"attribute)|unexpected keyword|\binvalid (parameter|method|property|argument|keyword|attribute|class)|"
    r"\bnot found in\b|\bnot (a )?(valid )?(member|part) of\b|"
    r"\b(does|do|did) ?n[o']t (accept|support|take) (an? |the )?`[^`]+` (parameter|argument|keyword|property)",
    re.IGNORECASE,
)
_BACKTICKED = re.compile(r"`([^`\n]{2,120})`")
_BARE = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?:\(\))?|\b([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\b")
_IDENT = re.compile(r"[A-Za-z_]\w*")
_FAILING_RULES = ("SYN010", "SYN011", "SYN012", "DEP001", "DEP010")


ApiDecision = Decision


@dataclass(frozen=True)
class _Named:
    member: str
    owner: str | None  # the class or module alias written before it (``rds`` in ``rds.DatabaseInstance``)


@lru_cache(maxsize=1)
def _index() -> CdkIndex | None:
    return load_index(Config())


def is_existence_claim(text: str) -> bool:
    return bool(_EXISTENCE.search(text))


def _names(text: str) -> list[_Named]:
    out: list[_Named] = []
    for quoted in _BACKTICKED.findall(text):
        head = re.split(r"[=(\s]", quoted.strip(), maxsplit=1)[0]
        parts = [p for p in head.split(".") if _IDENT.fullmatch(p)]
        if parts:
            out.append(_Named(parts[-1], parts[-2] if len(parts) > 1 else None))
    if not out:
        for snake, camel in _BARE.findall(text):
            out.append(_Named(snake or camel, None))
    unique: dict[str, _Named] = {}
    for named in out:
        unique.setdefault(named.member, named)
    return list(unique.values())


def _classes_named(text: str, index: CdkIndex, evidence: Evidence) -> list[str]:
    """The aws_cdk classes the claim names (``AutoScalingGroup``, ``rds.DatabaseInstance``), as jsii fqns.

    ``rds.DatabaseInstance`` names the class of the module the answer imports as ``rds`` only (not DocumentDB's).
    """
    fqns: list[str] = []
    for word in set(re.findall(r"\b[A-Z][A-Za-z0-9]+\b", text)):
        modules = index.modules_defining(word)
        owners = {_module_alias(evidence, alias) for alias in re.findall(rf"\b(\w+)\.{word}\b", text)} - {None}
        if owners & set(modules):
            modules = sorted(m for m in modules if m in owners)
        for module in modules:
            found = index.module_attribute(module, word)
            if isinstance(found, TypeRef) and found.fqn not in fqns:
                fqns.append(found.fqn)
    return fqns


def _usage(evidence: Evidence, name: str) -> list[Location]:
    if name[0].isupper():
        patterns = [rf"(?<![\w]){re.escape(name)}\s*[.(]", rf"\.{re.escape(name)}\b"]
    else:
        patterns = [rf"\.{re.escape(name)}\b", rf"\b{re.escape(name)}\s*=(?!=)"]
    return evidence.grep(patterns)


def _failures(evidence: Evidence, name: str) -> list[Finding]:
    quoted = re.compile(rf"['`\"]{re.escape(name)}['`\"(]|\b{re.escape(name)}\(\)|\.{re.escape(name)}\b")
    out: list[Finding] = []
    for finding in evidence.side.review.findings:
        if finding.rule_id not in _FAILING_RULES or finding.suppressed or finding.location is None:
            continue
        failed_on_a_name = re.search(r"AttributeError|TypeError|ImportError|keyword", finding.message)
        if finding.rule_id == "DEP001" and not failed_on_a_name:
            continue
        if quoted.search(finding.message):
            out.append(finding)
    return out


def _module_alias(evidence: Evidence, alias: str) -> str | None:
    """``cloudfront`` -> ``aws_cdk.aws_cloudfront`` from the answer's own imports."""
    pattern = re.compile(
        rf"(?:from\s+aws_cdk\s+import\s+[^#]*?\b(aws_\w+)\s+as\s+{re.escape(alias)}\b)"
        rf"|(?:import\s+aws_cdk\.(aws_\w+)\s+as\s+{re.escape(alias)}\b)"
        rf"|(?:^\s*(aws_\w+)\s+as\s+{re.escape(alias)}\s*,?\s*$)",
        re.MULTILINE,
    )
    for source in evidence.sources:
        match = pattern.search(source.text)
        if match:
            return "aws_cdk." + next(g for g in match.groups() if g)
    return None


def _has_member(index: CdkIndex, fqn: str, name: str) -> bool | None:
    """Does the class have the name (a member, a nested type or a constructor keyword)? None when not certain."""
    if name in index.member_names(fqn):
        return True
    signatures = [init[1]] if (init := index.initializer(fqn)) is not None else []
    for info in index.lineage(fqn):
        signatures += [m.signature for m in info.members.values() if m.signature is not None]
    for signature in signatures:
        if any(p.name == name for p in signature.positional):
            return True
        if signature.struct and name in index.struct_fields(signature.struct):
            return True
    return False if index.is_complete(fqn) else None


def _exists(index: CdkIndex, evidence: Evidence, named: _Named, classes: Iterable[str]) -> bool | None:
    if named.member[0].isupper() and not named.owner:
        return True if index.modules_defining(named.member) else None  # a class named alone: is it anywhere?
    if named.owner:
        module = _module_alias(evidence, named.owner)
        if module is not None and index.has_module(module):
            return index.module_attribute(module, named.member) is not None
    answers = [_has_member(index, fqn, named.member) for fqn in classes]
    if answers and all(a is True for a in answers):
        return True
    if answers and all(a is False for a in answers):
        return False
    return None


def judge_api_claim(text: str, evidence: Evidence) -> ApiDecision | None:
    """Decide "X does not exist / is not valid" against the code, its checks and the API index."""
    if not is_existence_claim(text) or not evidence.sources:
        return None
    used = [(n, _usage(evidence, n.member)) for n in _names(text)]
    used = [(n, lines) for n, lines in used if lines]
    if not used:
        return None
    for named, _ in used:
        failing = _failures(evidence, named.member)
        if failing:
            where = [f.location for f in failing if f.location is not None][:MAX_EVIDENCE]
            return ApiDecision(True, where, f"{failing[0].rule_id}: {failing[0].message}")
    index = _index()
    if index is None:
        return None
    classes = _classes_named(text, index, evidence)
    verdicts = [(named, lines, _exists(index, evidence, named, classes)) for named, lines in used]
    missing = [(n, lines) for n, lines, ok in verdicts if ok is False]
    if missing:
        named, lines = missing[0]
        return ApiDecision(True, lines, f"`{named.member}` is not in the aws_cdk API where the claim places it, "
                           "and the code uses it here.")
    if verdicts and all(ok is True for _, _, ok in verdicts) and _NAME_EXISTENCE.search(text):
        lines = list(dict.fromkeys(line for _, found, _ in verdicts for line in found))[:MAX_EVIDENCE]
        names = ", ".join(f"`{n.member}`" for n, _, _ in verdicts)
        return ApiDecision(False, lines, f"{names} exists in the installed aws_cdk API and the code uses it here.")
    return None
