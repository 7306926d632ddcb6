"""Recognise report items that make no claim about the answer's code, so they are listed apart, never judged.

Failure reports mix claims ("the bucket does not block public access") with items no check could ever decide and
that would only dilute the share of claims decided: a bare impact level ("**Impact**: High"), advice ("Use KMS
keys"), lead-ins about the corrected answer ("The ideal response adds..."), list items that only group the items
under them, test and lint results, score lines, training-value prose, the restating of the task, the impact or
benefit of a change ("Cost: saves $30/month", "Ensures messages are not lost"), what was expected, where the code is,
quoted error output, documentation links, labels that only name a side ("MODEL_RESPONSE Issue"), bare noun phrases
whose context asserts nothing about the answer. The items of a list under a ``**Fix**:`` label stay claims, in
whatever mood they are written ("Enable point-in-time recovery", "Configured the DLQ"): each says the answer lacked
what it names. Each of these is kept with its line and the reason it is not a claim; nothing is dropped silently.

The patterns are deliberately narrow: an item that names a flaw of the answer (a negative cue) stays a claim unless
it is plainly about tests or scores, because a real claim judged "unverifiable" costs less than a claim hidden.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from iacreview.verify.claims import Claim

LEVEL = "an impact or severity level, not a claim"
ADVICE = "a recommendation, not a claim about the answer"
REFERENCE = "says what the corrected answer does, not what the answer does"
GROUP = "a heading that only groups the items under it"
PROCESS = "about tests, linting or the review process, not the infrastructure code"
SUMMARY = "a score or summary statement"
TRAINING = "training-value prose"
TASK = "restates the task or its requirements"
REPEAT = "a summary row that repeats an earlier item"
OTHER = "about another response, not this answer"
TOPIC = "a bare topic or label that asserts nothing"
IMPACT = "the impact or benefit of a change, not a claim about the code"
EXPECTED = "says what was expected, not what the answer does"
WHERE = "says where, not what is wrong"
QUOTE = "a quoted error message or output, not a claim in itself"
LINK = "a link to documentation"

_LEVEL_WORDS = r"(critical|high|medium|moderate|low|minor|major|severe|blocker|p[0-3]|none|n/a)"
_LEVEL = re.compile(
    rf"^\W*((impact|severity|priority|risk( level)?|criticality|effort)\s*[:—–-]\s*)?{_LEVEL_WORDS}\b\W*"
    r"(severity|priority|impact|risk)?\W*$",
    re.IGNORECASE,
)
# "CI/CD: Medium - false negatives would block deployments": an area, its level, then why.
_AREA_LEVEL = re.compile(rf"^\W*[\w /&-]{{2,30}}:\s*{_LEVEL_WORDS}\b\s*([-—–:(]|$)", re.IGNORECASE)
# "Maintenance: May require an upgrade": a label, then what might follow.
_AREA_MODAL = re.compile(r"^\W*[\w /&-]{2,30}:\s*(may|might|could|would|will|can)\b", re.IGNORECASE)
# Words that name a flaw outright: a level line that also says one is still a claim.
_NAMED_FLAW = re.compile(r"\b(missing|deprecated|incorrect(ly)?|wrong(ly)?|invalid|hard-?cod\w*|insecure|unused|"
                         r"lacks?|lacking|non-?existent|undefined|public(ly)?|wildcard)\b", re.IGNORECASE)
_LEVEL_LABEL = re.compile(r"^\W*(impact|severity|priority|risk level|criticality)\s*:", re.IGNORECASE)

# A sentence that opens with a verb in its base form gives advice. "Use of wildcards" names a flaw, so "use of" and
# "use(s) ... instead" stay claims.
_ADVICE = re.compile(
    r"^\W*(\d+[.)]\s*)?(recommendations?\s*:\s*|suggested (fix|change)\s*:\s*|action\s*:\s*)?"
    r"(consider|implement|use|add|ensure|enable|establish|avoid|always|never use|prefer|adopt|introduce|apply|"
    r"leverage|migrate|switch|replace|include|provide|define|document|refactor|create|configure|set up|"
    r"make sure|remember|follow|utili[sz]e|integrate|automate|regularly|validate|verify|"
    r"move|separate|centrali[sz]e|extract|remove|restrict|encrypt|deploy|"
    r"should|must|you should|it is recommended|recommend)\b(?! of\b)(?!\s*(\w+\s*)?:)",
    re.IGNORECASE,
)
# More verbs that open advice, but that also name things ("Update fails", "Import errors", "Scaling limits"): only
# when the next word is not what such a noun is followed by.
_ADVICE_MORE = re.compile(
    r"^\W*(\d+[.)]\s*)?(scale|execute|reduce|increase|decrease|update|upgrade|downgrade|conduct|roll ?back|tune|adjust|"
    r"specify|attach|wrap|rename|pin|lower|raise|schedule|review|check|import|change|modify|convert|split|combine|"
    r"merge|set|keep|provision|resolve|address|investigate|analy[sz]e|optimi[sz]e|simplify|consolidate|"
    r"standardi[sz]e|parameteri[sz]e|rotate|educate|re-?run|re-?deploy|redeploy|bootstrap)\b"
    r"(?! of\b)(?!\s*(\w+\s*)?:)(?!\s+(is|are|was|were|has|have|had|fails?|failed|failures?|errors?|issues?|"
    r"statements?|problems?|paths?|logic|mechanism|process|procedures?|time|frequency|count|limits?|"
    r"configuration|settings?|value|values|name|names|level|group|groups|policy|policies|stream|bucket|table|"
    r"function|operations?|events?|entries|file|files|format|output|outputs|results?|behaviou?r|strategy|"
    r"permissions?|rules?|keys?|data|handler|window|interval|period|size|type|types|retention|method|calls?|"
    r"requests?|key|hit|miss|misses|layer)\b)",
    re.IGNORECASE,
)
_ADVICE_LABEL = re.compile(r"^\W*(recommendations?|suggested fix|suggestion|action item|next step|mitigation|"
                           r"remediation)s?\s*:", re.IGNORECASE)
# A lead-in to what should be added ("Required Enhancements"): the items under it say what; it says nothing itself.
_TO_ADD_LABEL = re.compile(r"^\W*(required|recommended|suggested|proposed|needed)\s+(additions|enhancements|"
                           r"improvements|changes|fixes|corrections)\W*$", re.IGNORECASE)
_ABOUT_MODEL = re.compile(r"\bmodel\b|MODEL_RESPONSE|\boriginal\b|\bthe answer\b|\bcandidate\b", re.IGNORECASE)
_REFERENCE = re.compile(
    r"^\W*(in\s+)?(the\s+)?((ideal|corrected|reference)([ _](response|version|stack|implementation|solution|code|"
    r"answer))?|(fixed|final|actual|updated|improved)[ _](response|version|stack|implementation|solution|code|"
    r"answer|pattern))(\.md)?\b",
    re.IGNORECASE,
)
_FLAW = re.compile(
    r"\b(missing|missed|no|not|lacks?|lacked|lacking|without|never|incorrect(ly)?|wrong(ly)?|invalid|fail(s|ed|ure)?|"
    r"error|broken|hard-?cod\w*|insecure|overly|deprecated|instead|only|does not|doesn't|did not|didn't|cannot|"
    r"can't|unable|vulnerab\w*|exposed|unused|undefined|non-?existent|improper(ly)?|incomplete|insufficient|"
    r"inadequate|weak|excessive|poor(ly)?|unnecessary|inconsistent|suboptimal|sub-optimal|"
    r"unclear|mismatch(ed)?|indentation|won't|will not|"
    r"would not|non-?compliant|violat\w*|limited|too (high|low|long|short|broad|permissive|many|few))\b",
    re.IGNORECASE,
)
_PROCESS = re.compile(
    r"\b(unit|integration|snapshot|e2e|end-to-end|load|smoke)[- ]?tests?\b|\btest (suite|cases?|files?|results?|"
    r"coverage|data|stability|structure|fixtures?)\b|\btests? (pass|fail|passed|failed|passing|failing|now|were|"
    r"are|use|read|expected|assumed|verify|validate|cover)\w*\b|\b(code|test|unit test|line|branch) coverage\b|"
    r"\d+(\.\d+)?\s*% (code |test )?coverage\b|\bcoverage (of|for|report|threshold)\b|\bpylint\b|\bflake8\b|"
    r"\bmypy\b|\bpytest\b|\blint(ing|er|s)?\b|\bpipeline (status|stage|run|passe?s?)\b|\bcfn-outputs\b|"
    r"\bflat-outputs\b|\bpre-commit\b",
    re.IGNORECASE,
)
_SCORE = re.compile(
    r"\b\d+(\.\d+)?\s*/\s*10\b|\b\d+\s*/\s*\d+\s+(passing|passed|failing|failed|tests?|checks?|met|complete)|"
    r"(accuracy|success rate|failure rate|score|rating|pass rate|grade)\W{0,3}\s*[:=]?\s*\d|"
    r"\(\d+(\.\d+)?% (failure|success) rate\)|^\W*(overall|total|final)\b[^:]{0,40}:\s*\S.{0,40}$|"
    r"\bfully operational\b|\ball \d+ requirements? (met|satisfied)\b|^\W*(status|result|outcome|verdict)\s*:",
    re.IGNORECASE,
)
_TRAINING = re.compile(r"\btraining (value|quality|data|signal|impact)\b|\blearning value\b|\bfor (model )?training\b|"
                       r"\bdataset\b", re.IGNORECASE)
_TASK = re.compile(r"^\W*(original |prompt )?(prompt|task|requirements?|requested|task complexity)( \w+)?\s*:",
                   re.IGNORECASE)
_CONSEQUENCE = re.compile(r"\b(leading to|causing|caused|resulting in|which (leads|causes|results)|so that|"
                          r"breaking)\b.*$",
                          re.IGNORECASE)
_NAMES_MODEL = re.compile(r"MODEL_RESPONSE|\bthe model\b|\bmodel (response|answer|code)\b", re.IGNORECASE)
# Labels that introduce an impact, a cost, a benefit or a way around a problem rather than the problem itself.
_IMPACT_LABEL = re.compile(
    r"^\W*(cost( impact| savings?| implications?| estimate)?|estimated (cost|savings?)|savings?|timeline|time impact|"
    r"(deployment|development|debugging|developer|engineering) time|analysis|benefits?|why (this|it) (fixes it|"
    r"matters|works|helps)|workaround|decision|enhancement|business impact|user impact|customer impact|effort|"
    r"outcome|trade-?offs?|rationale|justification|consequences?|effects?|operational impact|blast radius|"
    r"financial impact|time to fix|resolution time|learning|benefit of fix|value|"
    r"deployment (impact|blocked)|severity level)\s*:",
    re.IGNORECASE,
)
_EXPECTED_LABEL = re.compile(r"^\W*(expected|expected (behaviou?r|outcome|result|configuration|value)|should be|"
                             r"required|requirement|correct (approach|behaviou?r|value|implementation))\s*:", re.I)
# A quality named as a label, followed by what a change does to it ("Security: Reduces the attack surface").
_QUALITY_IMPACT = re.compile(
    r"^\W*(security|performance|availability|reliability|maintainability|flexibility|compliance|complexity|"
    r"scalability|operational complexity|operations|operational|error prevention|deployment|testing|debugging|"
    r"observability|durability|resilience|user experience|developer experience|data integrity|governance|"
    r"usability|portability|readability|cost optimi[sz]ation|efficiency|simplicity|consistency|clarity|"
    r"auditability|recovery|monitoring|latency|throughput)\s*:\s*"
    r"(reduces?|reduced|improves?|improved|ensures?|prevents?|enables?|allows?|provides?|makes?|limits?|catches|"
    r"increases?|increased|adds?|wastes?|blocks?|causes?|saves?|simplifies|simplified|supports?|eliminates?|"
    r"avoids?|leads?|could|would|may|might|can|will|without this|better|higher|lower|more|less|faster|slower|"
    r"easier|harder|potential|risk of|possible|enhanced|stronger|weaker|minimal|significant|no impact)\b",
    re.IGNORECASE,
)
# An item that opens with what something does to the system is the consequence of a flaw or the benefit of a fix
# ("Ensures cost calculations are accurate", "Causes complete stack rollback"). Verbs that can state a flaw of the
# code itself ("Allows all traffic", "Exposes the database") are not in this list.
_EFFECT = re.compile(
    r"^\W*(ensures|improves|enables|simplifies|reduces|supports|saves|prevents|causes|blocks|leads to|results in|"
    r"accumulates|wastes|increases|decreases|eliminates|avoids|guarantees|facilitates|affects|impacts|delays|"
    r"incurs|would|could|might|may|will|helps|protects|minimi[sz]es|maximi[sz]es|speeds up|slows down|"
    r"makes it (easier|harder|possible|impossible)|without this|no infrastructure can be deployed|"
    r"deployment (is |was )?blocked)\b",
    re.IGNORECASE,
)
# A test case named with what it checks ("`test_bucket_created` - Validates 2 buckets"): a test, not the code.
_TEST_CASE = re.compile(r"^\W*`?test_\w+`?\s*(\(\)\s*)?([-—–:]|$)")
# A label that classifies the failure above it ("Failure Type: Regional Service Limitation").
_TYPE_LABEL = re.compile(r"^\W*(failure|error|issue|problem|root cause)\s+(type|category|class|kind)\s*:", re.I)
# "No immediate impact (still functional)", "No security or compliance impact": an impact, nil.
_NO_IMPACT = re.compile(r"^\W*(there is )?no (\w+ ){0,3}(impact|effect)s?\b(?! on the answer)", re.IGNORECASE)
# An effort estimate ("Critical fixes: 2-4 hours").
_EFFORT = re.compile(r"^\W*[\w /&-]{2,40}:\s*~?\d+(\.\d+)?\s*(-|–|to)\s*\d+(\.\d+)?\s*(hours?|hrs?|days?|minutes?|"
                     r"mins?|weeks?)\W*$", re.IGNORECASE)
# A lead-in that introduces the impact of a flaw or the benefit of its fix ("**Cost/Security/Performance Impact**:",
# "These failures would result in:").
_IMPACT_LEAD = re.compile(r"^\W*([\w/&-]+\s+){0,3}(impacts?|consequences?|effects?|benefits?( of (the )?"
                          r"(resolution|fix(es)?|change))?)\W*:\W*$|\bwould result in\s*:\s*$|^\W*why (this|it) "
                          r"matters\W*:?\W*$", re.IGNORECASE)
# Lead-ins whose list says what was expected, how the fix works, or what a choice trades off: never the answer.
_LEAD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\W*(expected( behaviou?r| outcome| result| configuration)?|what was expected|correct behaviou?r)"
                r"\W*:\W*$|\bneeds? the following\b[^:]*:\W*$", re.I), EXPECTED),
    (re.compile(r"^\W*why (this|the fix|it) works\W*:?\W*$|^\W*how the fix works\W*:?\W*$", re.I), REFERENCE),
    (re.compile(r"^\W*(trade-?offs?|pros and cons)\W*:\W*$", re.I), IMPACT),
)
# An item that still says what the answer lacks or got wrong ("RTC not enabled", "Only 1 alarm created", "No
# encryption at rest"), even in an impact list: a claim.
_STATES_FLAW = re.compile(
    r"^\W*([\w /&-]{2,30}:\s*)?(no|missing|only|lacks?|without)\b|\bmissing\b|\bnot (enabled|configured|applied|set|"
    r"implemented|created|defined|encrypted|tagged|included|specified|restricted|scoped)\b|\bincomplete\b|"
    r"\b(hard-?coded|deprecated|wildcard|unencrypted|public(ly)? (accessible|readable))\b|\bbut no\b|"
    r"\bnot (replicated|rotated|versioned|logged|monitored)\b", re.IGNORECASE)
_WHERE_LABEL = re.compile(r"^\W*(location|locations|file|files|code location|lines?|path|affected (files?|"
                          r"resources?|stacks?|code)|source file|module)\s*:", re.IGNORECASE)
_QUOTED_ONLY = re.compile(r"^\W*(`[^`]{20,}`|\"[^\"]{20,}\"|“[^”]{20,}”)\W*$")
# An error that names what the code got wrong (a missing attribute, an unknown keyword) is a claim about the code.
_CODE_ERROR = re.compile(r"has no attribute|unexpected keyword|is not a function|is not defined|cannot import|"
                         r"no module named|not callable|missing \d+ required", re.IGNORECASE)
_ERROR_TEXT = re.compile(r"^\W*([\w.]*(Error|Exception)|jsii\.errors\.\w+|Traceback)\b\s*[:(]")
_LINK = re.compile(r"^\W*(\[[^\]]*\]\(https?://|<?https?://)", re.IGNORECASE)
# A label that names the answer or a side and nothing else ("MODEL_RESPONSE Issue", "Model Response (Wrong)").
_SIDE_LABEL = re.compile(
    r"^\W*((issue|problem|error|original code|code|actual|expected|failure) (in|from) )?(the )?"
    r"(model[_ ]?response(\.md)?|error message|actual|model|ideal[_ ]?response(\.md)?|original|reference|initial|"
    r"before|after|failure pattern|expected behaviou?r|current code|model failures?|model expectation|"
    r"(security |all )?requirements met|required corrections?|corrections?|changes( made)?|details|examples?|notes?)"
    r"( (issues?|problems?|code|implementation|approach|version|answer|output|response|pattern|details))?"
    r"\s*(\((wrong|incorrect|correct|right|fixed|broken|bad|good|before|after|\d+ \w+|"
    r"`?(model|ideal)[_ ]response(\.md)?`?)\))?\W*$",
    re.IGNORECASE,
)
_COUNTED_LABEL = re.compile(r"^\W*[\w /&-]{3,40}\(\d+ (issues?|problems?|items?|failures?|findings?|errors?)\)\W*$",
                            re.IGNORECASE)
_CODE = re.compile(r"`[^`]+`|\"[A-Z][A-Z0-9_]{3,}\"|\b[a-z]+_[a-z_]+\s*[(=]|\b[A-Z][a-z]+[A-Z]\w+\b")

# Sections whose items never claim anything about the answer: what a corrected answer or a later run did, scores,
# plans, the task itself.
_SECTION_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(test(ing)? results?|verification results?|validation results?|pipeline status|current status|"
                r"deployment (results?|status|success)|after fix(es)?|quality metrics|success rate|"
                r"analysis summary|(response|overall project) analysis\b|positive trends|key metrics)\b", re.I),
     SUMMARY),
    (re.compile(r"\b(key improvements( made)?|improvements made|best practices applied|resolution applied|"
                r"fixes applied|changes made|final (architecture|implementation|solution)|what (was|we) (fixed|"
                r"changed)|how (it was|we) fixed)\b", re.I), REFERENCE),
    (re.compile(r"\b(what was requested|prompt summary|acceptance criteria|requirements? (summary|overview)|"
                r"task (summary|description|requirements))\b", re.I), TASK),
    (re.compile(r"^(immediate|short[- ]term|long[- ]term|medium[- ]term)\b|\((p[0-3])\)|\bpriorit(y|ies) for\b|"
                r"\brecommended (actions?|changes|fixes)\b|\brequired correction\b|\bhow to fix\b", re.I), ADVICE),
    (re.compile(r"\btraining (value|quality)\b", re.I), TRAINING),
    (re.compile(r"\b(test coverage|testing coverage|unit test coverage|integration tests?|unit tests?|"
                r"test (structure|implementation|data management|infrastructure|failures?))\b", re.I), PROCESS),
)
_GROUP_WORDS = 6
_OTHER_RESPONSE = re.compile(r"MODEL_RESPONSE[_ ]?\d|\b(all|each|subsequent|later|other) (model )?(responses|models)\b",
                             re.IGNORECASE)
_FILE_LABEL = re.compile(r"^\W*`?[\w./-]+\.(md|py|json|txt)`?\s*(\((\w+\s?){1,3}\))?\W*$", re.IGNORECASE)
_ASSERTS = re.compile(r"\b(is|are|was|were|has|have|had|uses?|used|does|did|sets?|grants?|allows?|creates?|lacks?|"
                      r"misses|includes?|contains?|defines?|enables?|configures?|configured|enabled|implemented|"
                      r"added|set|✅|❌|✓|✗)\b|[✅❌✓✗]", re.IGNORECASE)
_FLAW_HEADING = re.compile(r"\b(issues?|problems?|failures?|failed|gaps?|missing|lacks?|errors?|mistakes?|"
                           r"shortcomings?|omissions?|not|incorrect|wrong|weakness(es)?|concerns?|risks?)\b", re.I)
# Shapes of the code that ``style`` measures: a lint result that names one of them is still a claim about the code.
_MEASURED = re.compile(r"\bindent\w*|\bline length\b|\d+[- ]char|\bpositional (arguments|parameters)\b",
                       re.IGNORECASE)
_SUMMARY_TABLE = re.compile(r"summary|overview|impact|recap|at a glance|comparison|matrix|by category", re.I)


def classify(claims: Sequence[Claim]) -> None:
    """Set ``not_claim`` on every item that makes no claim about the answer (the reason says which kind)."""
    earlier: list[str] = []
    for claim in claims:
        reason = _reason(claim, claims, earlier)
        if reason:
            claim.not_claim = reason
        earlier.append(_words(claim.text))
        earlier.extend(_words(part) for part in claim.section.split(" / ")[-1:])


def _reason(claim: Claim, claims: Sequence[Claim], earlier: list[str]) -> str:
    text = claim.text
    if _LEVEL.match(text) or (_LEVEL_LABEL.match(text) and len(text.split()) <= 6) or (
            _AREA_LEVEL.match(text) and "`" not in text and not _NAMED_FLAW.search(text)):
        return LEVEL
    if _TRAINING.search(text):
        return TRAINING
    if _OTHER_RESPONSE.search(text) and not re.search(r"MODEL_RESPONSE(\.md)?\b(?![_ ]?\d)", text):
        return OTHER
    if _FILE_LABEL.match(text):
        return TOPIC
    if _SCORE.search(text) and not _MEASURED.search(text):
        return SUMMARY
    protected = bool(_NAMES_MODEL.search(text) or (_CODE.search(text) and _FLAW.search(text))
                     or _MEASURED.search(text))
    if not protected and _PROCESS.search(_CONSEQUENCE.sub("", text)):
        return PROCESS
    if _TASK.match(text):
        return TASK
    if _REFERENCE.match(text) and not _ABOUT_MODEL.search(text):
        return REFERENCE
    if claim.lead and not claim.labelled and claim.kind != "fix":
        for pattern, why in _LEAD_RULES:
            if pattern.search(claim.lead):
                return why
    if (claim.lead and _IMPACT_LEAD.search(claim.lead) and not protected and not claim.labelled
            and not _STATES_FLAW.search(text) and "`" not in text):
        return IMPACT  # an item of a list the report introduces as the impact of the flaw above
    praise = bool(re.search("[✅❌✓✗✔]", text))
    advice = _ADVICE.match(text) or (_ADVICE_MORE.match(text) and not _FLAW.search(text))
    if not praise and (_ADVICE_LABEL.match(text) or (advice and claim.kind != "fix")):
        return ADVICE
    shape = _shape(claim)
    if shape:
        return shape
    if claim.children and len(text.split()) <= _GROUP_WORDS and not _FLAW.search(text) and "`" not in text:
        return GROUP
    heading = claim.section.split(" / ")[-1] if claim.section else ""
    for pattern, why in _SECTION_RULES:
        if heading and not protected and not _NAMES_MODEL.search(heading) and pattern.search(heading):
            return why
    if claim.row and _SUMMARY_TABLE.search(heading) and _repeats(text, earlier):
        return REPEAT
    if (not claim.row and claim.kind != "fix" and not claim.labelled and len(text.split()) <= _TOPIC_WORDS
            and not _CODE.search(text)
            and not re.search(r"\d", text) and not _FLAW.search(text) and not _ASSERTS.search(text)
            and not _context_makes_claim(claim, claims)):
        return TOPIC
    return ""


_TOPIC_WORDS = 6


def _shape(claim: Claim) -> str:
    """Items whose form alone says they assert nothing about the answer: impact, expectation, location, quote,
    link, a label naming a side, what the fix did."""
    text = claim.text
    if _TEST_CASE.match(text):
        return PROCESS
    if _NO_IMPACT.match(text):
        return IMPACT
    if _TYPE_LABEL.match(text):
        return TOPIC
    if _TO_ADD_LABEL.match(text):
        return ADVICE
    if _EFFORT.match(text) or _IMPACT_LABEL.match(text) or (
            (_QUALITY_IMPACT.match(text) or _AREA_MODAL.match(text)) and "`" not in text):
        return IMPACT
    if _EXPECTED_LABEL.match(text):
        return EXPECTED
    if _WHERE_LABEL.match(text):
        return WHERE
    if _LINK.match(text):
        return LINK
    quoted = (_QUOTED_ONLY.match(text) and " " in text.strip()) or _ERROR_TEXT.match(text)
    if quoted and not _CODE_ERROR.search(text):
        return QUOTE
    if _SIDE_LABEL.match(text) or _COUNTED_LABEL.match(text):
        return TOPIC
    if _EFFECT.match(text) and "`" not in text and not _NAMES_MODEL.search(text) and not claim.labelled:
        return IMPACT
    return ""


def _context_makes_claim(claim: Claim, claims: Sequence[Claim]) -> bool:
    """A bare noun phrase says what its context makes it say: under "Missing features:" it claims an absence, under
    "The model's stack creates:" a presence. The lead-in paragraph speaks for the list when there is one; otherwise
    the headings and the parent item."""
    if claim.lead:
        return bool(_FLAW.search(claim.lead) or _FLAW_HEADING.search(claim.lead) or _NAMES_MODEL.search(claim.lead)
                    or _ABOUT_MODEL.search(claim.lead) or re.search(r"\b(root )?causes?\b", claim.lead, re.I))
    parent = claims[claim.parent].text if claim.parent is not None and claim.parent < len(claims) else ""
    return bool(_FLAW_HEADING.search(claim.section) or _FLAW.search(parent) or _FLAW_HEADING.search(parent))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9_]{3,}", text.lower()))


def _repeats(text: str, earlier: list[str]) -> bool:
    """A table row most of whose words were already said above (in a heading or a claim) summarises it."""
    words = {w for w in _words(text).split() if len(w) > 3}
    if len(words) < 3:
        return False
    said = {w for seen in earlier for w in seen.split()}
    return len(words & said) >= 0.7 * len(words)
