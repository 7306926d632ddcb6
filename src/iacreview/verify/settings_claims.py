"""Claims about settings a line of the code shows either way: a hard-coded region or account, stack outputs.

"Region us-east-1 is hard-coded" is confirmed by the line that writes the literal and refuted by the line that takes
the region from the environment when no region literal is written anywhere. "No CloudFormation outputs" is confirmed
when the answer defines no ``CfnOutput`` (and its templates have no Outputs) and refuted by a ``CfnOutput`` line;
a claim about some outputs in particular ("no output for the VPC ID") is left to others.
"""

from __future__ import annotations

import re

from iacreview.verify.evidence import Decision, Evidence

_REGION_LITERAL = r"[a-z]{2}(?:-gov)?-(?:north|south|east|west|central|northeast|southeast|southwest|northwest)-\d"
_REGION_NAMED = re.compile(rf"\b({_REGION_LITERAL})\b")
_HARD_CODED = re.compile(r"hard-?cod\w*|hard cod\w*|\bstatic(ally)?\b|\bfixed\b|\bliteral\b|\bpinned\b", re.I)
# The region or account must be what is hard-coded, not a word of some other hard-coded value.
_REGION_WORD = re.compile(r"(hard-?cod\w*|hard cod\w*|static|fixed|literal|pinned)\b[^.;`]{0,30}\bregions?\b|"
                          r"\bregions?\b[^.;`]{0,30}(hard-?cod|hard cod|static|fixed|literal|pinned)", re.IGNORECASE)
_ACCOUNT_WORD = re.compile(r"(hard-?cod\w*|hard cod\w*|static|fixed|literal|pinned)\b[^.;`]{0,30}\baccount( id)?s?\b|"
                           r"\baccount( id)?s?\b[^.;`]{0,30}(hard-?cod|hard cod|static|fixed|literal|pinned)",
                           re.IGNORECASE)
_DENIED = re.compile(r"\b(no|not|without|never|avoid\w*|free of)\b[^.;]{0,25}(hard-?cod|hard cod|static|fixed|literal)",
                     re.IGNORECASE)
_DYNAMIC_REGION = [r"CDK_DEFAULT_REGION", r"\bAws\.REGION\b", r"\bself\.region\b", r"Stack\.of\([^)]*\)\.region",
                   r"environ[^\n]*REGION", r"try_get_context\(\s*['\"]region"]
_DYNAMIC_ACCOUNT = [r"CDK_DEFAULT_ACCOUNT", r"\bAws\.ACCOUNT_ID\b", r"\bself\.account\b",
                    r"Stack\.of\([^)]*\)\.account", r"environ[^\n]*ACCOUNT", r"try_get_context\(\s*['\"]account"]

# The missing thing must be the outputs themselves ("no stack outputs"), not something about them ("no output
# loading mechanism", "missing environment suffix output").
_OUTPUT_NOUN = (r"(any |the )?(cfn ?outputs?|stack outputs?|cloudformation outputs?|outputs?)\b"
                r"(?! (load|file|mechanism))")
_OUTPUTS_MISSING = re.compile(
    rf"\b(no|missing|lacks?|lacked|lacking|without|absent|omit\w*|(does|did) ?n[o']t (include|define|export|have|"
    rf"provide|create|expose))\s+{_OUTPUT_NOUN}"
    r"|\b(cfn ?outputs?|stack outputs?|cloudformation outputs?|outputs?) (are|were|is|was) (missing|absent|not "
    r"(defined|provided|included|exported))\b"
    r"|^\W*(added|defined|exported|created|provided)( \w+){0,2} (cfn ?outputs?|stack outputs?|cloudformation "
    r"outputs?|outputs?)\W*$",
    re.IGNORECASE,
)
_OUTPUTS_SPECIFIC = re.compile(
    r"\b(for|such as|e\.g|i\.e|like|key|some|certain|specific|several|all|insufficient|incomplete|required|"
    r"necessary|important|critical|essential|names?|ids?|arns?|urls?|endpoints?|export names?)\b|`",
    re.IGNORECASE,
)

_CONSEQUENCE = re.compile(r"(,|\bwhich\b|\bso\b)?\s*\b(making|leading to|causing|preventing|so that|which "
                          r"(makes|leads|causes|prevents))\b.*$|\s+for (integration )?test\w*\b.*$", re.I)
_OUTPUT_FILES = re.compile(r"outputs\.json|flat-outputs|\bsave|\bfile\b|\btest", re.IGNORECASE)


SettingDecision = Decision


def judge_environment(text: str, evidence: Evidence) -> SettingDecision | None:
    """A region or account written as a literal (or claimed not to be)."""
    named_regions = _REGION_NAMED.findall(text)
    region = bool(_REGION_WORD.search(text) or named_regions)
    account = bool(_ACCOUNT_WORD.search(text)) and not region
    if not (region or account) or not _HARD_CODED.search(text) or not evidence.sources:
        return None
    asserts_literal = not _DENIED.search(text)
    if region:
        wanted = named_regions or [_REGION_LITERAL]
        literals = evidence.grep([rf"['\"]{r}['\"]" for r in wanted])
        any_literal = bool(literals) or bool(evidence.grep([rf"['\"]{_REGION_LITERAL}['\"]"]))
        dynamic, what = _DYNAMIC_REGION, "region"
    else:
        literals = evidence.grep([r"['\"]\d{12}['\"]"])
        any_literal = bool(literals)
        dynamic, what = _DYNAMIC_ACCOUNT, "account"
    if literals:
        return SettingDecision(asserts_literal, literals, f"The {what} is written as a literal here.", "literal")
    if not any_literal:
        taken = evidence.grep(dynamic)
        if taken:
            reason = f"No {what} literal is written anywhere; the {what} comes from the environment here."
            return SettingDecision(not asserts_literal, taken, reason, "literal")
    return None


def _template_outputs(evidence: Evidence) -> int:
    return sum(len(t.body.get("Outputs") or {}) for t in evidence.side.templates if isinstance(t.body, dict))


_RESPONSE_FILE = re.compile(r"`?\b(MODEL|IDEAL)_RESPONSE(\.md)?\b`?", re.IGNORECASE)
# "No outputs for integration with other systems or testing": what the outputs would be for.
_PURPOSE = re.compile(r"\s+(for|to enable|to support|needed for|which (was|is|were|are) needed for)\s+(integration|"
                      r"testing|tests|other systems|automation|ci/?cd|cross-stack)\b.*$", re.IGNORECASE)
# "Missing KeyPairName output": one output by its id.
_NAMED_OUTPUT = re.compile(r"^\W*(missing|no)\s+(?:the\s+|an?\s+)?(?P<id>[A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+)\s+"
                           r"(?:stack\s+|cloudformation\s+)?output\b", re.IGNORECASE)


def _named_output(said: str, evidence: Evidence) -> SettingDecision | None:
    match = _NAMED_OUTPUT.search(said)
    if match is None or not match.group("id")[0].isupper():
        return None
    name = match.group("id")
    lines = evidence.grep([rf"\bCfnOutput\s*\(\s*\w+\s*,\s*f?['\"]{re.escape(name)}"])
    if lines:
        return SettingDecision(False, lines, f"The answer defines the {name} output here.", "outputs")
    keys = [k for t in evidence.side.templates if isinstance(t.body, dict) for k in (t.body.get("Outputs") or {})]
    if any(k.startswith(name) for k in keys) or not evidence.has_templates:
        return None
    return SettingDecision(True, evidence.stack_line(), f"The answer defines no {name} output.", "outputs")


def judge_outputs(text: str, evidence: Evidence) -> SettingDecision | None:
    """"No CloudFormation outputs" against the ``CfnOutput`` lines and the templates' Outputs."""
    text = _RESPONSE_FILE.sub("the answer", text)
    said = _PURPOSE.sub("", _CONSEQUENCE.sub("", text))  # "..., making integration testing difficult" is why
    if not evidence.sources:
        return None
    named = _named_output(said, evidence)
    if named is not None:
        return named
    if not _OUTPUTS_MISSING.search(said) or _OUTPUT_FILES.search(said):
        return None
    lines = evidence.grep([r"\bCfnOutput\s*\("])
    if lines:
        if _OUTPUTS_SPECIFIC.search(said) or _PURPOSE.search(text):
            return None  # some outputs in particular ("for the VPC ID", "like `TableName`", "needed for testing")
        return SettingDecision(False, lines, "The answer defines stack outputs here.", "outputs")
    if _template_outputs(evidence):
        return None
    return SettingDecision(True, evidence.stack_line(), "The answer defines no CfnOutput at all.", "outputs")


_TAGS_MISSING = re.compile(
    r"\b(no|missing|lacks?|lacked|lacking|without|absent|(does|did|do) ?n[o']t (\w+ )?"
    r"(include|have|apply|add|use))\b[^.;]{0,40}\btag(s|ging|ged)?\b"
    r"|\b(were|was|are|is) ?n[o']t (\w+ )?tagged\b"
    r"|\buntagged\b|\btag(s|ging)? (is|are|were|was) (missing|absent|not applied)",
    re.IGNORECASE,
)
# Tag values, or the ``Tags`` class itself (an import claim), are not what "not tagged" is about.
_TAG_VALUES = re.compile(r"tag (values?|keys?|names?) |invalid|special char|validation|too long|characters|\bimport|"
                         r"`Tags\b", re.I)
_TAGGING = [r"Tags\.of\(", r"\.add_tags?\(", r"\btags\s*=\s*[\[{]", r"\bCfnTag\(", r"\btags\s*=\s*\w+"]
_KNOWN_TAG_KEYS = re.compile(r"\b(Environment|Owner|Project|CostCent(er|re)|Team|Application|Department|Service|"
                             r"ManagedBy|Name)\b")


def judge_tags(text: str, evidence: Evidence) -> SettingDecision | None:
    """"Resources are not tagged (with `Owner`)": the tagging lines of the Python, and the tag keys they write."""
    if not _TAGS_MISSING.search(text) or _TAG_VALUES.search(text) or not evidence.sources:
        return None
    tagging = evidence.grep(_TAGGING)
    keys = sorted({k.strip("`'\"") for k in re.findall(r"`([A-Za-z][\w:-]{1,40})`", text)}
                  | {m.group(0) for m in _KNOWN_TAG_KEYS.finditer(text)})
    if keys:
        written = {k: evidence.grep([rf"['\"]{re.escape(k)}['\"]"]) for k in keys}
        if tagging and all(written.values()):
            lines = [line for found in written.values() for line in found][:5]
            return SettingDecision(False, lines, "Every tag key the claim names is written here.", "tags")
        if not any(written.values()):
            where = tagging or evidence.stack_line()
            return SettingDecision(True, where, "None of the tag keys the claim names is written anywhere.", "tags")
        return None
    if tagging:
        return SettingDecision(False, tagging, "The answer applies tags here.", "tags")
    if any(t.stack_tags for t in evidence.side.templates):
        return None
    return SettingDecision(True, evidence.stack_line(), "No line of the Python applies a tag.", "tags")


_SYNTH_FAILS = re.compile(
    r"\b(synth\w*|build|compil\w*)\W{0,3}(fail\w*|error\w*|broke\w*)|\bfail\w* (to |during |at )?(synth|build|"
    r"compil)\w*|\b(does|did|will|would) ?n[o']t (synth|compile|build)\w*|\bwon't (synth|compile)\w*|"
    r"\bprevent\w* (cdk )?synth\w*|\bsynth\w* (is )?(broken|impossible)",
    re.IGNORECASE,
)


def judge_synth(text: str, evidence: Evidence) -> SettingDecision | None:
    """"The app fails to synthesize": the synth outcome, at the line where it failed."""
    if not _SYNTH_FAILS.search(text) or "`" in text:
        return None  # a named cause is for the import and API checks to decide
    synth = evidence.side.review.synth
    if not synth.attempted:
        return None
    if not synth.ok:
        failed = [f.location for f in evidence.side.review.findings
                  if f.rule_id in ("DEP001", "SYN030", "SYN001") and f.location is not None]
        where = ([synth.location] if synth.location else []) + failed
        reason = f"Synthesis fails: {synth.error}" if synth.error else "Synthesis fails."
        return SettingDecision(True, list(dict.fromkeys(where))[:5], reason[:300], "synth")
    if synth.ok and not synth.repairs and evidence.has_templates:
        return SettingDecision(False, evidence.stack_line(), "The answer synthesizes as written.", "synth")
    return None


_NUMBERS = {"single": 1, "one": 1, "a single": 1, "two": 2, "three": 3, "four": 4}
_NAT_COUNT = re.compile(r"\b(?P<n>a single|single|one|two|three|four|\d)\s+(?:shared\s+|managed\s+)?NAT[ -]?gateways?\b"
                        r"|\bNAT[ -]?gateway count\b[^.;]{0,30}?\bdefault\w*\s+to\s+(?P<d>\d)\b", re.I)
_NAT_NOT_SAID = re.compile(r"\b(should|must|needs? to|instead of|rather than|recommend\w*|consider|ideal|expected|"
                           r"required|requires?|at least|per (az|availability zone)|each (az|availability zone)|"
                           r"reduce\w*|increase\w*|change\w*|only need)\b[^.;]{0,40}$", re.I)


_CONCESSIVE = re.compile(r"\b(while|although|though|even if|whereas)\b", re.I)


def judge_nat_count(text: str, evidence: Evidence) -> SettingDecision | None:
    """"Uses a single NAT gateway" / "NAT gateway count defaulting to 3": the NAT gateways the complete template
    has, where the answer writes ``nat_gateways=N`` (a count left to CDK follows the synthesis environment's zones).
    Said as what the answer should have ("should use a single NAT gateway"), nothing is read."""
    match = _NAT_COUNT.search(text)
    if match is None or not evidence.has_templates or _NAT_NOT_SAID.search(text[: match.start()]):
        return None
    if _CONCESSIVE.search(text[: match.start()]):
        return None  # "While the model uses one NAT gateway, the comments ...": the claim is about something else
    said = int(match.group("d")) if match.group("d") else _NUMBERS.get(match.group("n").lower(), 0) or int(
        match.group("n"))
    written = evidence.grep([r"\bnat_gateways\s*=\s*\d"])
    if not written:
        return None  # left to CDK, the count follows the availability zones of the synthesis environment
    count = sum(1 for t in evidence.side.templates for _ in t.resources_of("AWS::EC2::NatGateway"))
    return SettingDecision(count == said, written, f"The answer sets the NAT gateway count here; the template has "
                           f"{count}.", "count")
