"""Meta-tests over the rule registry: ids, docs, and a failing and a passing fixture for every template rule."""

from __future__ import annotations

import re
from pathlib import Path

from iacreview.model import Category, Target
from iacreview.rules import LAYER_RULES, SOURCE_RULES, TEMPLATE_MODULES, all_rule_metas, rule_by_id

FIXTURES = Path(__file__).parent / "rules"


def test_ids_unique_and_prefixed_by_category() -> None:
    metas = all_rule_metas()
    ids = [m.id for m in metas]
    assert len(ids) == len(set(ids))
    for meta in metas:
        assert re.fullmatch(r"(SYN|DEP|SEC|PERF|BP)\d{3}", meta.id), meta.id
        assert meta.id.startswith(Category(meta.category).prefix), meta.id


def test_every_rule_is_documented() -> None:
    for meta in all_rule_metas():
        found = rule_by_id(meta.id)
        assert found is not None
        _, doc = found
        assert meta.title and meta.impact and meta.fix, meta.id
        assert len(doc) > 40, f"{meta.id} has no documentation"


def test_module_kinds_match_targets() -> None:
    for module in TEMPLATE_MODULES:
        assert module.META.target is Target.TEMPLATE and callable(module.check)
    for module in SOURCE_RULES:
        assert module.META.target in (Target.SOURCE, Target.INLINE_CODE) and callable(module.check)
    for module in LAYER_RULES:
        assert not hasattr(module, "check") or module.META.target is not Target.TEMPLATE


def test_every_template_rule_has_failing_and_passing_fixture() -> None:
    names = [p.name.lower() for p in FIXTURES.rglob("*") if p.is_file()]
    for module in TEMPLATE_MODULES:
        rule = module.META.id.lower()
        has = [n for n in names if n.startswith(rule) or f"_{rule}" in n or f"{rule}_" in n or f"/{rule}" in n]
        assert any(re.search(r"bad|fail", n) for n in has), f"{module.META.id}: no failing fixture"
        assert any(re.search(r"good|pass", n) for n in has), f"{module.META.id}: no passing fixture"
