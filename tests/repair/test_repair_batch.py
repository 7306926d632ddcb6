"""After one keyword repair, the other certain unknown keywords are fixed in the same step; ambiguous ones are not."""

from __future__ import annotations

import ast
from pathlib import Path

from iacreview.repair.batch import batch_keyword_fixes
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

STACK = '''from aws_cdk import aws_s3 as s3, aws_sqs as sqs


def build(scope):
    s3.Bucket(scope, "A", versoned=True, bucket_nme="a")
    sqs.Queue(scope, "Q", log_group_x=4)
    s3.Bucket(scope, "B", versioned=True)
'''


class Oracle:
    """Bucket takes versioned/bucket_name; Queue takes log_group_a/log_group_b (a close pair)."""

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
        name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        return {"Bucket": {"versioned", "bucket_name"}, "Queue": {"log_group_a", "log_group_b"}}.get(name)

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        return None

    def import_for(self, name: str) -> str | None:
        return None

    def module_of(self, name: str) -> str | None:
        return None

    def submodule_for(self, name: str) -> str | None:
        return None

    def module_members(self, module: str) -> set[str] | None:
        return None


def test_certain_keywords_are_fixed_together_and_ambiguous_ones_left(tmp_path: Path) -> None:
    ws = Workspace(subject="a.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/stack.py", "a.md", first_line=3), STACK)
    applied = batch_keyword_fixes(ws, Oracle())
    text = ws.read("lib/stack.py")
    assert 's3.Bucket(scope, "A", versioned=True, bucket_name="a")' in text
    assert "log_group_x=4" in text  # two close counterparts: left for the synth to meet
    assert [(r.kind, r.line) for r in applied] == [("keyword", 5), ("keyword", 5)]
    assert text.count("\n") == STACK.count("\n")
    assert batch_keyword_fixes(ws, Oracle()) == []  # nothing certain is left
