"""When a candidate finding and a reference finding say the same thing.

Two answers name their constructs differently, so a finding is compared by what it is about, never by the ids in
its message:
- on a resource: the rule and the matched resource on the other side;
- a template finding about the whole stack ("no alarm", "no tags", "no region"): the rule alone, because its message
  counts or names the stack's resources and differs between answers even when both share the flaw;
- a source finding (an import, a deprecated property, a runtime): the rule and the message without line numbers,
  file names and double-quoted construct ids (``Lambda "Uploader" uses python3.9`` = ``Lambda "Fn" uses python3.9``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from iacreview.model import Finding, RuleMeta, Target

_LINE_REFS = re.compile(r"\S+:\d+|\(?\bline \d+( of [\w./-]+)?\)?")
_QUOTED_IDS = re.compile(r'"[^"\n]{1,120}"')
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _metas() -> dict[str, RuleMeta]:
    from iacreview.rules import all_rule_metas  # the registry imports every rule module: load it on first use

    return {m.id: m for m in all_rule_metas()}


def rule_meta(rule_id: str) -> RuleMeta | None:
    return _metas().get(rule_id)


def is_template_finding(finding: Finding) -> bool:
    """True when the finding comes from reading a template (so it needs a template on the other side)."""
    if finding.resource:
        return True
    meta = rule_meta(finding.rule_id)
    return meta is not None and meta.target is Target.TEMPLATE


def normalize(message: str) -> str:
    """A message without the parts that differ between two answers saying the same thing."""
    text = _LINE_REFS.sub("", message)
    text = _QUOTED_IDS.sub('""', text)
    return _SPACES.sub(" ", text).strip().lower()


def finding_key(finding: Finding, counterpart: str | None) -> tuple[str, str]:
    """The key two findings share when they report the same flaw (``counterpart``: the matched resource id)."""
    if finding.resource:
        return finding.rule_id, counterpart or finding.resource
    if is_template_finding(finding):
        return finding.rule_id, "<stack>"
    return finding.rule_id, normalize(finding.message)
