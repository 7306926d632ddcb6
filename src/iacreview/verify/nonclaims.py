"""Recognise report items that make no claim about the answer's code, so they are listed apart, never judged.

Failure reports mix claims ("the bucket does not block public access") with items no check could ever decide and
that would only dilute the share of claims decided: a bare impact level ("**Impact**: High"), advice ("Use KMS
keys"), lead-ins about the corrected answer ("The ideal response adds..."), list items that only group the items
under them, test and lint results, score lines, training-value prose, and the restating of the task. Each of these
is kept with its line and the reason it is not a claim; nothing is dropped silently.

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

_LEVEL_WORDS = r"(critical|high|medium|moderate|low|minor|major|severe|blocker|p[0-3]|none|n/a)"
_LEVEL = re.compile(
    rf"^\W*((impact|severity|priority|risk( level)?|criticality|effort)\s*[:—–-]\s*)?{_LEVEL_WORDS}\b\W*"
    r"(severity|priority|impact|risk)?\W*$",
    re.IGNORECASE,
)
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
_ADVICE_LABEL = re.compile(r"^\W*(recommendations?|suggested fix|suggestion|action item|next step)s?\s*:",
                           re.IGNORECASE)
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
    r"inadequate|weak|excessive|poor(ly)?|unnecessary|inconsistent|mismatch(ed)?|indentation)\b",
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
_TRAINING = re.compile(r"\btraining (value|quality|data|signal)\b|\blearning value\b|\bfor (model )?training\b|"
                       r"\bdataset\b", re.IGNORECASE)
_TASK = re.compile(r"^\W*(original |prompt )?(prompt|task|requirements?|requested|task complexity)( \w+)?\s*:",
                   re.IGNORECASE)
_CONSEQUENCE = re.compile(r"\b(leading to|causing|caused|resulting in|which (leads|causes|results)|so that|"
                          r"breaking)\b.*$",
                          re.IGNORECASE)
_NAMES_MODEL = re.compile(r"MODEL_RESPONSE|\bthe model\b|\bmodel (response|answer|code)\b", re.IGNORECASE)
_CODE = re.compile(r"`[^`]+`|\"[A-Z][A-Z0-9_]{3,}\"|\b[a-z]+_[a-z_]+\(|\b[A-Z][a-z]+[A-Z]\w+\b")

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
    if _LEVEL.match(text) or (_LEVEL_LABEL.match(text) and len(text.split()) <= 6):
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
    if _ADVICE_LABEL.match(text) or (_ADVICE.match(text) and claim.kind != "fix"):
        return ADVICE
    if claim.children and len(text.split()) <= _GROUP_WORDS and not _FLAW.search(text) and "`" not in text:
        return GROUP
    heading = claim.section.split(" / ")[-1] if claim.section else ""
    for pattern, why in _SECTION_RULES:
        if heading and not protected and not _NAMES_MODEL.search(heading) and pattern.search(heading):
            return why
    if claim.row and _SUMMARY_TABLE.search(heading) and _repeats(text, earlier):
        return REPEAT
    if (not claim.row and claim.kind != "fix" and len(text.split()) <= 4 and not _CODE.search(text)
            and not _FLAW.search(text) and not _ASSERTS.search(text) and not _FLAW_HEADING.search(claim.section)):
        return TOPIC
    return ""


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9_]{3,}", text.lower()))


def _repeats(text: str, earlier: list[str]) -> bool:
    """A table row most of whose words were already said above (in a heading or a claim) summarises it."""
    words = {w for w in _words(text).split() if len(w) > 3}
    if len(words) < 3:
        return False
    said = {w for seen in earlier for w in seen.split()}
    return len(words & said) >= 0.7 * len(words)
