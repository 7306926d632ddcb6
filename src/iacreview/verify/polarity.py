"""What a claim asserts: that something is absent, that something is wrong, or that something is right.

Reports mostly list flaws, but they also praise ("environmentSuffix is used in all names ✅") and list what the
corrected answer added ("Configured a dead letter queue"), which claims the answer lacked it. A check can only decide
a claim when it knows which of these the claim says.
"""

from __future__ import annotations

import re
from enum import Enum

from iacreview.verify.claims import Claim
from iacreview.verify.vocabulary import any_match, synonyms

_ABSENCE = re.compile(
    r"\b(no|missing|lacks?|lacking|lacked|without|absent|disabled|never)\b"
    r"|\bnot (been )?(\w{3,}ed|set|present)\b"
    r"|\b(does not|doesn't|did not|didn't|do not|don't) "
    r"(have|has|include|use|enable|enforce|configure|set|define|specify|differentiate|distinguish)\b"
    r"|\bnot (differentiat|distinguish)\w*",
    re.IGNORECASE,
)


# "features that are not present in the ideal response": the absence is the reference's, the claim is about extras.
_OF_REFERENCE = re.compile(r"\s*(\w+\s+)?(in|from)\s+(the\s+)?(ideal|reference|corrected|`?IDEAL_RESPONSE)", re.I)


# A list introduced as praise ("The MODEL_RESPONSE successfully generated:", "**Strengths**:", "## What Went Well"):
# its bare items ("Least privilege IAM role") praise the answer.
_PRAISE_CONTEXT = re.compile(
    r"\bsuccessfully\b|\bstrengths?\b|\b(did|done|went|worked) well\b|\bwhat (the model )?(got|did) right\b|"
    r"\bpositive (aspects?|points?|observations?)\b|\bbonus\b|\bcorrectly (implemented|handled|done)\b|"
    r"\bhighlights\b|\bmodel (got|did) right\b|\bcorrect implementations?\b",
    re.IGNORECASE,
)


# "The infrastructure now successfully deploys with:" praises the corrected answer, not the one under review.
_AFTER_FIXES = re.compile(r"\bnow\b|\bafter (the |these )?(fix|correction|change)|\b(ideal|corrected|fixed)\b", re.I)


def _praised_by_context(claim: Claim) -> bool:
    """Is the claim an item of a list that its heading or the sentence introducing it presents as praise?"""
    sentences = re.split(r"(?<=[.!?])\s+", claim.lead.strip()) if claim.lead.strip() else []
    heading = claim.section.rsplit(" / ", 1)[-1]
    for context in [heading, *sentences[-1:]]:
        if _PRAISE_CONTEXT.search(context) and not _AFTER_FIXES.search(context):
            return True
    return False


class Polarity(Enum):
    ABSENT = "absent"  # "X is missing": true when the answer lacks X
    NEGATIVE = "negative"  # "X is wrong": true when a check finds the flaw
    POSITIVE = "positive"  # "X is right ✅": true when the answer has X and no check finds a flaw


def polarity(claim: Claim) -> Polarity:
    text = claim.text
    if claim.kind == "fix":
        return Polarity.ABSENT
    if "✅" in text or "✔" in text or "✓" in text:
        return Polarity.POSITIVE
    if "❌" in text or "✗" in text:
        return Polarity.ABSENT if _ABSENCE.search(text) else Polarity.NEGATIVE
    data = synonyms()
    absence = _ABSENCE.search(text)
    if absence and not _OF_REFERENCE.match(text[absence.end():]):
        return Polarity.ABSENT
    if any_match(data["negative_cues"], text):
        return Polarity.NEGATIVE
    if any_match(data["positive_cues"], text) or _praised_by_context(claim):
        return Polarity.POSITIVE
    return Polarity.NEGATIVE


def is_negative(claim: Claim) -> bool:
    """Does the claim say something is wrong or missing (the usual case) rather than praise the code?"""
    return polarity(claim) is not Polarity.POSITIVE
