"""Hypothesis strategies and targets shared by the fuzz tests and ``benchmarks/fuzz.py``.

Inputs are joined from fragments each parser cares about (fences, file headings, YAML anchors, CloudFormation
tags, claim sentences) and arbitrary text, so the fuzzer reaches the parsers' branches, not only their first
rejection. A target may raise ``IacReviewError`` (a clean input error); anything else is a bug.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

from iacreview.sources.markdown import load_markdown
from iacreview.template.loader import load_template_text
from iacreview.verify.claims import parse_claims

MARKDOWN_BITS = [
    "\n", "```", "```python\n", "```py\n", "```json\n", "```yaml\n", "~~~\n", "````\n", "# ", "## ", "### File: ",
    "**File:** ", "`app.py`", "lib/tap_stack.py", "../../etc/passwd", "/etc/cron.d/x", "~/.aws/credentials",
    "C:\\x.py", "cdk.json", "app.py", "import aws_cdk as cdk\n", "class S(cdk.Stack):\n", "    pass\n",
    "<thinking>", "</thinking>", "| a | b |\n|---|---|\n", "- item\n", "> quote\n", "\t", "\r\n", "\x00", "\u200b",
    "{", "}", "\ufeff",
]
CLAIM_BITS = [
    "\n", "# Findings\n", "## Security\n", "- ", "1. ", "**SEC001**", "`AWS::S3::Bucket`", "line 12", "app.py:3",
    "| Issue | Severity | Line |\n|---|---|---|\n", "| x | High | 4 |\n", "Critical", "High", "Medium", "Low",
    "The bucket is not encrypted.", "missing", "no issues", "```python\nx = 1\n```\n", "[link](http://x)", "<br>",
]
TEMPLATE_BITS = [
    "\n", "  ", "- ", ": ", "Resources:", "AWSTemplateFormatVersion: '2010-09-09'\n", "Type: AWS::S3::Bucket",
    "Properties:", "!Ref ", "!GetAtt ", "!Sub ", "!If [", "!Equals", "!Join", "!Base64 ", "!Ref\n", "&a ", "*a ",
    "[*a, *a]", "<<: *a", "{", "}", "[", "]", '"', "'", "{\"Resources\": {", "\"Type\": ", "null", "1e999",
    "0x1F", "yes", "~", "---\n", "...\n", "? ", "|\n", ">-\n", "%YAML 1.2\n", "!!python/object:os.system",
    "\t", "\x00", "\ud800",
]


def mixed(bits: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(bits), st.text(max_size=12)), max_size=40).map("".join)


def run_markdown(text: str) -> object:
    with tempfile.TemporaryDirectory(prefix="iacreview-fuzz-") as root:
        return load_markdown(text, "answer.md", Path(root))


def run_claims(text: str) -> object:
    return parse_claims(text)


def run_template(text: str) -> object:
    return load_template_text(text, "template.yaml")


TARGETS: dict[str, tuple[Callable[[str], object], st.SearchStrategy[str]]] = {
    "markdown": (run_markdown, mixed(MARKDOWN_BITS)),
    "claims": (run_claims, mixed(CLAIM_BITS)),
    "template": (run_template, mixed(TEMPLATE_BITS)),
}
