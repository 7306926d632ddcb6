"""Claims that the answer has no resource of a kind or leaves a setting unset ("No VPC endpoints", "Missing S3 Object
Lock", "Message retention not configured"), decided by the synthesized template.

The missing thing is read from the claim's own words and looked up among CloudFormation resource type and property
names (``schema_words``). A resource type: a resource of it (not one CDK adds on its own) refutes the claim at its
line; none at all confirms it at the stack. A property: when every resource that could carry it sets it, the claim
is refuted at those resources; when none does, it is confirmed there; when some do and some do not, nothing is
decided (the claim may mean one of them). A claim that judges quality ("no proper X", "no granular X") is never read
this way: having an X does not show it is proper.

A partial template (statements excised to synthesize) or no template at all shows no absence: then the claim can
only be refuted, by a resource the partial template has or by a Python line that builds it
(``ec2.InterfaceVpcEndpoint(``) or sets it (``point_in_time_recovery=True``). The Python never confirms an absence:
constructs create resources the code does not name (a function's role, a VPC's NAT gateways).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from iacreview.model import Location
from iacreview.template.model import Template
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence
from iacreview.verify.schema_words import PropertyName, normal, schema_index, singular, words
from iacreview.verify.vocabulary import any_match, synonyms

_LEADING = re.compile(r"^\W*(?:❌\s*)?(?:no|missing|lacks?|lacking|lacked|without|absent)\b\s*:?\s+(?P<x>.+)$", re.I)
_FIX_LEAD = re.compile(r"^\W*(?:add(?:ed|s)?|enabled?|enables|configured?|configures|set up|created?|included?|"
                       r"implemented|introduced?|provisioned?)\s+(?P<x>.+)$", re.I)
_TRAILING = re.compile(
    r"^\W*(?:the\s+)?(?P<x>[A-Za-z0-9][\w\s/-]{2,50}?)\s+(?:is|are|was|were|has|have)\s+(?:not\s+(?:been\s+)?"
    r"(?:configured|set|enabled|defined|specified|created|implemented|included|provided|added|declared)|missing|"
    r"absent|disabled|omitted)\b(?P<rest>.*)$",
    re.I,
)
# "The API Gateway in `MODEL_RESPONSE.md` does not include usage plans": the subject, a negated verb of having, then
# the missing thing (the subject only narrows which resources are meant, through ``named_types``).
_MIDDLE = re.compile(
    r"^[^.;:!?]{0,100}?\b(?:does|did|do)\s?n[o']t\s+(?:include|have|configure|define|specify|enable|create|"
    r"implement|provide|set up|add|declare|contain|deploy|provision)\s+(?P<x>.+)$",
    re.I,
)
# "in `MODEL_RESPONSE.md`" only says whose code it is.
_IN_RESPONSE_FILE = re.compile(r"\s*\b(?:in|from|of)\s+(?:the\s+)?`?MODEL_RESPONSE(?:\.md)?`?(?=[\s,.;]|$)", re.I)
_RESPONSE_FILE = re.compile(r"\s*`?MODEL_RESPONSE(?:\.md)?`?(?:\s+implementation)?", re.I)
# What may follow "X is not configured": nothing, or where ("on the orders bucket").
_REST = re.compile(r"^\s*((on|for|in) [\w\s-]{1,40})?\W*$", re.I)
_CUT = re.compile(r"\s(?:for|on|in|to|at|from|with|when|between|across|per|that|which|because|so|as|and|or|via|by|"
                  r"during|before|after|under|of|if|unless|while|within|into|using|despite|like|such)\s|[,(—–:;!?\"]|"
                  r"\.(?=\s|$)",
                  re.I)
_DETERMINERS = {"a", "an", "the", "any", "explicit", "explicitly", "dedicated", "custom", "separate", "required",
                "configured", "defined", "aws", "x-ray", "amazon"}
# What may follow the missing thing: nothing, whose it is ("for API Gateway"), or a consequence after a comma. A
# purpose ("to restrict access to the function") or a condition makes it a particular X the template cannot tell.
_AFTER = re.compile(r"^\s*((for|on|in|of) (the |any |all |its )?[\w@/ -]{1,40}?)?\s*([,;:.(—–-].*|"
                    r"(configured|defined|enabled|set|created|implemented|provided|found)\b.*)?$", re.I)
# Words that judge how good the thing is: having one does not refute "no proper X".
_QUALITY = re.compile(
    r"\b(proper(ly)?|adequate|appropriate|sufficient|comprehensive|robust|granular|fine-grained|strict|secure|"
    r"correct|complete|full|detailed|specific|advanced|effective|meaningful|real|actual|consistent|structured|"
    r"centrali[sz]ed|automated|automatic|dynamic|multiple|additional|enough|clear|good|best|optimal|cross-\w+|"
    r"environment-specific|least[- ]privilege|restrictive|scoped|tight|reasonable|realistic|meaningful|all|"
    r"every|each|some|certain|other|more|extra|enhanced|managed|customer|own|unique|individual|per-\w+)\b",
    re.I,
)
_GENERIC_TAIL = {"configured", "configuration", "config", "setting", "settings", "setup", "set", "support",
                 "resource", "resources", "definition", "definitions", "enabled", "parameter", "parameters",
                 "property", "properties", "specified", "defined", "created", "implemented", "included", "provided",
                 "statement", "statements", "declaration", "declarations", "construct", "constructs", "object",
                 "objects", "block", "blocks", "option", "options", "feature", "features", "creation", "enablement"}
_OFF_VALUES = {"disabled", "suspended", "off", "false", "none", "disable", "passthrough"}


SchemaDecision = Decision


def missing_thing(text: str, fix: bool = False) -> str | None:
    """The words of what the claim says is missing, or None when the claim is not of that shape. A fix item ("Added
    VPC endpoints", "Enable deletion protection") says the answer lacked what it adds."""
    text = _RESPONSE_FILE.sub(" the answer", _IN_RESPONSE_FILE.sub("", text))
    match = (_FIX_LEAD if fix else _LEADING).match(text) or (None if fix else _MIDDLE.match(text))
    if match:
        phrase = match.group("x")
    else:
        match = _TRAILING.match(text)
        if match is None or not _REST.match(match.group("rest")):
            return None
        phrase = match.group("x")
    if _QUALITY.search(phrase.split(".")[0]) or "`" in phrase:
        return None
    whole = phrase
    phrase = _CUT.split(phrase, maxsplit=1)[0]
    if match.re is not _TRAILING and not _AFTER.match(whole[len(phrase):]):
        return None
    parts = [p for p in re.split(r"\s+", phrase.strip()) if p]
    while parts and parts[0].lower() in _DETERMINERS:
        parts.pop(0)
    while parts and singular_tail(parts[-1]) in _GENERIC_TAIL:
        parts.pop()
    if not parts or len(parts) > 5:
        return None
    return " ".join(parts)


def singular_tail(word: str) -> str:
    lowered = word.lower()
    return lowered if lowered in _GENERIC_TAIL else singular(lowered)


def _resources(evidence: Evidence, types: set[str]) -> Iterator[tuple[Template, str, dict[str, Any]]]:
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if isinstance(resource, dict) and str(resource.get("Type")) in types and not template.is_generated(
                    logical_id):
                yield template, logical_id, resource


def _location(evidence: Evidence, template: Template, logical_id: str) -> Location:
    return evidence.side.resource_locations.get(logical_id) or Location(
        template.path, template.resource_lines.get(logical_id, 1))


def _on(value: Any) -> bool:
    """A setting that is really set: not empty, not false, not "Disabled"/"Suspended"."""
    if value in (None, False, "", [], {}):
        return False
    if isinstance(value, str):
        return value.strip().lower() not in _OFF_VALUES
    if isinstance(value, dict):
        for key in ("Enabled", "Status", "Enable", "State", "Mode"):
            if key in value:
                return _on(value[key])
    return True


def _set_in(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        return any((k == key and _on(v)) or _set_in(v, key) for k, v in value.items())
    if isinstance(value, list):
        return any(_set_in(v, key) for v in value)
    return False


def _has_property(resource: dict[str, Any], name: PropertyName) -> bool:
    props = resource.get("Properties") or {}
    if not isinstance(props, dict):
        return False
    return _set_in(props, name.prop) if name.nested else _on(props.get(name.prop))


def named_types(text: str, types: set[str]) -> set[str]:
    """The types among ``types`` the claim names by service, own name or the synonym table's words."""
    said = f" {normal(text)} "
    subjects = synonyms()["type_subjects"]
    named: set[str] = set()
    for t in types:
        _, service, name = t.split("::")
        if f" {service.lower()} " in said or f" {normal(name)} " in said or any_match(subjects.get(t, []), text):
            named.add(t)
    return named


def split_subject(phrase: str) -> list[str]:
    """"s3 object lock" is asked as "s3 object lock" and "object lock" (a service or type word leading it)."""
    parts = phrase.split()
    out = [phrase]
    index = schema_index()
    while len(parts) > 1 and (index.service_of(parts[0]) or index.types_named(parts[0], phrase)
                              or normal(parts[0]) in {"lambda", "bucket", "table", "queue", "topic", "function",
                                                      "database", "db", "rds", "vpc", "api", "log", "cluster"}):
        parts = parts[1:]
        out.append(" ".join(parts))
    return out


def judge_schema(text: str, evidence: Evidence, fix: bool = False) -> SchemaDecision | None:
    """"No X" / "X is not configured" where X is a resource type or a property name, against the templates."""
    phrase = missing_thing(text, fix)
    if phrase is None or not (evidence.side.templates or evidence.sources):
        return None
    index = schema_index()
    for candidate in split_subject(phrase):
        types = index.types_named(candidate, text)
        if types and candidate == phrase:
            return _type_decision(evidence, types, candidate)
        names = index.properties_named(candidate, text)
        if names:
            if not evidence.has_templates:
                return _property_in_source(text, evidence, names, candidate)
            return _property_decision(text, evidence, names, candidate)
    return None


def _class_pattern(type_name: str) -> str:
    """A Python call that builds the type: ``ec2.InterfaceVpcEndpoint(``, ``CfnVPCEndpoint(``; a one-word name
    (``Topic``) only after its service's module (``sns.Topic(``)."""
    _, service, name = type_name.split("::")
    if len(words(name).split()) == 1:
        return rf"\b{service.lower()}\.\w*{name}\w*\s*\("
    return rf"\b\w*{name}\w*\s*\("


def _type_decision(evidence: Evidence, types: set[str], phrase: str) -> SchemaDecision | None:
    present = [_location(evidence, t, lid) for t, lid, _ in _resources(evidence, types)]
    shown = sorted(types)[:3]
    if present:
        what = ", ".join(sorted({str(r.get("Type")) for _, _, r in _resources(evidence, types)}))
        return SchemaDecision(False, list(dict.fromkeys(present))[:MAX_EVIDENCE],
                              f"The answer has {what} resources ({phrase}).", "schema")
    if not evidence.has_templates:
        built = evidence.grep(_class_pattern(t) for t in sorted(types))
        if built:
            return SchemaDecision(False, built, f"The Python builds it here ({phrase}).", "schema")
        return None
    stack = evidence.stack_line()
    if not stack:
        return None
    more = " …" if len(types) > 3 else ""
    return SchemaDecision(True, stack, f"The answer has no {' or '.join(shown)}{more} resource.", "schema")


def _property_in_source(text: str, evidence: Evidence, names: list[PropertyName], phrase: str
                        ) -> SchemaDecision | None:
    """No complete template: a Python line that sets the property (L1 name or the claim's words) refutes, unless
    the claim names several services ("for Lambda functions or API Gateway"): one line cannot show all of them."""
    if len({t.split("::")[1] for t in named_types(text, {n.type_name for n in names})}) > 1:
        return None
    keys = {"_".join(words(n.prop).split()) for n in names} | {"_".join(normal(phrase).split())}
    off = r"(?!\s*(False|None|0)\b)(?![^\n]*(DISABLED|PASS_THROUGH|SUSPENDED))"
    lines = evidence.grep(rf"\b{re.escape(k)}\w*\s*=\s*{off}" for k in sorted(keys))
    if not lines:
        return None
    return SchemaDecision(False, lines, f"The Python sets it here ({phrase}).", "schema")


def _property_decision(text: str, evidence: Evidence, names: list[PropertyName], phrase: str
                       ) -> SchemaDecision | None:
    types = {n.type_name for n in names}
    named = named_types(text, types)
    if named:
        types = named
    elif len(types) > 2:
        types = {t for t in types if any(True for _ in _resources(evidence, {t}))}
        if len(types) != 1:
            return None  # a setting many kinds of resource have, and the claim does not say which
    wanted = [n for n in names if n.type_name in types]
    having: list[Location] = []
    lacking: list[Location] = []
    for template, logical_id, resource in _resources(evidence, types):
        where = _location(evidence, template, logical_id)
        if any(_has_property(resource, n) for n in wanted if n.type_name == resource.get("Type")):
            having.append(where)
        else:
            lacking.append(where)
    props = ", ".join(sorted({n.prop for n in wanted}))
    if having and not lacking:
        return SchemaDecision(False, list(dict.fromkeys(having))[:MAX_EVIDENCE],
                              f"Every resource that takes {props} sets it ({phrase}).", "schema")
    if lacking and not having:
        return SchemaDecision(True, list(dict.fromkeys(lacking))[:MAX_EVIDENCE],
                              f"No resource sets {props} ({phrase}).", "schema")
    return None


__all__ = ["SchemaDecision", "judge_schema", "missing_thing", "named_types", "split_subject", "words"]
