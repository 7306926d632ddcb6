"""Claims that quote the code the answer wrote: "MODEL_RESPONSE uses `PYTHON_3_11`", "the group allows SSH from
`10.0.0.0/16`", "sets `removal_policy=RemovalPolicy.RETAIN`".

The quote right after a verb of having or using is what the claim says the answer wrote; the line of the Python that
writes it confirms that part of the claim. Such a quote never refutes: one the code does not contain may be
paraphrased, shortened or from another file, so its absence shows nothing at a line. A setting and its value
("`deletion_protection` is set to `False`") is the exception: the lines that set that keyword to something else, when
none sets it to the claimed value, show the opposite. A quote after "should", "instead of",
"missing" or a negation is what the answer did *not* write, so such claims are not read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iacreview.verify.evidence import Decision, Evidence

_HAS = re.compile(
    r"\b(?:uses?|used|using|sets?|setting|specif(?:ies|ied|y)|has|had|contains?|included?|includes|writes?|wrote|"
    r"passe[sd]|calls?|called|defines?|defined|creates?|created|hard-?codes?|hard-?coded|references?|referenced|"
    r"grants?|granted|allows?|allowed|chose|picks?|picked|selects?|selected|imports?|imported|declares?|declared|"
    r"relies on|depends on|configures?|configured)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?"
    r"`(?P<quote>[^`\n]{2,80})`",
    re.IGNORECASE,
)
# Before the verb, within its sentence: the quote is then what the answer should have written or lacks.
_NOT_WRITTEN = re.compile(
    r"\b(should|must|instead|rather|not|never|no|missing|lacks?|lacking|without|fails? to|need(s|ed)? to|requires?|"
    r"required|ideal|correct(ed|ly)?|fix(ed)?|reference|recommend\w*|expected|could|would|can|cannot|if|unless|"
    r"whether|may|might)\b|n't\b",
    re.IGNORECASE,
)
# "`deletion_protection` is set to `False`": the setting and its value, written as ``name=value`` in the code.
_SETTING = re.compile(r"`(?P<name>[a-z_][a-z0-9_]*)`\s+(?:is|was|are|were)\s+(?:set|configured|hard-?coded)\s+"
                      r"(?:to|as)\s+`(?P<value>[^`\n]{1,60})`")
_FILE = re.compile(r"\.(md|py|json|txt|ya?ml|ts|js)$|MODEL_RESPONSE|IDEAL_RESPONSE", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteDecision(Decision):
    check: str = "quote"


def _code_like(quote: str) -> bool:
    """A quote of code, not a word in backticks: it has code punctuation, digits, snake_case or CamelCase humps."""
    if _FILE.search(quote):
        return False
    return bool(re.search(r"[_.(=:/*\[\d]", quote) or re.search(r"[a-z][A-Z].*[a-z][A-Z]|[A-Z]{2,}[a-z]", quote))


def _pattern(quote: str) -> str:
    """Spacing and quote style around ``=`` and after commas are the writer's, not the code's."""
    quote = quote.strip()
    call = quote.endswith("()")  # `add_managed_policy()` names the call, whatever its arguments
    if call:
        quote = quote[:-2]
    parts = [re.escape(p) for p in re.split(r"\s*=\s*|\s+", quote.strip("'\"")) if p]
    joined = r"\s*=?\s*".join(parts) if "=" in quote else r"\s+".join(parts)
    return joined + r"\s*\(" if call else joined


def judge_quoted(text: str, evidence: Evidence) -> QuoteDecision | None:
    """The line that writes what the claim quotes the answer as writing."""
    if not evidence.sources:
        return None
    setting = _SETTING.search(text)
    if setting and not _NOT_WRITTEN.search(re.split(r"[.;!?]\s", text[: setting.start()])[-1]):
        name, value = setting.group("name"), setting.group("value").strip("'\"")
        lines = evidence.grep([rf"\b{re.escape(name)}\s*=\s*['\"]?{re.escape(value)}\b"])
        if lines:
            return QuoteDecision(True, lines, f"The answer sets {name}={value} here.")
        others = evidence.grep([rf"\b{re.escape(name)}\s*=(?!=)"])
        if others and not evidence.grep([rf"\b{re.escape(name)}\s*=(?!=)[^\n]*\b{re.escape(value)}\b"]):
            return QuoteDecision(False, others, f"The answer sets {name} to another value here, never to {value}.")
    for match in _HAS.finditer(text):
        sentence = re.split(r"[.;!?]\s", text[: match.start()])[-1]
        if _NOT_WRITTEN.search(sentence) or _NOT_WRITTEN.search(text[match.start(): match.start("quote")]):
            continue
        quote = match.group("quote")
        if not _code_like(quote):
            continue
        lines = evidence.grep([_pattern(quote)])
        if lines:
            return QuoteDecision(True, lines, f"The answer writes `{quote}` here.")
    return None
