"""Claims about a value the answer chose: "uses db.t3.micro", "instance type c5.4xlarge instead of m5.4xlarge",
"Desired capacity set to 10 instead of required 15", "Change the runtime from python3.8 to python3.12".

The value the claim says the answer used is read from the words around it ("A instead of B", "from A to B", "set to
A"); an AWS enumeration value (an instance type, a runtime) is looked for among the template's property values, a
number only in the property the claim names (``schema_words``). The used value found at a resource confirms the claim
there. It is refuted only by a complete template that never has the used value but has the alternative the claim
names, at that resource: the answer chose the other value. Without a complete template, a quoted literal in the
Python confirms; the alternative written as a literal refutes only when the used value is written nowhere and every
instance type the Python chooses is a literal (``InstanceType.of(...)`` or a variable could hide the used one). An
engine version ("PostgreSQL 15.4 instead of 15.7") is read in ``EngineVersion``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.model import Location
from iacreview.template.model import Template
from iacreview.verify.evidence import MAX_EVIDENCE, Decision, Evidence
from iacreview.verify.schema_claims import named_types, split_subject
from iacreview.verify.schema_words import schema_index

_ENUM = (r"(?:db\.|cache\.)?(?:[a-z]{1,3}\d[a-z0-9-]*)\.(?:nano|micro|small|medium|large|metal|\d*xlarge)"
         r"|python3\.\d{1,2}|nodejs\d{2}\.x|java\d{1,2}|dotnet\d|ruby3\.\d|provided\.al2(?:023)?")


def _value(name: str) -> str:
    return rf"(?P<{name}>{_ENUM}|\d+(?:\.\d+)?)"


_SHAPES = (
    re.compile(rf"\bfrom\s+`?{_value('used')}`?\s+(?:to|→|->)\s+`?{_value('other')}`?", re.I),
    re.compile(rf"`?{_value('used')}`?,?\s+(?:while|whereas)\s+(?:the\s+)?(?:ideal|reference|corrected)"
               rf"(?:[_ ]response)?(?:\.md)?\s+(?:uses|has|sets|picks|chooses)\s+(?:\w+\s+){{0,2}}?"
               rf"`?{_value('other')}`?",
               re.I),
    re.compile(rf"`?{_value('used')}`?[^.;]{{0,25}}?\s+(?:instead of|rather than|vs\.?|versus|but "
               rf"(?:the )?(?:prompt|task|requirement)s?[^.;]{{0,25}}?)\s+(?:the\s+)?(?:required\s+|requested\s+|"
               rf"specified\s+|expected\s+)?`?{_value('other')}`?", re.I),
    re.compile(rf"\b(?:uses?|used|using|set to|sets?|is|was|of|with|configured (?:with|as|to)|chose|selected)\s+"
               rf"(?:an?\s+|the\s+)?`?{_value('used')}`?(?![\w.%/-])", re.I),
)
_NOT_USED = re.compile(r"\b(should|must|needs? to|requires?|required|expected|recommend\w*|consider|ideal|"
                       r"correct(ed|ly)?|fix(ed)?|change[ds]?|update[ds]?|upgrade[ds]?)\b[^.;]{0,40}$", re.I)
_SUBJECT = re.compile(r"^\W*(?:the\s+)?(?P<x>[a-z][\w\s-]{2,40}?)\s+(?:is\s+|was\s+|are\s+)?(?:set to|of|=|:)\s",
                      re.I)
_ENGINE = re.compile(r"\b(engine|postgre\w*|mysql|mariadb|aurora)\b", re.I)
_UNITS = re.compile(r"^\s*(seconds?|secs?|minutes?|mins?|hours?|days?|gb|mb|gib|mib|ms|milliseconds?|%|percent)\b",
                    re.I)


@dataclass(frozen=True)
class ValueDecision(Decision):
    check: str = "value"


def _leaves(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v, key)
    else:
        yield key, value


def _where(evidence: Evidence, template: Template, logical_id: str) -> Location:
    return evidence.side.resource_locations.get(logical_id) or Location(
        template.path, template.resource_lines.get(logical_id, 1))


def _resources_with(evidence: Evidence, value: str, props: set[str] | None) -> list[Location]:
    """Resources whose properties hold the value (in one of ``props`` when given, else anywhere)."""
    out: list[Location] = []
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or template.is_generated(logical_id):
                continue
            for key, leaf in _leaves(resource.get("Properties") or {}):
                if props is not None and key not in props:
                    continue
                if isinstance(leaf, bool) or not isinstance(leaf, str | int | float):
                    continue
                if str(leaf).lower() == value.lower() or (props is not None and _same_number(leaf, value)):
                    location = _where(evidence, template, logical_id)
                    if location not in out:
                        out.append(location)
                    break
    return out[:MAX_EVIDENCE]


def _other_values(evidence: Evidence, used: str, props: set[str]) -> ValueDecision | None:
    """Every user resource that sets the property the claim names sets it to another number: the claim is refuted
    at them ("timeout is set to 60 seconds" where each function has 30)."""
    seen: list[Location] = []
    values: set[str] = set()
    for template in evidence.side.templates:
        for logical_id, resource in template.resources.items():
            if not isinstance(resource, dict) or template.is_generated(logical_id):
                continue
            properties = resource.get("Properties") or {}
            if not isinstance(properties, dict):
                continue
            for prop in props & set(properties):
                value = properties[prop]
                if isinstance(value, bool) or not isinstance(value, int | float | str):
                    return None  # a token or a structure: the value is not known here
                if _same_number(value, used):
                    return None
                values.add(str(value))
                seen.append(_where(evidence, template, logical_id))
    if not seen:
        return None
    shown = ", ".join(sorted(values))
    return ValueDecision(False, list(dict.fromkeys(seen))[:MAX_EVIDENCE],
                         f"Every resource that sets {', '.join(sorted(props))} sets {shown}, never {used}.")


def _same_number(leaf: str | int | float, value: str) -> bool:
    try:
        return float(leaf) == float(value)
    except ValueError:
        return False


def _read(text: str, fix: bool = False) -> tuple[str, str | None, int] | None:
    """The value the claim says the answer used, the alternative it names, and where the used value starts. A fix
    item says what the answer should have ("Set desired capacity to 15"): only its "from A to B" names what it had."""
    for shape in _SHAPES[:1] if fix else _SHAPES:
        match = shape.search(text)
        if match is None:
            continue
        if _NOT_USED.search(text[: match.start()]) and shape is not _SHAPES[0]:
            return None
        other = match.groupdict().get("other")
        return match.group("used"), other, match.start("used")
    return None


def _unit_fits(unit: str, prop: str) -> bool:
    """"60 seconds" is a value of ``Timeout`` or ``DelaySeconds``; "7 days" of ``RetentionInDays``."""
    unit, prop = unit.lower(), prop.lower()
    if unit.startswith("s"):
        return "second" in prop or prop.endswith("timeout")
    if unit.startswith("min"):
        return "minute" in prop
    if unit.startswith(("hour", "day")):
        return unit[:3] in prop
    if unit in ("mb", "mib"):
        return "mb" in prop or prop == "memorysize"
    if unit in ("gb", "gib"):
        return "gb" in prop or prop in ("allocatedstorage", "volumesize")
    return False


def _properties(text: str) -> set[str]:
    subject = _SUBJECT.match(text)
    if subject is None:
        return set()
    for phrase in split_subject(subject.group("x")):
        names = schema_index().properties_named(phrase, text)
        if names:
            named = named_types(text, {n.type_name for n in names})
            return {n.prop for n in names if not named or n.type_name in named}
    return set()


# Where an instance or node type is chosen without a literal (``InstanceType.of(...)``, a variable): the Python
# then does not show every type the answer uses.
_COMPUTED_TYPE = re.compile(r"InstanceType\.of\(|\b(instance_type|node_type|cache_node_type|instance_class|"
                            r"db_instance_class)\s*=\s*(?!(?:\w+\.)?InstanceType\(\s*['\"]|['\"])")


def _other_literal(evidence: Evidence, used: str, other: str | None) -> ValueDecision | None:
    """No template: the answer writes the alternative as a literal and never the used value, and every instance
    type it chooses is a literal (an AWS enumeration value only, never a bare number)."""
    if other is None or re.fullmatch(r"\d+(\.\d+)?", other) or evidence.grep([_COMPUTED_TYPE.pattern]):
        return None
    instead = evidence.grep([rf"['\"]{re.escape(other)}['\"]"])
    if not instead:
        return None
    return ValueDecision(False, instead, f"The answer never writes {used}; it writes {other} here.")


def judge_value(text: str, evidence: Evidence, fix: bool = False) -> ValueDecision | None:
    read = _read(text, fix)
    if read is None or not (evidence.side.templates or evidence.sources):
        return None
    used, other, start = read
    numeric = bool(re.fullmatch(r"\d+(\.\d+)?", used))
    props: set[str] | None = None
    if numeric and "." in used and _ENGINE.search(text):
        props = {"EngineVersion"}  # "PostgreSQL 15.4 instead of 15.7"
    elif numeric:
        unit = _UNITS.match(text[start + len(used):])
        props = _properties(text)
        if unit:
            props = {p for p in props if _unit_fits(unit.group(1), p)}
        if not props:
            return None
    found = _resources_with(evidence, used, props)
    if found:
        return ValueDecision(True, found, f"The answer's template has {used} here.")
    if not evidence.has_templates:
        if numeric:
            return None
        lines = evidence.grep([rf"['\"]{re.escape(used)}['\"]"])
        if lines:
            return ValueDecision(True, lines, f"The answer writes {used} here.")
        return _other_literal(evidence, used, other)
    if other is None:
        return _other_values(evidence, used, props) if props else None
    instead = _resources_with(evidence, other, props)
    if instead:
        return ValueDecision(False, instead, f"The answer never has {used}; it has {other} here.")
    return None
