"""Prompt settings: a feature the prompt asks for by name that no candidate resource of its type has.

Reviewers often write "the prompt asks for replica modification sync; the replication rule does not configure it".
``data/compare_vocabulary.json`` (``prompt_settings``) lists such features: a phrase that names one unambiguously
(with, where the phrase alone could mean another service, a word the same sentence must also contain), the resource
types that carry it and where (a property path; a list on the path means any of its items), and the values that
mean "on". A ``holder`` path limits the check to resources that use the feature's parent at all (only a bucket that
replicates can lack delete-marker replication).

Unlike a requested service, a setting is reported without the reference having it: the phrase is specific enough,
and a reference that drops a requested setting is itself wrong (the finding then names the candidate only). To stay
on the safe side the check is silent when the sentence negates or softens the ask ("do not", "optional"), when the
candidate has no resource of the type (a missing service is ``prompt.py``'s finding), and when any one resource of
the type has the setting (the prompt may mean only that one). Entries with ``instead`` ask for a resource type the
candidate replaced by another (a customer managed policy written as an inline policy): the finding is on the
replacement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from iacreview.compare.matching import ResourceRef
from iacreview.compare.prompt_actions import SourceFile, code_lines
from iacreview.compare.words import article, sentences, vocabulary
from iacreview.model import Finding, Location
from iacreview.python.jsii_assembly import snake_case
from iacreview.rules.comparison import PROMPT_SETTING, PROMPT_SETTING_BY_CATEGORY

_SOFTENED = re.compile(r"\b(?:not|no|never|without|optional(?:ly)?|avoid|disable[sd]?|unless|if needed)\b|n't\b",
                       re.IGNORECASE)
_OFF = frozenset({"", "disabled", "false", "0", "none"})


@dataclass(frozen=True)
class PromptSetting:
    words: str
    category: str
    pattern: re.Pattern[str]
    context: re.Pattern[str] | None
    types: tuple[str, ...]
    paths: tuple[str, ...]  # where the setting can be (alternatives, e.g. one per resource type)
    values: tuple[str, ...]
    holder: str | None
    instead: tuple[str, ...]
    unless: tuple[str, ...]  # a candidate with one of these types does the job another way


@lru_cache(maxsize=1)
def settings() -> tuple[PromptSetting, ...]:
    """The table, compiled once per process (every compare of a corpus run reads it)."""
    out: list[PromptSetting] = []
    for entry in vocabulary()["prompt_settings"]:
        context = entry.get("context")
        out.append(PromptSetting(
            words=entry["words"], category=entry["category"],
            pattern=re.compile(entry["pattern"], re.IGNORECASE),
            context=re.compile(context, re.IGNORECASE) if context else None,
            types=tuple(entry["types"]), paths=tuple(entry.get("paths", ())), values=tuple(entry.get("values", ())),
            holder=entry.get("holder"), instead=tuple(entry.get("instead", ())), unless=tuple(entry.get("unless", ())),
        ))
    return tuple(out)


def asked(setting: PromptSetting, prompt: str) -> bool:
    """Some sentence of the prompt names the setting, in its context, without negating or softening it."""
    for sentence in sentences(prompt):
        match = setting.pattern.search(sentence)
        if match is None or (setting.context is not None and not setting.context.search(sentence)):
            continue
        if not _SOFTENED.search(sentence):
            return True
    return False


def values_at(value: Any, path: str) -> Iterator[Any]:
    """Every value at a dotted path; a list on the way means any of its items."""
    if isinstance(value, list):
        for item in value:
            yield from values_at(item, path)
        return
    if not path:
        yield value
        return
    head, _, rest = path.partition(".")
    if isinstance(value, dict) and head in value:
        yield from values_at(value[head], rest)


def is_on(value: Any, wanted: tuple[str, ...]) -> bool:
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref")):
        return True  # decided at deploy time: not for us to call it off
    if wanted:
        return str(value).lower() in {w.lower() for w in wanted}
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value > 0
    return value not in (None, [], {}) and str(value).strip().lower() not in _OFF


def has_setting(resource: ResourceRef, setting: PromptSetting) -> bool:
    return any(is_on(v, setting.values) for path in setting.paths for v in values_at(resource.properties, path))


def uses_holder(resource: ResourceRef, setting: PromptSetting) -> bool:
    return setting.holder is None or any(v not in (None, [], {}) for v in values_at(resource.properties,
                                                                                      setting.holder))


def constructed_at(types: Sequence[str], sources: Sequence[SourceFile]) -> tuple[str, Location] | None:
    """The first line of the Python that creates a construct of one of ``types`` (``iam.Policy(`` or
    ``iam.CfnPolicy(`` for ``AWS::IAM::Policy``): for a candidate whose template lost it to a repair."""
    names = "|".join(re.escape(t.rsplit("::", 1)[-1]) for t in types)
    pattern = re.compile(rf"(?<![\w])(?:\w+\.)?((?:Cfn)?(?:{names}))\s*\(")
    for source, number, code in code_lines(sources):
        found = pattern.search(code)
        where = source.location(number) if found else None
        if found and where is not None:
            return found.group(1), where
    return None


def holder_line(setting: PromptSetting, sources: Sequence[SourceFile]) -> Location | None:
    """The line of the Python that writes the setting's parent, where the setting belongs: the one
    ``ReplicationConfigurationProperty(`` (the parent's contents), else the one ``"ReplicationConfiguration"``
    override, else the one ``replication_configuration=``. None when the code writes it nowhere or at several
    lines of the same kind (then the resource's line is the place)."""
    if setting.holder is None:
        return None
    name = setting.holder.split(".")[0]
    for written in (rf"\b{name}Property\s*\(", rf"['\"]{name}['\"]", rf"\b{snake_case(name)}\s*="):
        pattern = re.compile(written)
        found = [where for source, number, code in code_lines(sources)
                 if pattern.search(code) and (where := source.location(number)) is not None]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def prompt_setting_failures(
    prompt: str, candidate: list[ResourceRef], locations: dict[str, Location], sources: Sequence[SourceFile] = ()
) -> list[tuple[Finding, tuple[str, ...]]]:
    """(finding, the property names it is about) for each asked-for setting no candidate resource has; it points
    at the line that writes the setting's parent when there is one, else at the resource."""
    out: list[tuple[Finding, tuple[str, ...]]] = []
    for setting in settings():
        if not asked(setting, prompt) or any(r.type in setting.unless for r in candidate):
            continue
        meta = PROMPT_SETTING_BY_CATEGORY.get(setting.category, PROMPT_SETTING)
        if setting.instead:
            if any(r.type in setting.types for r in candidate):
                continue
            used = [r for r in candidate if r.type in setting.instead]
            if not used:
                written = constructed_at(setting.instead, sources)
                if written is not None and constructed_at(setting.types, sources) is None:
                    name, line = written
                    message = (f"The prompt asks for {article(setting.words)}; the code creates it as `{name}` "
                               f"instead of {' or '.join(setting.types)}.")
                    out.append((Finding.from_rule(meta, message, line, evidence=setting.words), setting.types))
                continue
            first = used[0]
            message = (f"The prompt asks for {article(setting.words)}; the candidate writes `{first.logical_id}` as "
                       f"{first.type} instead of {' or '.join(setting.types)}.")
            out.append((Finding.from_rule(meta, message, locations.get(first.logical_id),
                                          resource=first.logical_id, evidence=setting.words), setting.types))
            continue
        holders = [r for r in candidate if r.type in setting.types and uses_holder(r, setting)]
        if not holders or any(has_setting(r, setting) for r in holders):
            continue
        first = holders[0]
        others = f" (nor do the other {len(holders) - 1})" if len(holders) > 1 else ""
        message = (f"The prompt asks for {setting.words}; `{first.logical_id}` ({first.type}) does not set "
                   f"{setting.paths[0]}{others}.")
        where = (holder_line(setting, sources) if len(holders) == 1 else None) or locations.get(first.logical_id)
        out.append((Finding.from_rule(meta, message, where, resource=first.logical_id, evidence=setting.words),
                    tuple(p.split(".")[0] for p in setting.paths)))
    return out
