"""DEP047: a handler that writes where its function is only granted read access; silent wherever the function may
have the access some other way (another grant of that service, its own role or policy, a spelled action).
SEC051: a read-and-write grant where the handler only writes or only reads."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from iacreview.config import Config
from iacreview.model import Finding
from iacreview.python.index import CdkIndex, load_index
from iacreview.python.parse import parse_workspace
from iacreview.python.source_runner import run_source_rules
from iacreview.rules.base import SourceContext
from iacreview.rules.deployment import read_grant_write_call as dep047
from iacreview.rules.security import lambda_grant_unused_access as sec051
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

HANDLER = """\
import os
import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, context):
    table.put_item(Item={"id": event["id"]})
    return {"statusCode": 200}
"""


def stack(grants: str, function_extra: str = "") -> str:
    return textwrap.dedent(f"""\
        from aws_cdk import Stack, aws_dynamodb as dynamodb, aws_lambda as _lambda, aws_s3 as s3, aws_iam as iam
        from constructs import Construct


        class TapStack(Stack):
            def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
                super().__init__(scope, construct_id, **kwargs)
                self.table = dynamodb.Table(
                    self, "Orders", partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING))
                bucket = s3.Bucket(self, "Uploads")
                self.writer = _lambda.Function(
                    self, "Writer", runtime=_lambda.Runtime.PYTHON_3_12, handler="app.handler",
                    code=_lambda.Code.from_asset("lambda/writer"),{function_extra}
                    environment={{"TABLE": self.table.table_name}})
        """) + textwrap.indent(textwrap.dedent(grants), " " * 8)


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory) -> CdkIndex:
    loaded = load_index(Config(cache_dir=str(tmp_path_factory.getbasetemp() / "cdk-index")))
    assert loaded is not None
    return loaded


Check = Callable[..., list[Finding]]


@pytest.fixture
def check(index: CdkIndex, tmp_path: Path) -> Check:
    counter = iter(range(100))

    def run(stack_text: str, handler: str = HANDLER, rule: ModuleType = dep047,
            files: dict[str, str] | None = None) -> list[Finding]:
        workspace = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=tmp_path / f"ws{next(counter)}")
        workspace.add_file(SourceFile("lib/tap_stack.py", "lib/tap_stack.py"), stack_text)
        workspace.add_file(SourceFile("lambda/writer/app.py", "lambda/writer/app.py"), handler)
        for relpath, text in (files or {}).items():
            workspace.add_file(SourceFile(relpath, relpath), text)
        ctx = SourceContext(workspace=workspace, modules=parse_workspace(workspace), config=Config(),
                            cdk_index=index)
        return run_source_rules(ctx, [rule])

    return run


def test_read_grant_and_a_write_call_is_reported_at_the_grant(check: Check) -> None:
    text = stack("self.table.grant_read_data(self.writer)\nbucket.grant_read_write(self.writer)\n")
    findings = check(text)
    assert len(findings) == 1 and findings[0].location is not None
    grant_line = next(n for n, line in enumerate(text.splitlines(), start=1) if "grant_read_data" in line)
    assert findings[0].location.line == grant_line
    assert "put_item" in findings[0].message and "lambda/writer/app.py:8" in findings[0].message


def test_silent_when_the_function_may_write(check: Check) -> None:
    assert check(stack("self.table.grant_read_write_data(self.writer)\n")) == []
    assert check(stack("self.table.grant_read_data(self.writer)\nself.table.grant_write_data(self.writer)\n")) == []
    statement = ('self.writer.add_to_role_policy(iam.PolicyStatement(actions=["dynamodb:PutItem"], '
                 'resources=[self.table.table_arn]))\n')
    assert check(stack("self.table.grant_read_data(self.writer)\n" + statement)) == []
    assert check(stack("self.table.grant_read_data(self.writer)\n", "\n            role=iam.Role.from_role_arn("
                       "self, 'R', 'arn:aws:iam::123456789012:role/r'),")) == []
    assert check(stack("")) == []  # no grant at all: nothing says the function may only read
    reads_only = HANDLER.replace("table.put_item(Item={\"id\": event[\"id\"]})", "table.get_item(Key={\"id\": 1})")
    assert check(stack("self.table.grant_read_data(self.writer)\n"), reads_only) == []


def test_silent_when_a_grant_comes_from_something_of_unknown_type(check: Check) -> None:
    text = stack("self.table.grant_read_data(self.writer)\nthing = make_thing()\nthing.grant_stuff(self.writer)\n")
    assert check(text) == []


def test_read_write_grant_where_the_handler_only_writes_is_reported_at_the_grant(check: Check) -> None:
    text = stack("self.table.grant_read_write_data(self.writer)\n")
    (finding,) = check(text, rule=sec051)
    grant_line = next(n for n, line in enumerate(text.splitlines(), start=1) if "grant_read_write_data" in line)
    assert finding.rule_id == "SEC051" and finding.location is not None and finding.location.line == grant_line
    assert "only writes (`put_item`)" in finding.message and "`grant_write_data`" in finding.message
    query = "table.query(KeyConditionExpression=k)"
    reads_only = HANDLER.replace("table.put_item(Item={\"id\": event[\"id\"]})", query)
    (reader,) = check(text, reads_only, rule=sec051)
    assert "only reads (`query`)" in reader.message and "`grant_read_data`" in reader.message


def test_read_write_grant_that_the_handler_needs_or_cannot_be_told_is_silent(check: Check) -> None:
    text = stack("self.table.grant_read_write_data(self.writer)\n")
    both = HANDLER.replace("    return {", "    table.get_item(Key={\"id\": 1})\n    return {")
    assert check(text, both, rule=sec051) == []
    statement = "    boto3.client(\"dynamodb\").execute_statement(Statement=s)\n"
    partiql = HANDLER.replace("    return {", statement + "    return {")
    assert check(text, partiql, rule=sec051) == []
    two_tables = stack("self.table.grant_read_write_data(self.writer)\n"
                       "other = dynamodb.Table(self, 'Other', partition_key=self.table.schema().partition_key)\n"
                       "other.grant_read_data(self.writer)\n")
    assert check(two_tables, rule=sec051) == []  # which table each call goes to is not known
    assert check(stack("self.table.grant_write_data(self.writer)\n"), rule=sec051) == []
    helper = "from storage import load\n" + HANDLER
    assert len(check(text, helper, rule=sec051)) == 1  # ``storage`` is no file of the asset: a library
    local = {"lambda/writer/storage.py": "def load(key):\n    return table.get_item(Key=key)\n"}
    assert check(text, helper, rule=sec051, files=local) == []  # the asset's own module may read: not seen
