from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from iacreview.model import Review, RuleMeta
from iacreview.report import review_to_markdown
from iacreview.report.markdown import SUMMARY_HEADER, summary_table, table_cell


def _tables(text: str) -> list[list[list[str]]]:
    """Every GFM table as rows of cell texts, as a Markdown renderer would show them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(_text(token.children or []))
    return tables


def _text(children: list[Any]) -> str:
    return "".join(child.content for child in children if child.type in ("text", "code_inline"))


def _markdown(reviews: list[Review], rules: tuple[RuleMeta, ...]) -> str:
    return review_to_markdown(reviews, {m.id: m for m in rules})


def test_sections_in_seed_order(model: Review, rules: tuple[RuleMeta, ...]) -> None:
    text = _markdown([model], rules)
    assert text.startswith("# Review: answers/MODEL_RESPONSE.md\n")
    sections = re.findall(r"^## (\d)\. (.+)$", text, flags=re.MULTILINE)
    assert sections == [
        ("1", "Syntax Issues"),
        ("2", "Deployment Issues"),
        ("3", "Security Issues"),
        ("4", "Performance Issues"),
        ("5", "Best Practices"),
    ]
    assert re.findall(r"^### (\d\.\d) ", text, flags=re.MULTILINE) == ["1.1", "2.1", "2.2", "3.1", "4.1", "5.1"]
    assert "repaired with 1 repair" in text
    assert "**aws-cdk-lib:** 2.275.0" in text
    assert "**Assumed:** generated entry app.py" in text


def test_findings_have_issue_impact_fix(model: Review, rules: tuple[RuleMeta, ...]) -> None:
    text = _markdown([model], rules)
    block = text.split("### 3.1 ", 1)[1].split("\n## ", 1)[0]
    assert block.startswith("S3 bucket without full public-access block\n")
    assert "- **Issue:** bucket ImagesBucket does not block public ACLs (`answers/MODEL_RESPONSE.md:120`)" in block
    assert "- **Impact:** impact of SEC001: things go wrong" in block
    assert "- **Fix:** fix for SEC001: do the right thing" in block
    assert "`ImagesBucketA1B2C3 (TapStackdev/ImagesBucket/Resource)`" in block
    assert "Found after repairs" in block
    # Without location, the issue has no file:line.
    dep = text.split("### 2.2 ", 1)[1].split("\n### ", 1)[0]
    assert "- **Issue:** stack TapStackdev has no explicit env\n" in dep


def test_suppressed_listed_apart(model: Review, rules: tuple[RuleMeta, ...]) -> None:
    text = _markdown([model], rules)
    numbered, suppressed = text.split("## Suppressed findings", 1)
    assert "SEC003" not in numbered
    assert "`SEC003` IAM wildcard action at `answers/MODEL_RESPONSE.md:130`: demo needs it | reviewed" in suppressed


def test_summary_table_parses(model: Review, template: Review, rules: tuple[RuleMeta, ...]) -> None:
    text = _markdown([model, template], rules)
    tables = _tables(text)
    assert len(tables) == 2
    header, *rows = tables[0]
    assert tuple(header) == SUMMARY_HEADER
    assert len(rows) == len([f for f in model.findings if not f.suppressed])
    assert rows[0] == ["Syntax Issues", "critical", "SYN031", "answers/MODEL_RESPONSE.md:45",
                       "Undefined name: undefined name 'Duration'"]
    perf = next(row for row in rows if row[2] == "PERF005")
    assert perf[4].endswith("function Handler has no reserved concurrency | memory 128")
    assert tables[1][1][2] == "E3012"
    assert "**Total:** 1 critical, 1 high, 2 medium, 1 low, 1 info (1 suppressed)" in text


def test_failed_and_empty_review(failed: Review, rules: tuple[RuleMeta, ...]) -> None:
    text = _markdown([failed], rules)
    assert "**Synth:** failed: SyntaxError at app/tap_stack.py:3: invalid syntax" in text
    assert text.count("No findings.") == 5
    assert _tables(text) == [[list(SUMMARY_HEADER)]]


@given(st.text(alphabet="ab |\\-", min_size=1, max_size=30))
def test_table_cell_survives_any_pipes_and_backslashes(value: str) -> None:
    row = "| " + table_cell(value) + " |"
    text = "\n".join(["| h |", "|---|", row, ""])
    tables = _tables(text)
    assert tables[0][1] == [" ".join(value.split())]


def test_summary_table_shape_without_findings() -> None:
    assert summary_table([]) == ["| " + " | ".join(SUMMARY_HEADER) + " |", "|---|---|---|---|---|"]
