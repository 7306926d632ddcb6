"""Each repair kind on a small workspace: applied when certain, refused when ambiguous, lines never move."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from iacreview.repair.edits import Span, delete_with_comma, replace_span
from iacreview.repair.failure import Failure, parse_failure
from iacreview.repair.kinds import (
    NoOracle,
    close_brackets,
    repair_attribute,
    repair_missing_asset,
    repair_missing_name,
    repair_read_only,
    repair_reserved_env,
    repair_truncation,
    repair_unexpected_keyword,
    unique_counterpart,
)
from iacreview.sources.workspace import InputKind, SourceFile, Workspace


class FakeOracle:
    def __init__(self, keywords: set[str] | None = None, attributes: set[str] | None = None) -> None:
        self.keywords = keywords
        self.attributes = attributes

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
        return self.keywords

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        return self.attributes

    def import_for(self, name: str) -> str | None:
        return {"Duration": "from aws_cdk import Duration"}.get(name)


STACK = '''from aws_cdk import Stack, aws_s3 as s3
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.environment = "dev"
        s3.Bucket(
            self,
            "Images",
            versoned=True,
            encryption_key_arn="arn",
        )
        print(self.environment)
'''


@pytest.fixture()
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(subject="MODEL_RESPONSE.md", kind=InputKind.MARKDOWN, root=tmp_path)
    ws.add_file(SourceFile("lib/tap_stack.py", "MODEL_RESPONSE.md", first_line=40), STACK)
    return ws


def lines_of(ws: Workspace) -> int:
    return ws.read("lib/tap_stack.py").count("\n")


def test_unique_counterpart_rules() -> None:
    assert unique_counterpart("versoned", {"versioned", "bucket_name"}) == (True, "versioned")
    assert unique_counterpart("removalPolicy", {"removal_policy"}) == (True, "removal_policy")
    assert unique_counterpart("encryption_key_arn", {"versioned", "bucket_name"}) == (True, None)
    certain, _ = unique_counterpart("log_group_x", {"log_group_a", "log_group_b"})
    assert certain is False


def test_rename_keyword_keeps_lines(workspace: Workspace) -> None:
    before = lines_of(workspace)
    failure = Failure("TypeError: Bucket.__init__() got an unexpected keyword argument 'versoned'",
                      "lib/tap_stack.py", 9)
    applied = repair_unexpected_keyword(workspace, failure, FakeOracle(keywords={"versioned", "bucket_name"}))
    assert applied is not None and applied.line == 12
    assert "versioned=True" in workspace.read("lib/tap_stack.py")
    assert lines_of(workspace) == before


def test_drop_keyword_without_counterpart(workspace: Workspace) -> None:
    failure = Failure("TypeError: Bucket.__init__() got an unexpected keyword argument 'encryption_key_arn'",
                      "lib/tap_stack.py", 9)
    applied = repair_unexpected_keyword(workspace, failure, FakeOracle(keywords={"versoned", "bucket_name"}))
    assert applied is not None and "dropped" in applied.what
    text = workspace.read("lib/tap_stack.py")
    assert "encryption_key_arn" not in text
    ast.parse(text)
    assert text.splitlines()[14] == "        print(self.environment)"


def test_keyword_ambiguous_is_not_repaired(workspace: Workspace) -> None:
    failure = Failure("TypeError: Bucket.__init__() got an unexpected keyword argument 'versoned'",
                      "lib/tap_stack.py", 9)
    assert repair_unexpected_keyword(workspace, failure, FakeOracle(keywords={"versioneda", "versionedb"})) is None
    assert repair_unexpected_keyword(workspace, failure, NoOracle()) is None
    assert workspace.read("lib/tap_stack.py") == STACK


def test_read_only_property_renamed_in_class(workspace: Workspace) -> None:
    failure = Failure("AttributeError: property 'environment' of 'TapStack' object has no setter",
                      "lib/tap_stack.py", 8)
    applied = repair_read_only(workspace, failure, NoOracle())
    assert applied is not None
    text = workspace.read("lib/tap_stack.py")
    assert "self.environment_value = " in text and "print(self.environment_value)" in text
    assert lines_of(workspace) == STACK.count("\n")


def test_attribute_rename_needs_agreeing_hint(tmp_path: Path) -> None:
    ws = Workspace(subject="app.py", kind=InputKind.PYTHON, root=tmp_path)
    ws.add_file(SourceFile("app.py", "app.py"), "import x\nr = x.Runtime.PYTHON_3_13X\n")
    error = "AttributeError: type object 'Runtime' has no attribute 'PYTHON_3_13X'. Did you mean: 'PYTHON_3_13'?"
    oracle = FakeOracle(attributes={"PYTHON_3_13", "PYTHON_3_12"})
    applied = repair_attribute(ws, Failure(error, "app.py", 2), oracle)
    assert applied is not None
    assert ws.read("app.py").endswith("x.Runtime.PYTHON_3_13\n")
    ws.add_file(SourceFile("app.py", "app.py"), "import x\nr = x.Runtime.PYTHON_9X\n")
    error = "AttributeError: type object 'Runtime' has no attribute 'PYTHON_9X'"
    assert repair_attribute(ws, Failure(error, "app.py", 2), oracle) is None


def test_missing_asset_placeholder(tmp_path: Path) -> None:
    ws = Workspace(subject="a.md", kind=InputKind.MARKDOWN, root=tmp_path)
    source = 'f = Function(self, "F", handler="app.main", code=Code.from_asset("lambda/orders"))\n'
    ws.add_file(SourceFile("stack.py", "a.md", first_line=3), source)
    error = f"RuntimeError: Cannot find asset at {tmp_path / 'lambda/orders'}"
    applied = repair_missing_asset(ws, Failure(error, "stack.py", 1), NoOracle())
    assert applied is not None
    assert "def main(event, context)" in (tmp_path / "lambda/orders/app.py").read_text()
    assert repair_missing_asset(ws, Failure("RuntimeError: Cannot find asset at /etc/passwd", "stack.py", 1),
                                NoOracle()) is None


def test_reserved_env_dropped(tmp_path: Path) -> None:
    ws = Workspace(subject="a.py", kind=InputKind.PYTHON, root=tmp_path)
    ws.add_file(SourceFile("a.py", "a.py"), 'env = {\n    "TABLE": "t",\n    "AWS_REGION": "us-east-1",\n}\nx = 1\n')
    error = "RuntimeError: AWS_REGION environment variable is reserved by the lambda runtime and can not be set"
    applied = repair_reserved_env(ws, Failure(error, "a.py", 1), NoOracle())
    assert applied is not None
    text = ws.read("a.py")
    assert "AWS_REGION" not in text and '"TABLE": "t"' in text
    assert text.count("\n") == 5


def test_missing_import_added_on_existing_line(workspace: Workspace) -> None:
    failure = Failure("NameError: name 'Duration' is not defined", "lib/tap_stack.py", 9)
    applied = repair_missing_name(workspace, failure, FakeOracle())
    assert applied is not None
    first = workspace.read("lib/tap_stack.py").splitlines()[0]
    assert first.endswith("; from aws_cdk import Duration")
    unknown = Failure("NameError: name 'helper' is not defined", "lib/tap_stack.py", 9)
    assert repair_missing_name(workspace, unknown, FakeOracle()) is None


def test_truncation_closes_brackets_only_when_valid(tmp_path: Path) -> None:
    assert close_brackets("x = dict(\n    a=[1, 2,\n") == "x = dict(\n    a=[1, 2])\n"
    assert close_brackets("def f(:\n") is None
    ws = Workspace(subject="a.py", kind=InputKind.PYTHON, root=tmp_path)
    ws.add_file(SourceFile("a.py", "a.py"), "Bucket(self, 'B',\n    versioned=True,\n")
    assert repair_truncation(ws, "a.py") is not None
    ast.parse(ws.read("a.py"))


def test_edits_keep_line_numbers() -> None:
    source = "f(\n  a=1,\n  b=[\n    2,\n  ],\n)\n"
    tree = ast.parse(source)
    call = tree.body[0].value  # type: ignore[attr-defined]
    dropped = delete_with_comma(source, Span.of(call.keywords[1]))
    assert dropped.count("\n") == source.count("\n")
    ast.parse(dropped)
    assert replace_span("abc\n", Span(1, 1, 1, 2), "XY") == "aXYc\n"


def test_parse_failure_takes_deepest_workspace_frame(workspace: Workspace) -> None:
    root = workspace.root
    traceback = (
        f'  File "{root}/app.py", line 3, in <module>\n'
        f'  File "/site-packages/jsii/_runtime.py", line 135, in __call__\n'
        f'  File "{root}/lib/tap_stack.py", line 12, in __init__\n'
        f'  File "/site-packages/jsii/_runtime.py", line 135, in __call__\n'
    )
    failure = parse_failure("TypeError: x", traceback, workspace)
    assert (failure.relpath, failure.line) == ("lib/tap_stack.py", 12)
