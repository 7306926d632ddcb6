"""The generated docs (rule pages, CLI reference) match the code; the hand-written pages exist."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from iacreview.rules import all_rule_metas

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "scripts" / "generate_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_up_to_date() -> None:
    script = _script()
    stale = script.stale(script.generate())
    assert stale == [], f"run `python scripts/generate_docs.py`; out of date: {stale}"


def test_every_rule_has_a_page_and_every_command_a_section() -> None:
    files = _script().generate()
    for meta in all_rule_metas():
        page = files[ROOT / "docs" / "rules" / f"{meta.id}.md"]
        assert page.startswith("<!--") and f"# {meta.id} — {meta.title}" in page and meta.fix in page
    cli = files[ROOT / "docs" / "cli.md"]
    for command in ("check", "config", "compare", "verify", "rules", "explain"):
        assert f"## `iacreview {command}`" in cli
    assert "`--write-baseline`" in cli and "`--no-suppressions`" in cli


def test_github_actions_page_uploads_sarif() -> None:
    text = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    assert "--format sarif" in text and "github/codeql-action/upload-sarif" in text
    assert "security-events: write" in text
