"""Synth pieces that need no Node: entry planning, traceback parsing, assembly reading, construct location."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from iacreview.config import Config
from iacreview.locate import locate_construct, locate_stack
from iacreview.model import Location
from iacreview.sources.workspace import Workspace
from iacreview.synth import synth_context
from iacreview.synth.assembly import read_assembly, resource_lines
from iacreview.synth.errors import classify, parse_stderr
from iacreview.synth.harness import HARNESS, plan_entry

MakeWorkspace = Callable[..., Workspace]

PROPS_STACK = """\
import aws_cdk as cdk
from constructs import Construct


class TapStackProps(cdk.StackProps):
    def __init__(self, environment_suffix=None, **kwargs):
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, props: "TapStackProps | None" = None, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        NetworkStack(self, "Network")


class NetworkStack(cdk.NestedStack):
    pass
"""


# --- entry planning ---------------------------------------------------------------------------------------


def test_entry_that_calls_synth_is_run_as_is(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"tap.py": "import aws_cdk as cdk\napp = cdk.App()\napp.synth()\n"}, entry="tap.py")
    plan = plan_entry(ws, Config())
    assert plan.entry == "tap.py" and plan.assumptions == []
    assert HARNESS not in ws.files


def test_harness_builds_props_and_records_the_choice(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lib/tap_stack.py": PROPS_STACK})
    ws.context["environmentSuffix"] = "qa"
    plan = plan_entry(ws, Config())
    assert plan.entry == HARNESS and ws.files[HARNESS].generated and ws.files[HARNESS].first_line is None
    text = ws.read(HARNESS)
    assert "from lib.tap_stack import TapStack, TapStackProps" in text
    assert 'TapStack(app, f"TapStack{suffix}", props=TapStackProps(environment_suffix=suffix, env=env))' in text
    assert plan.assumptions[0] == (
        "No entry point: generated one that creates "
        "TapStack(app, 'TapStackqa', props=TapStackProps(environment_suffix='qa', env=Environment(...)))"
    )
    compile(text, HARNESS, "exec")


def test_dataclass_props_over_stack_props_get_no_env(make_workspace: MakeWorkspace) -> None:
    """``@dataclass`` generates an ``__init__`` taking only the class's own fields: ``env=`` would be rejected."""
    module = (
        "from dataclasses import dataclass\nimport aws_cdk as cdk\nfrom aws_cdk import Stack\n\n"
        "@dataclass\nclass TapStackProps(cdk.StackProps):\n    environment_suffix: str\n\n"
        "class TapStack(Stack):\n    def __init__(self, scope, construct_id, props=None, **kwargs):\n"
        "        super().__init__(scope, construct_id, **kwargs)\n"
    )
    ws = make_workspace({"lib/tap_stack.py": module})
    plan_entry(ws, Config())
    text = ws.read(HARNESS)
    assert "props=TapStackProps(environment_suffix=suffix)" in text
    assert ", env=env)" in text  # the stack itself takes **kwargs, so it gets the environment
    plain = module.replace("@dataclass\n", "")
    ws = make_workspace({"lib/tap_stack.py": plain})
    plan_entry(ws, Config())
    assert "TapStackProps(environment_suffix=suffix, env=env)" in ws.read(HARNESS)


def test_harness_passes_only_accepted_keywords_and_skips_created_stacks(make_workspace: MakeWorkspace) -> None:
    module = (
        "from aws_cdk import Stack\n"
        "class Base(Stack):\n    pass\n"
        "class Api(Base):\n    def __init__(self, scope, construct_id, environment_suffix='dev'):\n"
        "        super().__init__(scope, construct_id)\n        Db(self, 'Db', None)\n"
        "class Db(Stack):\n    def __init__(self, scope, construct_id, vpc):\n"
        "        super().__init__(scope, construct_id)\n"
    )
    ws = make_workspace({"stacks/api-stack.py": module, "app.py": "print('no synth here')\n"}, entry="app.py")
    plan = plan_entry(ws, Config(environment_suffix="test"))
    text = ws.read(HARNESS)
    assert 'Api(app, f"Api{suffix}", environment_suffix=suffix)' in text  # no env=: no **kwargs, no env param
    assert "Db(app" not in text and "Base(app" not in text
    assert "_load('_module0', 'stacks/api-stack.py')" in text
    assert plan.assumptions[0].startswith(
        "The entry app.py never calls app.synth(): generated one that creates "
        "Api(app, 'Apitest', environment_suffix='test')"
    )


def test_top_level_module_with_relative_imports_is_imported_from_a_package(make_workspace: MakeWorkspace) -> None:
    stack = "from aws_cdk import Stack\nfrom .vpc import make_vpc\nclass TapStack(Stack):\n    pass\n"
    ws = make_workspace({"tap_stack.py": stack, "vpc.py": "def make_vpc(scope):\n    return None\n"})
    plan_entry(ws, Config())
    text = ws.read(HARNESS)
    assert "from _answer.tap_stack import TapStack" in text
    assert "_answer.__path__ = [os.path.dirname(os.path.abspath(__file__))]" in text


def test_no_stack_means_nothing_to_run(make_workspace: MakeWorkspace) -> None:
    plan = plan_entry(make_workspace({"handler.py": "def handler(event, context):\n    return 1\n"}), Config())
    assert plan.entry is None and plan.problem


def test_context_always_carries_the_suffix_and_path_and_asset_metadata(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"a.py": ""})
    ws.context.update({"@aws-cdk/core:checkSecretUsage": True})
    assert synth_context(ws, Config(environment_suffix="pr7")) == {
        "@aws-cdk/core:checkSecretUsage": True,
        "environmentSuffix": "pr7",
        "aws:cdk:enable-path-metadata": True,
        "aws:cdk:enable-asset-metadata": True,  # nested stack templates are found through it
    }
    ws.context["environmentSuffix"] = "prod"
    assert synth_context(ws, Config())["environmentSuffix"] == "prod"


# --- traceback parsing ------------------------------------------------------------------------------------

CHAINED = """\
jsii.errors.JavaScriptError:
  Error: AWS_REGION environment variable is reserved
      at Function.addEnvironment (/x.js:1:1)

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/ws/tap.py", line 4, in <module>
    TapStack(app, "TapStackdev")
  File "/venv/site-packages/jsii/_runtime.py", line 135, in __call__
    inst = super().__call__(*args, **kwargs)
  File "/ws/lib/tap_stack.py", line 30, in __init__
    _lambda.Function(self, "Fn",
  File "/venv/site-packages/jsii/_kernel/providers/process.py", line 359, in send
    raise RuntimeError(resp.error) from JavaScriptError(resp.stack)
RuntimeError: AWS_REGION environment variable is reserved by the lambda runtime and can not be set manually.
"""

BARE_SYNTAX = """\
  File "/ws/tap.py", line 3
    app = cdk.App(
                 ^
SyntaxError: '(' was never closed
"""


def test_parse_keeps_the_last_traceback() -> None:
    parsed = parse_stderr(CHAINED)
    assert parsed is not None
    assert parsed.exception.startswith("RuntimeError: AWS_REGION environment variable is reserved")
    assert [(f.file, f.line) for f in parsed.frames][2] == ("/ws/lib/tap_stack.py", 30)
    assert classify(parsed.exception, parsed.frames) == "jsii-validation"


VALIDATION = """Traceback (most recent call last):
  File "/ws/app.py", line 9, in <module>
    app.synth()
  File "/venv/jsii/_kernel/providers/process.py", line 359, in send
    raise RuntimeError(resp.error) from JavaScriptError(resp.stack)
RuntimeError: ValidationFailedWithErrors: Validation failed with the following errors:
  [Tap/Api] The REST API doesn't contain any methods
  [Tap/Queue] Queue has no consumers
"""


def test_parse_keeps_the_listed_errors_of_a_validation_failure() -> None:
    parsed = parse_stderr(VALIDATION)
    assert parsed is not None
    assert parsed.exception == ("RuntimeError: ValidationFailedWithErrors: Validation failed with the following "
                                "errors: [Tap/Api] The REST API doesn't contain any methods [Tap/Queue] Queue has no "
                                "consumers")


def test_parse_syntax_error_without_traceback_header() -> None:
    parsed = parse_stderr(BARE_SYNTAX)
    assert parsed is not None and parsed.frames[-1].line == 3
    assert classify(parsed.exception) == "SyntaxError"


@pytest.mark.parametrize(
    ("exception", "bucket"),
    [
        ("TypeError: Bucket.__init__() got an unexpected keyword argument 'x'", "unexpected-keyword"),
        ("TypeError: missing 1 required positional argument", "TypeError"),
        ("AttributeError: property 'environment' of 'TapStack' object has no setter", "read-only-property"),
        ("AttributeError: can't set attribute", "read-only-property"),
        ("AttributeError: module 'aws_cdk.aws_s3' has no attribute 'Bukket'", "AttributeError"),
        ("NameError: name 'sqs' is not defined", "NameError"),
        ("ModuleNotFoundError: No module named 'lib.missing'", "ImportError"),
        ("IndentationError: unexpected indent", "SyntaxError"),
        ("RuntimeError: plain runtime error", "other"),
        ("ValueError: bad", "other"),
    ],
)
def test_classify(exception: str, bucket: str) -> None:
    assert classify(exception) == bucket


# --- assembly ---------------------------------------------------------------------------------------------


def _write(path: Path, data: object) -> str:
    text = json.dumps(data, indent=1)
    path.write_text(text, encoding="utf-8")
    return text


def test_assembly_reads_stacks_stages_and_nested_templates(tmp_path: Path) -> None:
    parent = {
        "Resources": {
            "Images1": {"Type": "AWS::S3::Bucket", "Metadata": {"aws:cdk:path": "Main/Images/Resource"}},
            "Net1": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {"Images1": "not a resource key"},
                "Metadata": {
                    "aws:cdk:path": "Main/Network.NestedStack/Network.NestedStackResource",
                    "aws:asset:path": "MainNetwork.nested.template.json",
                },
            },
            "NoPath": {"Type": "AWS::SQS::Queue"},
        }
    }
    text = _write(tmp_path / "Main.template.json", parent)
    _write(
        tmp_path / "MainNetwork.nested.template.json",
        {"Resources": {"Vpc1": {"Type": "AWS::EC2::VPC", "Metadata": {"aws:cdk:path": "Main/Network/Vpc/Resource"}}}},
    )
    _write(tmp_path / "Main.metadata.json", {"/Main/Jobs/Resource": [{"type": "aws:cdk:logicalId", "data": "NoPath"}]})
    (tmp_path / "assembly-Stage").mkdir()
    _write(tmp_path / "assembly-Stage" / "StageApp.template.json", {"Resources": {}})
    _write(
        tmp_path / "assembly-Stage" / "manifest.json",
        {
            "artifacts": {
                "StageApp": {
                    "type": "aws:cloudformation:stack",
                    "properties": {"templateFile": "StageApp.template.json", "stackName": "Stage-App"},
                }
            }
        },
    )
    _write(
        tmp_path / "manifest.json",
        {
            "artifacts": {
                "Main": {
                    "type": "aws:cloudformation:stack",
                    "environment": "aws://123456789012/eu-west-1",
                    "properties": {"templateFile": "Main.template.json"},
                    "additionalMetadataFile": "Main.metadata.json",
                },
                "assembly-Stage": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Stage"}},
            }
        },
    )
    main, nested, stage = read_assembly(tmp_path, "dev")
    assert main.environment == "aws://123456789012/eu-west-1" and main.environment_suffix == "dev"
    assert main.construct_paths == {
        "Images1": "Main/Images/Resource",
        "Net1": "Main/Network.NestedStack/Network.NestedStackResource",
        "NoPath": "Main/Jobs/Resource",
    }
    lines = text.splitlines()
    assert {k: lines[v - 1].strip() for k, v in main.resource_lines.items()} == {
        "Images1": '"Images1": {',
        "Net1": '"Net1": {',
        "NoPath": '"NoPath": {',
    }
    assert nested.name == "Main/Network" and nested.construct_paths == {"Vpc1": "Main/Network/Vpc/Resource"}
    assert stage.name == "Stage-App"


def test_resource_lines_ignore_nested_keys() -> None:
    text = '{\n "Resources": {\n  "A": {\n   "B": {}\n  },\n  "B": {}\n },\n "Outputs": {\n  "A": {}\n }\n}'
    assert resource_lines(text) == {"A": 3, "B": 6}


# --- locate -----------------------------------------------------------------------------------------------

API_STACK = """\
from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as ddb


class ApiStack(Stack):
    def __init__(self, scope, construct_id, suffix="dev", **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        table = ddb.Table(self, f"products-{suffix}", partition_key=None)
        api = apigw.RestApi(self, "Api")
        products = api.root.add_resource("products")
        products.add_method("GET")
        orders = api.root.add_resource("orders")
        orders.add_method("GET")
"""


def test_locate_construct_follows_the_path(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"lib/api_stack.py": API_STACK}, origin="MODEL_RESPONSE.md", first_line=120)
    assert locate_construct(ws, "ApiStackdev/Api/Default/products/GET/Resource") == Location(
        "MODEL_RESPONSE.md", 120 + 12 - 1, 8
    )
    assert locate_construct(ws, "ApiStackdev/Api/Default/orders/GET/Resource") == Location(
        "MODEL_RESPONSE.md", 120 + 14 - 1, 8
    )
    assert locate_construct(ws, "ApiStackdev/Api/Deployment/Resource") == Location("MODEL_RESPONSE.md", 129, 14)
    assert locate_construct(ws, "ApiStackdev/products-dev/Resource") == Location("MODEL_RESPONSE.md", 128, 16)
    assert locate_construct(ws, "ApiStackdev/Unknown/Resource") is None
    assert locate_stack(ws, "ApiStackdev") == Location("MODEL_RESPONSE.md", 125)


def test_locate_construct_refuses_to_guess_between_files(make_workspace: MakeWorkspace) -> None:
    one = "from aws_cdk import aws_s3 as s3\ndef a(scope):\n    s3.Bucket(scope, 'Logs')\n"
    two = "from aws_cdk import aws_s3 as s3\ndef b(scope):\n    s3.Bucket(scope, 'Logs')\n"
    ws = make_workspace({"lib/one.py": one, "lib/two.py": two})
    assert locate_construct(ws, "Main/Logs/Resource") is None


def test_locate_prefers_the_candidate_under_the_parent(make_workspace: MakeWorkspace) -> None:
    code = (
        "from constructs import Construct\nfrom aws_cdk import aws_s3 as s3\n"
        "class Storage(Construct):\n    def __init__(self, scope, id):\n        super().__init__(scope, id)\n"
        "        s3.Bucket(self, 'Data')\n"
    )
    other = "from aws_cdk import aws_s3 as s3\ndef make(scope):\n    s3.Bucket(scope, 'Data')\n"
    stack = (
        "from aws_cdk import Stack\nclass Main(Stack):\n    def __init__(self, scope, id):\n"
        "        super().__init__(scope, id)\n        Storage(self, 'Storage')\n"
    )
    ws = make_workspace({"lib/storage.py": code, "lib/other.py": other, "lib/main.py": stack})
    assert locate_construct(ws, "Maindev/Storage/Data/Resource") == Location("lib/storage.py", 6, 8)
