"""How Markdown answers name their files, and what is inferred when they do not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iacreview.sources.workspace import Workspace

LoadMd = Callable[[str], Workspace]

STACK = """from aws_cdk import Stack
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
"""

ENTRY = """import aws_cdk as cdk
from lib.tap_stack import TapStack

app = cdk.App()
TapStack(app, "TapStackdev")
app.synth()
"""


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("## File: lib/tap_stack.py\n\n", "lib/tap_stack.py"),
        ("### lib/tap_stack.py\n\n", "lib/tap_stack.py"),
        ("### 2. Network Stack (lib/network_stack.py)\n\n", "lib/network_stack.py"),
        ("## `lib/other_stack.py` - the stack\n\n", "lib/other_stack.py"),
        ("Some intro.\n\n**lib/bold_stack.py**\n", "lib/bold_stack.py"),
        ("Some intro.\n\n`lib/tick_stack.py`\n", "lib/tick_stack.py"),
        ("**Path:** `lib/labelled.py`\n", "lib/labelled.py"),
        ("<!-- file: lib/commented.py -->\n", "lib/commented.py"),
    ],
)
def test_name_given_before_the_block(load_md: LoadMd, before: str, expected: str) -> None:
    ws = load_md(f"# Answer\n\n{before}~~~python\n{STACK}~~~\n")
    assert expected in ws.files
    assert ws.read(expected) == STACK


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [("# lib/tap_stack.py", "lib/tap_stack.py"), ("# File: lambda/handler.py", "lambda/handler.py")],
)
def test_path_comment_on_first_line(load_md: LoadMd, first_line: str, expected: str) -> None:
    ws = load_md(f"Here it is:\n\n~~~python\n{first_line}\n{STACK}~~~\n")
    assert list(ws.files) == [expected]


def test_prose_mentioning_a_file_does_not_name_a_fragment(load_md: LoadMd) -> None:
    ws = load_md("Settings are kept together in `app.py`:\n\n~~~python\nsettings = {'a': 1}\n~~~\n")
    assert "app.py" not in ws.files
    assert any("no file name" in a for a in ws.assumptions)


def test_heading_names_only_the_first_block_after_it(load_md: LoadMd) -> None:
    text = f"## File: lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n\nAnd a fragment:\n\n~~~python\nx = 1\n~~~\n"
    ws = load_md(text)
    assert ws.read("lib/tap_stack.py") == STACK


def test_unnamed_entry_is_tap_py_and_stack_named_by_import(load_md: LoadMd) -> None:
    ws = load_md(f"# Answer\n\n~~~python\n{ENTRY}~~~\n\n~~~python\n{STACK}~~~\n")
    assert ws.entry == "tap.py"
    assert ws.read("lib/tap_stack.py") == STACK
    assert any("TapStack" in a and "lib/tap_stack.py" in a for a in ws.assumptions)


def test_unnamed_entry_prefers_app_py_when_the_prose_says_so(load_md: LoadMd) -> None:
    ws = load_md(f"Run it with `python app.py`.\n\n~~~python\n{ENTRY}~~~\n")
    assert ws.entry == "app.py"


def test_unnamed_entry_follows_the_cdk_json_app_command(load_md: LoadMd) -> None:
    cdk_json = '{"app": "pipenv run python3 main.py", "context": {"environmentSuffix": "qa"}}'
    ws = load_md(f"~~~json\n{cdk_json}\n~~~\n\n~~~python\n{ENTRY}~~~\n")
    assert ws.entry == "main.py"
    assert ws.context == {"environmentSuffix": "qa"}
    assert ws.files["cdk.json"].language == "json"  # kept for locating context errors, never executed


def test_unimported_stack_class_goes_to_lib_snake_case(load_md: LoadMd) -> None:
    code = STACK.replace("TapStack", "OrderProcessingStack")
    ws = load_md(f"~~~python\n{code}~~~\n")
    assert "lib/order_processing_stack.py" in ws.files
    assert ws.entry is None


def test_lambda_handler_named_by_asset_and_handler(load_md: LoadMd) -> None:
    stack = STACK + (
        '        _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12,\n'
        '            code=_lambda.Code.from_asset("lambda/orders"), handler="index.handler")\n'
    )
    handler = "import json\n\n\ndef handler(event, context):\n    return {'statusCode': 200}\n"
    ws = load_md(f"## File: lib/tap_stack.py\n\n~~~python\n{stack}~~~\n\n~~~python\n{handler}~~~\n")
    assert ws.read("lambda/orders/index.py") == handler
    assert "lambda/__init__.py" not in ws.files


def test_cloudformation_and_requirements_blocks_are_kept(load_md: LoadMd) -> None:
    text = (
        "~~~yaml\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n~~~\n\n"
        "## requirements.txt\n\n~~~txt\naws-cdk-lib==2.150.0\nconstructs>=10\n~~~\n\n"
        "~~~bash\ncdk deploy\n~~~\n"
    )
    ws = load_md(text)
    assert sorted(ws.files) == ["requirements.txt", "template.yaml"]
    assert ws.files["template.yaml"].language == "yaml"


def test_repeated_file_last_complete_version_wins(load_md: LoadMd) -> None:
    newer = STACK + "        self.version = 2\n"
    fragment = "        self.version = 3\n"
    text = (f"### lib/tap_stack.py\n\n~~~python\n{STACK}~~~\n\n### lib/tap_stack.py\n\n~~~python\n{newer}~~~\n\n"
            f"### lib/tap_stack.py\n\n~~~python\n{fragment}~~~\n")
    ws = load_md(text)
    assert ws.read("lib/tap_stack.py") == newer
    assert any("given 3 times" in a for a in ws.assumptions)


def test_region_found_in_code(load_md: LoadMd) -> None:
    entry = ENTRY.replace('"TapStackdev")', '"TapStackdev", env=cdk.Environment(region="eu-west-1"))')
    ws = load_md(f"~~~python\n{entry}~~~\n")
    assert ws.region == "eu-west-1"
    ws2 = load_md(f"~~~python\n{ENTRY}~~~\n")
    assert ws2.region is None


def test_docstring_name_in_an_unlabelled_fence(load_md: LoadMd) -> None:
    ws = load_md(f'~~~\n"""tap_stack.py\nThe stack.\n"""\n{STACK}~~~\n\n## File: tap.py\n\n~~~python\n{ENTRY}~~~\n')
    assert "lib/tap_stack.py" in ws.files  # named by its docstring, moved to where tap.py imports it
    assert ws.entry == "tap.py"


def test_python_under_a_wrong_label_is_python(load_md: LoadMd) -> None:
    ws = load_md(f"## File: lib/tap_stack.py\n\n~~~yaml\n{STACK}~~~\n")
    assert ws.files["lib/tap_stack.py"].language == "python"
