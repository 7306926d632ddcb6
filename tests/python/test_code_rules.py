"""Source rules of the static code layer, on small hand-written snippets (each case that must fire and must not)."""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from iacreview.config import Config
from iacreview.model import Category, Finding, Location, Severity
from iacreview.python.parse import parse_workspace
from iacreview.python.source_runner import run_source_rules
from iacreview.rules.base import SourceContext
from iacreview.rules.best_practice import hardcoded_region as bp041
from iacreview.rules.best_practice import inline_swallowed_exception as bp020
from iacreview.rules.deployment import deprecated_runtime as dep023
from iacreview.rules.deployment import entry_stack_interface as dep024
from iacreview.rules.deployment import handler_not_found as dep021
from iacreview.rules.deployment import missing_asset as dep020
from iacreview.rules.deployment import reserved_env_in_code as dep022
from iacreview.rules.syntax import inline_code_syntax as syn033
from iacreview.rules.syntax import inline_code_undefined as syn034
from iacreview.rules.syntax import python_syntax_error as syn030
from iacreview.rules.syntax import undefined_name as syn031
from iacreview.rules.syntax import unused_import as syn032
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

HEADER = "from aws_cdk import Stack, aws_lambda as _lambda\nfrom constructs import Construct\n"


MakeCtx = Callable[..., SourceContext]


@pytest.fixture
def make_ctx(tmp_path: Path) -> MakeCtx:
    counter = iter(range(1000))

    def build(files: dict[str, str], entry: str | None = None, findings: list[Finding] | None = None) -> SourceContext:
        root = tmp_path / f"ws{next(counter)}"
        workspace = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=root, entry=entry)
        workspace.findings.extend(findings or [])
        for relpath, text in files.items():
            workspace.add_file(SourceFile(relpath=relpath, origin=relpath), textwrap.dedent(text))
        return SourceContext(workspace=workspace, modules=parse_workspace(workspace), config=Config())

    return build


def run(ctx: SourceContext, rule: ModuleType) -> list[Finding]:
    return run_source_rules(ctx, [rule])


def stack(body: str) -> str:
    """A stack module whose __init__ runs ``body``; lines inside triple-quoted strings are left as written."""
    raw = body.strip("\n").splitlines()
    inside = False
    outside: list[bool] = []
    for line in raw:
        outside.append(not inside)
        if line.count('"""') % 2 == 1:
            inside = not inside
    pairs = list(zip(raw, outside, strict=True))
    margin = min(len(line) - len(line.lstrip()) for line, out in pairs if out and line.strip())
    lines = [("        " + line[margin:]) if out and line.strip() else line for line, out in pairs]
    return HEADER + (
        "class TapStack(Stack):\n"
        "    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:\n"
        "        super().__init__(scope, construct_id, **kwargs)\n"
    ) + "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------- SYN030


def test_syn030_reports_the_error_line(make_ctx: MakeCtx) -> None:
    ctx = make_ctx({"lib/tap_stack.py": "x = 1\nif x\n    y = 2\nz = 3\n"})
    [finding] = run(ctx, syn030)
    assert finding.location == Location("lib/tap_stack.py", 2, finding.location.column if finding.location else None)
    assert finding.severity is Severity.CRITICAL


def test_syn030_silent_on_valid_code_and_defers_to_truncation_finding(make_ctx: MakeCtx) -> None:
    assert run(make_ctx({"lib/ok.py": "x = 1\n"}), syn030) == []
    truncated = "x = dict(\n    a=1,\n"
    assert len(run(make_ctx({"lib/cut.py": truncated}), syn030)) == 1
    syn001 = Finding("SYN001", Category.SYNTAX, Severity.CRITICAL, "Truncated", "cut", Location("lib/cut.py", 2))
    assert run(make_ctx({"lib/cut.py": truncated}, findings=[syn001]), syn030) == []


# ---------------------------------------------------------------------------------------------- SYN031/032


def test_syn031_undefined_name_severity_by_scope(make_ctx: MakeCtx) -> None:
    code = "import os\nBUCKET = sqs.Queue\n\ndef f():\n    return Duration.seconds(3), os.sep, __file__, len([])\n"
    findings = run(make_ctx({"lib/a.py": code}), syn031)
    by_line = {f.location.line: f for f in findings if f.location}
    assert set(by_line) == {2, 5}
    assert by_line[2].severity is Severity.CRITICAL and "`sqs`" in by_line[2].message
    assert by_line[5].severity is Severity.HIGH and "`Duration`" in by_line[5].message


def test_syn031_not_fired_for_local_import_or_star_import(make_ctx: MakeCtx) -> None:
    local = "def f():\n    import boto3\n    return boto3.client('s3')\n"
    star = "from aws_cdk.aws_s3 import *\nBucket\n"
    assert run(make_ctx({"lib/a.py": local, "lib/b.py": star}), syn031) == []


def test_syn032_unused_import_is_info(make_ctx: MakeCtx) -> None:
    findings = run(make_ctx({"lib/a.py": "import os\nimport json\nprint(json)\n"}), syn032)
    assert [(f.location.line if f.location else 0, f.severity) for f in findings] == [(1, Severity.INFO)]
    assert run(make_ctx({"lib/__init__.py": "from .a import x\n"}), syn032) == []


# ---------------------------------------------------------------------------------------------- inline code


INLINE_MISSING_IMPORT = '''
fn = _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
    code=_lambda.Code.from_inline("""
import json
def handler(event, context):
    client = boto3.client("s3")
    return json.dumps(event)
"""))
'''


def test_syn034_missing_import_in_inline_code(make_ctx: MakeCtx) -> None:
    ctx = make_ctx({"lib/tap_stack.py": stack(INLINE_MISSING_IMPORT)})
    [finding] = run(ctx, syn034)
    assert "`boto3`" in finding.message and finding.severity is Severity.HIGH
    text = ctx.workspace.read("lib/tap_stack.py").splitlines()
    assert finding.location is not None
    assert "boto3.client" in text[finding.location.line - 1]


def test_syn034_silent_when_inline_code_imports(make_ctx: MakeCtx) -> None:
    fixed = INLINE_MISSING_IMPORT.replace("import json\n", "import json\nimport boto3\n")
    assert run(make_ctx({"lib/tap_stack.py": stack(fixed)}), syn034) == []


def test_syn034_join_of_lines(make_ctx: MakeCtx) -> None:
    body = '''
    code = "\\n".join([
        "def handler(event, context):",
        "    return os.environ['X']",
    ])
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
        code=_lambda.InlineCode(code))
    '''
    ctx = make_ctx({"lib/tap_stack.py": stack(body)})
    [finding] = run(ctx, syn034)
    assert finding.location is not None
    assert "os.environ" in ctx.workspace.read("lib/tap_stack.py").splitlines()[finding.location.line - 1]


def test_syn034_skips_node_inline_code(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.NODEJS_20_X, handler="index.handler",
        code=_lambda.Code.from_inline("exports.handler = async () => missing;"))
    '''
    ctx = make_ctx({"lib/tap_stack.py": stack(body)})
    assert run(ctx, syn034) == [] and run(ctx, syn033) == []


def test_syn033_indented_inline_code(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
        code=_lambda.Code.from_inline("""
            def handler(event, context):
                return 1
        """))
    '''
    [finding] = run(make_ctx({"lib/tap_stack.py": stack(body)}), syn033)
    assert "dedent" in finding.message
    dedented = body.replace('Code.from_inline("""', 'Code.from_inline(textwrap.dedent("""').replace('"""))', '""")))')
    ok = "import textwrap\n" + stack(dedented)
    assert run(make_ctx({"lib/tap_stack.py": ok}), syn033) == []


def test_bp020_swallowed_exception_in_inline_code(make_ctx: MakeCtx) -> None:
    template = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
        code=_lambda.Code.from_inline("""
import logging
logger = logging.getLogger()
def handler(event, context):
    try:
        return work(event)
    except Exception as error:
        logger.error(error)
        BODY
def work(event):
    return event
"""))
    '''
    swallowed = run(make_ctx({"lib/tap_stack.py": stack(template.replace("BODY", "pass"))}), bp020)
    assert len(swallowed) == 1 and swallowed[0].severity is Severity.LOW
    reraised = stack(template.replace("BODY", "raise"))
    returned = stack(template.replace("BODY", "return {'statusCode': 500}"))
    assert run(make_ctx({"lib/tap_stack.py": reraised}), bp020) == []
    assert run(make_ctx({"lib/tap_stack.py": returned}), bp020) == []


def test_bp020_asset_handler_code(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
        code=_lambda.Code.from_asset("lambda/fn"))
    '''
    handler = "def handler(event, context):\n    try:\n        return 1\n    except:\n        pass\n"
    findings = run(make_ctx({"lib/tap_stack.py": stack(body), "lambda/fn/index.py": handler}), bp020)
    assert [(f.location.path, f.location.line) for f in findings if f.location] == [("lambda/fn/index.py", 4)]


# ---------------------------------------------------------------------------------------------- deployment


ASSET = '''
_lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="HANDLER",
    code=_lambda.Code.from_asset("lambda/orders"))
'''


def test_dep020_missing_and_present_asset(make_ctx: MakeCtx) -> None:
    code = stack(ASSET.replace("HANDLER", "index.handler"))
    [finding] = run(make_ctx({"lib/tap_stack.py": code}), dep020)
    assert "lambda/orders" in finding.message and finding.severity is Severity.CRITICAL
    present = {"lib/tap_stack.py": code, "lambda/orders/index.py": "def handler(e, c):\n    return 1\n"}
    assert run(make_ctx(present), dep020) == []


def test_dep020_path_relative_to_file(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
        code=_lambda.Code.from_asset(os.path.join(os.path.dirname(__file__), "lambda")))
    '''
    code = "import os\n" + stack(body)
    assert run(make_ctx({"lib/tap_stack.py": code, "lib/lambda/index.py": "def handler(e, c): pass\n"}), dep020) == []
    [finding] = run(make_ctx({"lib/tap_stack.py": code, "lambda/index.py": "def handler(e, c): pass\n"}), dep020)
    assert "lib/lambda" in finding.message


def test_dep021_handler_function_missing_or_present(make_ctx: MakeCtx) -> None:
    handler_file = "import json\n\ndef handler(event, context):\n    return json.dumps(event)\n"
    ok = {"lib/tap_stack.py": stack(ASSET.replace("HANDLER", "index.handler")), "lambda/orders/index.py": handler_file}
    assert run(make_ctx(ok), dep021) == []
    wrong_function = dict(ok, **{"lib/tap_stack.py": stack(ASSET.replace("HANDLER", "index.main"))})
    [finding] = run(make_ctx(wrong_function), dep021)
    assert "`main`" in finding.message
    wrong_module = dict(ok, **{"lib/tap_stack.py": stack(ASSET.replace("HANDLER", "app.handler"))})
    [finding] = run(make_ctx(wrong_module), dep021)
    assert "lambda/orders/app.py" in finding.message


def test_dep021_inline_module_must_be_index(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="HANDLER",
        code=_lambda.Code.from_inline("def handler(event, context):\\n    return 1\\n"))
    '''
    assert run(make_ctx({"lib/tap_stack.py": stack(body.replace("HANDLER", "index.handler"))}), dep021) == []
    [finding] = run(make_ctx({"lib/tap_stack.py": stack(body.replace("HANDLER", "main.handler"))}), dep021)
    assert "index.py" in finding.message


def test_dep022_reserved_environment_variable(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
        code=_lambda.Code.from_inline("def handler(e, c):\\n    return 1\\n"),
        environment={"KEY": "value", "TABLE": "t"})
    '''
    ctx = make_ctx({"lib/tap_stack.py": stack(body.replace('"KEY"', '"AWS_REGION"'))})
    [finding] = run(ctx, dep022)
    assert "AWS_REGION" in finding.message and finding.severity is Severity.CRITICAL
    assert run(make_ctx({"lib/tap_stack.py": stack(body.replace('"KEY"', '"REGION"'))}), dep022) == []


def test_dep023_runtime_severity_by_date() -> None:
    spec = {"deprecated": "2030-06-30"}
    assert dep023.runtime_severity(spec, datetime.date(2030, 7, 1)) is Severity.HIGH
    assert dep023.runtime_severity(spec, datetime.date(2030, 3, 1)) is Severity.MEDIUM
    assert dep023.runtime_severity(spec, datetime.date(2029, 1, 1)) is None


def test_dep023_long_deprecated_runtime_is_high(make_ctx: MakeCtx) -> None:
    body = '''
    _lambda.Function(self, "Fn", runtime=_lambda.Runtime.RUNTIME, handler="index.handler",
        code=_lambda.Code.from_inline("def handler(e, c):\\n    return 1\\n"))
    '''
    [finding] = run(make_ctx({"lib/tap_stack.py": stack(body.replace("RUNTIME", "PYTHON_3_7"))}), dep023)
    assert finding.severity is Severity.HIGH and "python3.7" in finding.message
    ctx = make_ctx({"lib/tap_stack.py": stack(body.replace("RUNTIME", "PYTHON_3_7"))})
    assert list(dep023.check(ctx, today=datetime.date(2020, 1, 1))) == []


STACK_WITH_PROPS = HEADER + '''
class TapStackProps:
    def __init__(self, environment_suffix: str | None = None, **kwargs) -> None:
        self.environment_suffix = environment_suffix

class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, props: TapStackProps | None = None, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
'''


def test_dep024_standard_entry_fits(make_ctx: MakeCtx) -> None:
    assert run(make_ctx({"lib/tap_stack.py": STACK_WITH_PROPS}), dep024) == []


def test_dep024_standard_entry_missing_props_class_and_required_argument(make_ctx: MakeCtx) -> None:
    no_props = HEADER + "class TapStack(Stack):\n    pass\n"
    [finding] = run(make_ctx({"lib/tap_stack.py": no_props}), dep024)
    assert "`TapStackProps`" in finding.message
    required = STACK_WITH_PROPS.replace(
        "props: TapStackProps | None = None, **kwargs", "environment_suffix: str, **kwargs"
    )
    messages = " ".join(f.message for f in run(make_ctx({"lib/tap_stack.py": required}), dep024))
    assert "`environment_suffix`" in messages and "`props=`" in messages


def test_dep024_own_entry_with_unknown_keyword(make_ctx: MakeCtx) -> None:
    entry = (
        "from aws_cdk import App\nfrom lib.tap_stack import TapStack, TapStackProps\napp = App()\n"
        "TapStack(app, 'TapStackdev', props=TapStackProps(environment_suffix='dev'), stage='x')\napp.synth()\n"
    )
    strict = STACK_WITH_PROPS.replace(", **kwargs) -> None:\n        super().__init__(scope, construct_id, **kwargs)",
                                      ") -> None:\n        super().__init__(scope, construct_id)")
    [finding] = run(make_ctx({"tap.py": entry, "lib/tap_stack.py": strict}, entry="tap.py"), dep024)
    assert finding.location == Location("tap.py", 4) and "`stage=`" in finding.message
    fine = entry.replace(", stage='x'", "")
    assert run(make_ctx({"tap.py": fine, "lib/tap_stack.py": strict}, entry="tap.py"), dep024) == []


def test_syn031_skips_method_body_fragments(make_ctx: MakeCtx) -> None:
    fragment = "queue = sqs.Queue(self, 'Q')\n"
    assert run(make_ctx({"lib/fragment.py": fragment}), syn031) == []
    assert len(run(make_ctx({"lib/fragment.py": fragment.replace("self", "None")}), syn031)) == 1


# ---------------------------------------------------------------------------------------------- BP041


def test_bp041_region_literals_and_arns_but_not_prose(make_ctx: MakeCtx) -> None:
    code = stack('''
        """Deployed to us-east-1 by default."""
        topic_arn = "arn:aws:sns:eu-west-2:123456789012:alerts"
        region = "us-east-1"  # us-west-2 in a comment
        note = "Runs in us-east-1 and replicates"
        partition = "us-east-1a"
        other = self.region
    ''')
    findings = run(make_ctx({"lib/tap_stack.py": code}), bp041)
    text = code.splitlines()
    assert len(findings) == 1 and findings[0].location is not None
    assert text[findings[0].location.line - 1].strip().startswith("topic_arn")  # one per file, at the first
    region_line = next(n for n, line in enumerate(text, start=1) if line.strip().startswith("region ="))
    message = findings[0].message
    assert "in an ARN" in message and f"1 more line(s) of this file do the same ({region_line})" in message
    assert "`eu-west-2`, `us-east-1`" in message
    assert findings[0].severity == Severity.LOW and findings[0].category == Category.BEST_PRACTICE


def test_bp041_reads_the_app_entry_and_handlers_too(make_ctx: MakeCtx) -> None:
    app = "import aws_cdk as cdk\napp = cdk.App()\nenv = cdk.Environment(region='ap-southeast-2')\napp.synth()\n"
    handler = "import boto3\nclient = boto3.client('s3', region_name='us-gov-west-1')\n"
    findings = run(make_ctx({"app.py": app, "lambda/handler.py": handler}), bp041)
    assert sorted((f.location.path, f.location.line) for f in findings if f.location) == [
        ("app.py", 3), ("lambda/handler.py", 2)]
