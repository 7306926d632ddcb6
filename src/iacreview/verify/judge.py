"""Judge each claim of a written report against the code: confirmed, refuted or unverifiable, with the line.

A claim is decided only by a check that can decide it: a measured fact of the Python (indentation, imports, type
annotations), the removal policy of the data resources, a structural feature of the templates (a GSI, a DLQ, an
alarm) or a rule (matched through the synonym table and the rules' specific keywords). A refutation always carries
the line that shows the opposite; without one, the claim stays unverifiable. Which way a check answers depends on
what the claim asserts (``polarity``): that something is absent, wrong, or right.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from iacreview.compare.core import Comparison
from iacreview.compare.prompt_actions import code_lines
from iacreview.model import Finding, Location, RuleMeta, Severity, Target
from iacreview.threadsafe_ast import parse_shared, walk
from iacreview.verify.api_claims import judge_api_claim
from iacreview.verify.claims import Claim
from iacreview.verify.code_claims import (
    judge_absence,
    judge_replacement,
    judge_setting,
    judge_shadowed_id,
    judge_unused,
)
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence, SourceText, locations
from iacreview.verify.features import (
    SOURCE_ONLY,
    deletion_policies,
    feature_keys,
    matching_features,
    presence,
    same_as_reference,
    same_code_as_reference,
    type_matches,
)
from iacreview.verify.handler_claims import judge_handler
from iacreview.verify.polarity import Polarity, is_negative, polarity
from iacreview.verify.quoted_code import judge_quoted
from iacreview.verify.schema_claims import judge_schema
from iacreview.verify.settings_claims import (
    judge_environment,
    judge_nat_count,
    judge_outputs,
    judge_synth,
    judge_tags,
)
from iacreview.verify.style import measure
from iacreview.verify.value_claims import judge_value
from iacreview.verify.vocabulary import any_match, first_match, synonyms

__all__ = ["Evidence", "SourceText", "Verdict", "is_negative", "judge_claims", "matched_rules", "synonyms"]

CONFIRMED, REFUTED, UNVERIFIABLE = "confirmed", "refuted", "unverifiable"
FIXED, NOT_FIXED = "fixed", "not_fixed"


@dataclass
class Verdict:
    claim: Claim
    candidate_verdict: str = UNVERIFIABLE
    reference_verdict: str = UNVERIFIABLE
    evidence: list[Location] = field(default_factory=list)
    reference_evidence: list[Location] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    reason: str = ""
    check: str = ""  # which kind of check decided it: style, removal_policy, import, feature, rule, fact

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.claim.text,
            "line": self.claim.line,
            "category": self.claim.category.value if self.claim.category else None,
            "kind": self.claim.kind,
            "polarity": polarity(self.claim).value,
            "candidate_verdict": self.candidate_verdict,
            "reference_verdict": self.reference_verdict,
            "evidence": [e.to_json() for e in self.evidence],
            "reference_evidence": [e.to_json() for e in self.reference_evidence],
            "rule_ids": self.rule_ids,
            "reason": self.reason,
            "check": self.check,
        }

    def decide(self, holds: bool, evidence: list[Location], reason: str, check: str) -> bool:
        """Set the candidate verdict; a claim is never refuted without a line to show."""
        if not evidence:
            return False
        self.candidate_verdict = CONFIRMED if holds else REFUTED
        self.evidence, self.reason, self.check = evidence[:MAX_EVIDENCE], reason, check
        return True


@dataclass(frozen=True)
class _Context:
    candidate: Evidence
    reference: Evidence | None
    rules: Sequence[RuleMeta]
    targets: dict[str, Target]
    metas: dict[str, RuleMeta]


def judge_claims(
    claims: Sequence[Claim],
    candidate: Evidence,
    reference: Evidence | None,
    rules: Sequence[RuleMeta],
    comparison: Comparison | None = None,
) -> list[Verdict]:
    context = _Context(candidate, reference, rules, {m.id: m.target for m in rules}, {m.id: m for m in rules})
    return [_judge(claim, context) for claim in claims]


_Judge = Callable[[Verdict, _Context], bool]


def _judge(claim: Claim, context: _Context) -> Verdict:
    verdict = Verdict(claim)
    judges: tuple[_Judge, ...] = (_judge_fact, _judge_style, _judge_api, _judge_environment, _judge_outputs,
                                  _judge_tags, _judge_synth, _judge_nat,
                                  _judge_removal, _judge_imports, _judge_literal, _judge_feature, _judge_rules)
    for decide in judges:
        if decide(verdict, context):
            break
    if verdict.candidate_verdict != UNVERIFIABLE:
        return verdict
    # Generic readings of the claim's words: only when no specific check decided it.
    for fallback in (_judge_handler, _judge_code, _judge_schema, _judge_value, _judge_quoted):
        if fallback(verdict, context):
            return verdict
    if verdict.reason:
        return verdict
    if any_match(synonyms()["opinion_patterns"], claim.text):
        verdict.reason = "Opinion or code style: no check measures it."
    else:
        verdict.reason = "No check decides this claim."
    return verdict


def _decide_sides(verdict: Verdict, context: _Context, read: Callable[[Evidence], Decision | None],
                  check: str | None = None, *, reference_too: bool = True) -> bool:
    """Decide the candidate side with ``read``; when the flaw holds there, read the reference the same way: the
    same reading on the reference says whether the corrected answer still has it. ``check`` names the kind of
    check (default: the reading's own ``check``)."""
    found = read(context.candidate)
    if found is None or not verdict.decide(found.holds, found.evidence, found.reason, check or found.check):
        return False
    if context.reference is not None and found.holds and reference_too:
        on_reference = read(context.reference)
        if on_reference is not None:
            verdict.reference_verdict = NOT_FIXED if on_reference.holds else FIXED
            verdict.reference_evidence = on_reference.evidence
    return True


def _judge_value(verdict: Verdict, context: _Context) -> bool:
    """"Instance type c5.4xlarge instead of m5.4xlarge": the value at the resource that has it."""
    if polarity(verdict.claim) is Polarity.ABSENT and verdict.claim.kind != "fix":
        return False
    fix = verdict.claim.kind == "fix"
    return _decide_sides(verdict, context, lambda side: judge_value(verdict.claim.text, side, fix),
                         reference_too=polarity(verdict.claim) is not Polarity.POSITIVE)


def _judge_handler(verdict: Verdict, context: _Context) -> bool:
    """"No try/except in the Lambda", "No pagination for DynamoDB scans", "No explicit dependencies"."""
    positive = polarity(verdict.claim) is Polarity.POSITIVE
    return _decide_sides(verdict, context, lambda side: judge_handler(verdict.claim.text, side, positive),
                         reference_too=not positive)


def _judge_code(verdict: Verdict, context: _Context) -> bool:
    """"Changed `A` to `B`", "uses `A` while the ideal uses `B`" (each side read on its own), "Missing `x`"."""
    text, fix = verdict.claim.text, verdict.claim.kind == "fix"
    said = polarity(verdict.claim)
    if said is not Polarity.POSITIVE and _decide_sides(verdict, context, lambda side: judge_setting(text, side, fix)):
        return True
    if said is not Polarity.POSITIVE and not fix and (
            _decide_sides(verdict, context, lambda side: judge_unused(text, side))
            or _decide_sides(verdict, context, lambda side: judge_shadowed_id(text, side))):
        return True
    if _decide_sides(verdict, context, lambda side: judge_replacement(text, side, fix),
                     reference_too=said is not Polarity.POSITIVE):
        return True
    if said is not Polarity.ABSENT:
        return False
    found = judge_absence(text, context.candidate, context.reference, fix)
    if found is None or not verdict.decide(found.holds, found.evidence, found.reason, found.check):
        return False
    if context.reference is not None and found.holds:
        on_reference = judge_absence(text, context.reference, None, fix)
        if on_reference is not None:
            verdict.reference_verdict = NOT_FIXED if on_reference.holds else FIXED
            verdict.reference_evidence = on_reference.evidence
    return True


def _judge_quoted(verdict: Verdict, context: _Context) -> bool:
    """"The model uses `PYTHON_3_11`": the line that writes the quote confirms it (never refutes)."""
    if polarity(verdict.claim) is not Polarity.NEGATIVE or verdict.claim.kind == "fix":
        return False
    return _decide_sides(verdict, context, lambda side: judge_quoted(verdict.claim.text, side))


def _judge_schema(verdict: Verdict, context: _Context) -> bool:
    """"No VPC endpoints" / "Message retention not configured": the resource types and properties of the template."""
    if polarity(verdict.claim) is not Polarity.ABSENT:
        return False
    fix = verdict.claim.kind == "fix"
    return _decide_sides(verdict, context, lambda side: judge_schema(verdict.claim.text, side, fix))


def _judge_fact(verdict: Verdict, context: _Context) -> bool:
    for fact in synonyms()["facts"]:
        if any_match(fact["patterns"], verdict.claim.text):
            lines = _resource_lines(context.candidate, set(fact["types"]))
            return verdict.decide(fact["holds"], lines, fact["reason"], "fact")
    return False


def _judge_api(verdict: Verdict, context: _Context) -> bool:
    """"`X` does not exist / is not a valid parameter": the failing check or the API index, at the line using it."""
    if polarity(verdict.claim) is Polarity.POSITIVE:
        return False
    return _decide_sides(verdict, context, lambda side: judge_api_claim(verdict.claim.matching_text, side), "api")


def _judge_environment(verdict: Verdict, context: _Context) -> bool:
    found = judge_environment(verdict.claim.text, context.candidate)
    return found is not None and verdict.decide(found.holds, found.evidence, found.reason, found.check)


def _judge_nat(verdict: Verdict, context: _Context) -> bool:
    return _decide_sides(verdict, context, lambda side: judge_nat_count(verdict.claim.text, side),
                         reference_too=polarity(verdict.claim) is not Polarity.POSITIVE)


def _judge_tags(verdict: Verdict, context: _Context) -> bool:
    return _decide_sides(verdict, context, lambda side: judge_tags(verdict.claim.text, side))


def _judge_synth(verdict: Verdict, context: _Context) -> bool:
    if polarity(verdict.claim) is Polarity.POSITIVE:
        return False
    found = judge_synth(verdict.claim.text, context.candidate)
    return found is not None and verdict.decide(found.holds, found.evidence, found.reason, found.check)


def _judge_outputs(verdict: Verdict, context: _Context) -> bool:
    return _decide_sides(verdict, context, lambda side: judge_outputs(verdict.claim.text, side))


def _judge_style(verdict: Verdict, context: _Context) -> bool:
    said = polarity(verdict.claim)
    return _decide_sides(verdict, context, lambda side: measure(verdict.claim.text, side, said), "style",
                         reference_too=is_negative(verdict.claim))


_RETAIN = re.compile(r"\bretain(ed)?\b|RemovalPolicy\.RETAIN", re.IGNORECASE)
_DESTROY = re.compile(r"\bdestroy(able|ed)?\b|RemovalPolicy\.DESTROY|\bcleanup\b|clean up|auto_delete", re.I)


def _judge_removal(verdict: Verdict, context: _Context) -> bool:
    """"RETAIN blocks cleanup" asserts some data resource is retained; "all destroyable ✅" asserts none is."""
    text = verdict.claim.text
    if not re.search(r"removal|deletion ?polic|RETAIN|DESTROY|destroyable", text, re.IGNORECASE):
        return False
    if not context.candidate.has_templates:
        return False
    said = polarity(verdict.claim)
    retain, destroy = bool(_RETAIN.search(text)), bool(_DESTROY.search(text))
    if retain and not (destroy and said is Polarity.POSITIVE):
        asserts_retained = True
    elif destroy and said is Polarity.POSITIVE:
        asserts_retained = False
    elif destroy and said is Polarity.ABSENT:
        asserts_retained = True  # "missing RemovalPolicy.DESTROY"
    else:
        return False
    policies = deletion_policies(context.candidate)
    retained = policies.get("Retain", []) + policies.get("Snapshot", [])
    deleted = policies.get("Delete", [])
    if not retained and not deleted:
        return False
    holds = bool(retained) if asserts_retained else not retained
    shown = retained if retained else deleted
    reason = (f"{len(retained)} data resources are retained on stack deletion." if retained
              else "Every data resource is deleted with the stack.")
    if not verdict.decide(holds, shown, reason, "removal_policy"):
        return False
    verdict.rule_ids = ["DEP041"]
    return True


_HARDCODED = re.compile(r"hard-?cod", re.IGNORECASE)
_QUOTED = re.compile(r"`([^`\n]{3,80})`")
_DOUBLE_QUOTED = re.compile(r"\"([^\"\s]{3,80})\"")  # "tap-trades": a value, when it has no spaces


def _judge_literal(verdict: Verdict, context: _Context) -> bool:
    """"Hard-coded values like `TempPass123!`": the quoted value written as a string literal confirms it."""
    text = verdict.claim.text
    if not _HARDCODED.search(text) or not is_negative(verdict.claim):
        return False
    values = [v.strip("'\"") for v in _QUOTED.findall(text)]
    values += [v for v in _DOUBLE_QUOTED.findall(text) if re.search(r"[-/\d]", v)]
    # A bare identifier (`Tags`, `grant_read()`) names code, not a value; a value has other characters or digits.
    values = [v for v in values if v and (not re.fullmatch(r"[\w.]+\(?\)?", v) or re.search(r"\d", v))]
    patterns = [rf"['\"]{re.escape(v)}['\"]" for v in values if v]
    if not patterns:
        return False
    lines = context.candidate.grep(patterns)
    return verdict.decide(True, lines, "The quoted value is written as a literal here.", "literal")


_IMPORT_CLAIM = re.compile(r"\bimport", re.IGNORECASE)
_NAMES = re.compile(r"`([A-Za-z_][\w.]*)`")


def _judge_imports(verdict: Verdict, context: _Context) -> bool:
    text, candidate = verdict.claim.text, context.candidate
    if not _IMPORT_CLAIM.search(text) or not is_negative(verdict.claim) or not candidate.sources:
        return False
    names = [n.split(".")[-1] for n in _NAMES.findall(text) if not n.endswith(".md")]
    names += [n for n in re.findall(r"\b(boto3|logging|json|os|datetime|uuid)\b", text) if n not in names]
    imported: list[Location] = []
    missing: list[Location] = []
    for name in names:
        where = _import_line(candidate.sources, name)
        if where is not None:
            imported.append(where)
            continue
        used = _use_line(candidate.sources, name)
        if used is not None:
            missing.append(used)
    if missing:
        verdict.rule_ids = ["SYN031", "SYN034"]
        return verdict.decide(True, missing, "A name the claim gives is used without being imported.", "import")
    return verdict.decide(False, imported, "The names the claim says are not imported are imported here.", "import")


def _import_line(sources: Sequence[SourceText], name: str) -> Location | None:
    for source in sources:
        for number, line in enumerate(source.text.splitlines(), start=1):
            if re.match(r"\s*(from\s+\S+\s+)?import\b", line) and re.search(rf"\b{re.escape(name)}\b", line):
                return source.location(number)
        try:
            tree = parse_shared(source.text)
        except (SyntaxError, ValueError):
            continue
        for node in walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    if (alias.asname or alias.name.split(".")[-1]) == name or alias.name == name:
                        return source.location(getattr(alias, "lineno", node.lineno))  # the name's own line
    return None


def _use_line(sources: Sequence[SourceText], name: str) -> Location | None:
    for source, number, code in code_lines(sources):
        if re.search(rf"(?<![\w.'\"]){re.escape(name)}\s*[.(]", code):
            return source.location(number)
    return None


def _judge_feature(verdict: Verdict, context: _Context) -> bool:
    """"No GSI" / "Added a DLQ" (absent) and "RTC enabled ✅" (positive) are decided by where the feature is."""
    said = polarity(verdict.claim)
    if said is Polarity.NEGATIVE:
        return False  # "the lifecycle rule is too simple": having one does not decide it
    for feature in matching_features(verdict.claim.matching_text):
        if said is Polarity.ABSENT and verdict.claim.kind != "fix" and _subject_of_absence(verdict.claim.text, feature):
            continue  # "Nested stacks don't have Props classes": the feature has something else missing
        found = presence(context.candidate, feature)
        if found is None:
            continue
        if found.has and said is Polarity.ABSENT and _MULTI_SUBJECT.search(verdict.claim.text):
            continue  # "not enabled for the functions or the API": one of them having it refutes only half
        if found.has and said is Polarity.ABSENT and _qualified(verdict.claim):
            # "Added proper TTL configuration": having TTL refutes it only where the corrected answer sets it alike
            keys = feature_keys(feature)
            same = ([] if SOURCE_ONLY in keys else same_as_reference(
                context.candidate, context.reference, set(feature["types"]), keys)) or same_code_as_reference(
                context.candidate, context.reference, list(feature.get("source") or []))
            if not same:
                continue
            if verdict.decide(False, same, f"The candidate already has {feature['words']}, set as the corrected "
                              "answer sets it.", "feature"):
                return True
            continue
        holds = found.has if said is Polarity.POSITIVE else not found.has
        where = "has" if found.has else "does not have"
        by = " (read from the Python)" if found.by == "source" else ""
        praised_as_working = said is Polarity.POSITIVE and found.has and _ASSERTS_CORRECTNESS.search(verdict.claim.text)
        broken = _broken_feature(context, feature, found.evidence) if praised_as_working else []
        if broken:
            if not verdict.decide(False, locations(broken), f"The candidate has {feature['words']}, but "
                                  f"{broken[0].rule_id} shows it does not work: {broken[0].title}.", "feature"):
                continue
            verdict.rule_ids = sorted({f.rule_id for f in broken})
            return True
        if not verdict.decide(holds, found.evidence, f"The candidate {where} {feature['words']}{by}{found.note}.",
                              "feature"):
            continue
        if context.reference is not None and said is Polarity.ABSENT and holds:
            on_reference = presence(context.reference, feature)
            if on_reference is not None:
                verdict.reference_verdict = FIXED if on_reference.has else NOT_FIXED
                verdict.reference_evidence = on_reference.evidence
        return True
    return False


# Words of a feature's name that name its resource, not the feature: a finding sharing only these is about
# something else of the same resource ("bucket versioning ✅" is not broken by a bucket's replication role).
_RESOURCE_WORDS = frozenset({"bucket", "buckets", "stack", "stacks", "lambda", "function", "functions", "table",
                             "tables", "queue", "queues", "topic", "role", "roles", "policy", "policies", "cloudwatch",
                             "dynamodb", "cloudfront", "event", "events", "rule", "rules", "custom", "resource",
                             "explicit", "customer", "managed", "method", "methods", "code", "with"})
_BREAKING = (Severity.CRITICAL, Severity.HIGH)
# Praise that says the feature works ("correct replication configuration ✅"), not only that it is there ("RTC
# enabled ✅"): a finding that the feature is broken refutes the first kind only.
_ASSERTS_CORRECTNESS = re.compile(r"\b(correct(ly)?|proper(ly)?|works?|working|functional|valid|sufficient|"
                                  r"fully|least[ -]privilege|minimal)\b", re.IGNORECASE)


def _feature_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in _RESOURCE_WORDS}


def _broken_feature(context: _Context, feature: dict[str, Any], where: list[Location]) -> list[Finding]:
    """High findings of the candidate at the lines that build a praised feature, from a rule about that feature
    (a word of the feature's name in the rule's title or keywords): "correct replication with RTC ✅" where the
    replication role cannot replicate."""
    words = _feature_words(str(feature["words"]))
    if not words:
        return []
    lines = {(w.path, w.line) for w in where}
    out: list[Finding] = []
    for finding in context.candidate.side.review.findings:
        loc = finding.location
        if finding.severity not in _BREAKING or loc is None or (loc.path, loc.line) not in lines:
            continue
        meta = context.metas.get(finding.rule_id)
        about = finding.title + " " + " ".join(meta.keywords if meta is not None else ())
        if words & _feature_words(about):
            out.append(finding)
    return out


# A missing thing qualified by how much of it there must be ("comprehensive dashboard with key metrics", "critical
# alarms for ...", a count): having the thing, or a rule that only checks for it at all staying silent, does not
# refute the claim, unless the corrected answer has the same resources with the same settings (the "fix" changed
# nothing). "Proper" and "appropriate" qualify nothing: "added proper TTL" is false when the answer had TTL.
_QUALIFIED = re.compile(r"\b(comprehensive|critical|key (metrics|resources|outputs|services|components|alarms)|"
                        r"insufficient|incomplete|additional|more|detailed|specific|fine-grained|granular|robust|"
                        r"two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE)
# A table row's severity column ("— Critical —") grades the claim; it does not qualify what is missing.
_SEVERITY_CELL = re.compile(r"—\s*(critical|high|medium|low)\s*—", re.IGNORECASE)


def _qualified(claim: Claim) -> bool:
    return bool(_QUALIFIED.search(_SEVERITY_CELL.sub("—", claim.text)))


_MULTI_SUBJECT = re.compile(r"\b(for|on|in|across)\s+(the\s+|all\s+)?[\w-]+(\s+[\w-]+)?\s*(,|\bor\b|\band\b)\s*"
                            r"(the\s+)?[\w-]+", re.IGNORECASE)
# An absence said actively ("X does not have Y", "X without Y", "X lacks Y"): what is missing follows the cue.
_ACTIVE_ABSENCE = re.compile(r"\b(lacks?|lacking|lacked|without|never|(does|do|did) ?n[o']t (have|include|use|"
                             r"enable|configure|set|define|specify))\b", re.IGNORECASE)


def _subject_of_absence(text: str, feature: dict[str, Any]) -> bool:
    """Is the feature named only before an active absence cue, as the thing that lacks something else? Read in the
    claim's first sentence: what follows (a quoted error, the consequence) names things in passing."""
    text = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    cue = _ACTIVE_ABSENCE.search(text)
    if cue is None:
        return False
    starts = [m.start() for p in feature["patterns"] if (m := first_match([p], text)) is not None]
    return bool(starts) and all(start < cue.start() for start in starts) and not any(
        first_match([p], text[cue.end():]) for p in feature["patterns"])


# "..., leading to deployment failures": what follows from the claim, not what it is about.
_CONSEQUENCE = re.compile(r"(,\s*|\s+)\b(leading to|resulting in|causing|which (leads|causes|results|can lead|"
                          r"could lead|may lead))\b[^.;]*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _entries_for(text: str) -> tuple[dict[str, Any], ...]:
    """Synonym entries the claim names; an entry marked ``main_clause`` only outside a consequence clause. Kept per
    text: several checks ask for the same claim, and the answer depends on the text and the fixed table only."""
    main = _CONSEQUENCE.sub("", text)
    out = []
    for entry in synonyms()["entries"]:
        said = main if entry.get("main_clause") else text
        if any_match(entry["patterns"], said) and (not entry.get("subjects") or any_match(entry["subjects"], said)):
            out.append(entry)
    return tuple(out)


def _specific_keywords(meta: RuleMeta) -> list[str]:
    """Keywords precise enough to name the rule alone: several words or a code name, never a bare common word."""
    return [k for k in meta.keywords if (" " in k.strip() or re.search(r"[_.A-Z]", k)) and len(k) > 6]


def matched_rules(claim: Claim, rules: Sequence[RuleMeta]) -> list[str]:
    text = claim.matching_text
    ids: list[str] = []
    for entry in _entries_for(text):
        ids += [r for r in entry["rules"] if r not in ids]
    lowered = text.lower()
    for rule_id, keywords in _keyword_patterns(tuple(rules)):
        if rule_id not in ids and keywords.search(lowered):
            ids.append(rule_id)
    return ids


@lru_cache(maxsize=8)
def _keyword_patterns(rules: tuple[RuleMeta, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each rule's specific keywords as one pattern (any of them, as a whole word), made once per rule set: a
    pattern per keyword and claim would outgrow ``re``'s cache and be compiled again and again. Comparison rules
    are left out: they say "the reference has it", and a claim never names them by keyword."""
    table = []
    for meta in rules:
        words = _specific_keywords(meta)
        if words and not re.match(r"[A-Z]+09\d$", meta.id):
            table.append((meta.id, re.compile("|".join(rf"\b{re.escape(k.lower())}\b" for k in words))))
    return tuple(table)


def _types_for(text: str, rule_ids: Sequence[str]) -> set[str]:
    types: set[str] = set()
    for entry in _entries_for(text):
        if set(entry["rules"]) & set(rule_ids):
            types.update(entry["types"])
    return types


def _absence_refutes(text: str, rule_ids: Sequence[str]) -> bool:
    """Only entries whose rule checks exactly what the claim says may refute it when the rule stays silent."""
    entries = [e for e in _entries_for(text) if set(e["rules"]) & set(rule_ids)]
    return bool(entries) and all(e.get("silence_refutes", True) for e in entries)


def _subject_named(text: str, types: set[str]) -> bool:
    subjects = synonyms()["type_subjects"]
    return any(any_match(subjects.get(t, []), text) for t in types)


def _resource_lines(evidence: Evidence, types: set[str]) -> list[Location]:
    out: list[Location] = []
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if isinstance(resource, dict) and type_matches(str(resource.get("Type")), types):
                location = evidence.side.resource_locations.get(logical_id)
                if location is not None and location not in out:
                    out.append(location)
    return out[:MAX_EVIDENCE]


def _has_type(evidence: Evidence, types: set[str]) -> bool:
    return any(
        isinstance(r, dict) and type_matches(str(r.get("Type")), types)
        for t in evidence.side.templates for r in t.resources.values()
    )


def _unchanged_by_fix(context: _Context, text: str, types: set[str]) -> bool:
    """Does the corrected answer have the same resources of ``types`` (or write the same statements the claim's
    synonym entries point at) as the candidate?"""
    patterns = [p for entry in _entries_for(text) for p in entry.get("source") or []]
    return bool(same_as_reference(context.candidate, context.reference, types, [])
                or same_code_as_reference(context.candidate, context.reference, patterns))


def _hits(evidence: Evidence, rule_ids: Sequence[str]) -> list[Finding]:
    return [f for f in evidence.side.review.findings if f.rule_id in rule_ids and not f.suppressed]


def _judge_rules(verdict: Verdict, context: _Context) -> bool:
    text = verdict.claim.matching_text
    rule_ids = matched_rules(verdict.claim, context.rules)
    if not rule_ids:
        return False
    verdict.rule_ids = rule_ids
    candidate = context.candidate
    template_rules = [r for r in rule_ids if context.targets.get(r) == Target.TEMPLATE]
    negative = is_negative(verdict.claim)
    types = _types_for(text, rule_ids)
    hits = _hits(candidate, rule_ids)
    if hits:
        verdict.decide(negative, locations(hits), f"{hits[0].rule_id}: {hits[0].message}", "rule")
    elif not _absence_refutes(text, rule_ids) or (negative and _qualified(verdict.claim)
                                                  and not _unchanged_by_fix(context, text, types)):
        verdict.reason = f"No {', '.join(rule_ids)} finding, but that rule does not check all this claim says."
        return True
    elif template_rules and not candidate.has_templates:
        _judge_from_source(verdict, candidate, text, negative)
        return True
    elif types and candidate.has_templates and not _has_type(candidate, types):
        if negative and _subject_named(text, types):
            verdict.decide(False, candidate.stack_line(),
                           "The answer has no " + " or ".join(sorted(types)) + " at all.", "rule")
        else:
            verdict.reason = "The answer has none of the resources this claim is about."
        return True
    else:
        lines = _resource_lines(candidate, types) or candidate.stack_line()
        if not verdict.decide(not negative, lines, f"No {', '.join(rule_ids)} finding: the code does not show "
                              "this flaw.", "rule"):
            verdict.reason = "The checks find nothing, but there is no line to show it."
            return True
    _reference_side(verdict, context, rule_ids, template_rules, types, negative)
    return True


def _judge_from_source(verdict: Verdict, candidate: Evidence, text: str, negative: bool) -> None:
    """No template: the Python lines that set a setting (or write the flaw itself) decide what they can.

    A claim that a setting is missing is refuted by the line that sets it; a flaw whose code shape is unmistakable
    (a literal ``table_name="..."``) is confirmed at its line; and for settings that can only come from one
    construct (``source_complete``), no such line anywhere confirms "there is none".
    """
    entries = _entries_for(text)
    flaw = candidate.grep([p for e in entries for p in e.get("source_flaw", [])])
    if flaw and negative and verdict.decide(True, flaw, "The Python writes it here.", "source"):
        return
    if not flaw and _all_names_suffixed(verdict, candidate, entries, text, negative):
        return
    patterns = [p for e in entries for p in e.get("source", [])]
    if patterns and negative:
        lines = candidate.grep(patterns)
        if verdict.decide(False, lines, "The Python sets it here (the answer did not synthesize).", "source"):
            return
        complete = all(e.get("source_complete") for e in entries if e.get("source"))
        if complete and polarity(verdict.claim) is Polarity.ABSENT and verdict.decide(
            True, candidate.stack_line(), "No line of the Python builds it.", "source"
        ):
            return
    verdict.reason = "The candidate never reached a template, so template checks cannot decide this claim."


_RESOURCE_NAMES = re.compile(r"\b(resources?|physical|buckets?|tables?|functions?|queues?|topics?|roles?)\s+"
                             r"(are\s+|were\s+)?nam(e|es|ed|ing)\b|\bnamed without\b", re.IGNORECASE)


def _all_names_suffixed(verdict: Verdict, candidate: Evidence, entries: Sequence[dict[str, Any]], text: str,
                        negative: bool) -> bool:
    """"Resources are named without the environment suffix": every physical name the Python writes (``*_name=``,
    an entry's ``source_names``) carries the suffix (``source_names_ok``), at those lines."""
    if not _RESOURCE_NAMES.search(text) or re.search(r"output|script|export|identifier", text, re.IGNORECASE):
        return False
    naming = [(re.compile(e["source_names"]), re.compile(e["source_names_ok"], re.IGNORECASE))
              for e in entries if e.get("source_names")]
    if not naming:
        return False
    lines: list[Location] = []
    for source, number, code in candidate.code_lines():
        for name, good in naming:
            for match in name.finditer(code):
                if not good.search(match.group("v")):
                    return False  # a name without the suffix (or one the line does not show whole)
                where = source.location(number)
                if where is not None and where not in lines:
                    lines.append(where)
    return bool(lines) and verdict.decide(not negative, lines[:MAX_EVIDENCE], "Every physical name the Python "
                                         "writes includes the environment suffix.", "source")


def _reference_side(verdict: Verdict, context: _Context, rule_ids: list[str], template_rules: list[str],
                    types: set[str], negative: bool) -> None:
    reference = context.reference
    if reference is None or not negative or verdict.candidate_verdict != CONFIRMED:
        return
    if reference.has_templates or not template_rules:
        ref_hits = _hits(reference, rule_ids)
        verdict.reference_verdict = NOT_FIXED if ref_hits else FIXED
        verdict.reference_evidence = locations(ref_hits) or _resource_lines(reference, types)
