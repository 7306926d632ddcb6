"""Prompt coverage: a service or region the prompt asks for that the candidate's template lacks.

A prompt that names a service does not always ask for one ("a role Lambda can assume", "VPC endpoints for S3"), so a
service counts as requested only when the reference builds it too: the failure is then both requested and shown to
be buildable. Likewise a region is reported only when the reference pins the requested region and the candidate
does not (an environment-agnostic reference asks nothing of the candidate either).
"""

from __future__ import annotations

import re

from iacreview.compare.words import article, vocabulary
from iacreview.model import Finding, Location
from iacreview.rules.comparison import PROMPT_REGION, PROMPT_SERVICE
from iacreview.template.model import Template

_REGION = re.compile(
    r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?"
    r"(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b"
)


def _types(templates: list[Template]) -> set[str]:
    return {str(r.get("Type")) for t in templates for r in t.resources.values() if isinstance(r, dict)}


def _regions(templates: list[Template]) -> set[str]:
    return {t.environment.rsplit("/", 1)[-1] for t in templates if t.environment}


def prompt_failures(
    prompt: str, candidate: list[Template], reference: list[Template], location: Location | None
) -> list[tuple[Finding, tuple[str, ...]]]:
    """(finding, the resource types it is about) for each requested service or region the candidate lacks."""
    present, built = _types(candidate), _types(reference)
    out: list[tuple[Finding, tuple[str, ...]]] = []
    for pattern, wanted, words in vocabulary()["prompt_services"]:
        if not re.search(pattern, prompt) or present & set(wanted) or not built & set(wanted):
            continue
        message = (f"The prompt asks for {article(words)} and the reference builds one, but the candidate's template "
                   f"has no {' or '.join(w for w in wanted if w in built)}.")
        finding = Finding.from_rule(PROMPT_SERVICE, message, location, evidence=words)
        out.append((finding, tuple(wanted)))
    regions = set(_REGION.findall(prompt))
    cand_regions, ref_regions = _regions(candidate), _regions(reference)
    if len(regions) == 1 and cand_regions and ref_regions and ref_regions <= regions and not cand_regions & regions:
        (region,) = regions
        shown = ", ".join(sorted(cand_regions))
        where = ("is environment-agnostic (no region set)" if shown == "unknown-region"
                 else f"is synthesized for {shown}")
        message = f"The prompt asks for {region} and the reference pins it; the candidate's stack {where}."
        out.append((Finding.from_rule(PROMPT_REGION, message, location, evidence=region), ()))
    return out
