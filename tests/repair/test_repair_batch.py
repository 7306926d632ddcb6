"""After a repair, the other certain mistakes the API index knows (keywords, types named from the wrong module) are
fixed in the same step; ambiguous ones are not."""

from __future__ import annotations

import ast
from pathlib import Path

from iacreview.repair.batch import batch_keyword_fixes, batch_static_fixes
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


MODULES = '''from aws_cdk import aws_cloudwatch as cw, aws_sns as sns


def build(scope, topic, alarm):
    alarm.add_alarm_action(cw.SnsAction(topic)); alarm.add_ok_action(cw.SnsAction(topic))
    cw.Alarm(scope, "A")
    sns.Missing(scope)
    cw.LambdaAction(topic)
'''

_MEMBERS = {"aws_cdk.aws_cloudwatch": {"Alarm", "Metric"}, "aws_cdk.aws_sns": {"Topic", "Subscription"}}
_ALIASES = {"cw": "aws_cdk.aws_cloudwatch", "sns": "aws_cdk.aws_sns"}


class ModuleOracle(Oracle):
    """Two modules; ``SnsAction`` is defined only in aws_cloudwatch_actions, ``LambdaAction`` in two modules."""

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        owner = node.value.id if isinstance(node.value, ast.Name) else ""
        return _MEMBERS.get(_ALIASES.get(owner, ""))

    def module_of(self, name: str) -> str | None:
        return {"SnsAction": "aws_cdk.aws_cloudwatch_actions"}.get(name)

    def module_members(self, module: str) -> set[str] | None:
        return _MEMBERS.get(module)


def test_types_named_from_the_wrong_module_are_taken_from_the_one_that_defines_them(tmp_path: Path) -> None:
    ws = Workspace(subject="a.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/stack.py", "a.md", first_line=3), MODULES)
    applied = batch_static_fixes(ws, ModuleOracle())
    text = ws.read("lib/stack.py")
    taken = '__import__("aws_cdk.aws_cloudwatch_actions", fromlist=["SnsAction"]).SnsAction(topic)'
    assert text.splitlines()[4] == f"    alarm.add_alarm_action({taken}); alarm.add_ok_action({taken})"
    assert "sns.Missing(scope)" in text and "cw.LambdaAction(topic)" in text  # no single module defines them
    assert [(r.kind, r.line) for r in applied] == [("attribute", 5)]  # one repair for both places
    assert "other place" in applied[0].what
    assert text.count("\n") == MODULES.count("\n")
    assert batch_static_fixes(ws, ModuleOracle()) == []


def test_a_module_alias_bound_again_in_the_code_is_not_trusted(tmp_path: Path) -> None:
    ws = Workspace(subject="a.md", kind=InputKind.MARKDOWN, root=tmp_path)
    rebound = MODULES.replace('    cw.Alarm(scope, "A")\n', '    cw = alarm\n')
    ws.add_file(SourceFile("lib/stack.py", "a.md", first_line=3), rebound)
    assert batch_static_fixes(ws, ModuleOracle()) == []
    assert ws.read("lib/stack.py") == rebound
