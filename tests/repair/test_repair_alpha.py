"""Alpha (``*_alpha``) aws_cdk imports: a graduated module is switched to its stable twin (every graduated import of
the file at once, local names kept); a module with no stable twin is taken out with the statements using it, only
as an excision and only where every use sits in a function body. Lines never move."""

from __future__ import annotations

from pathlib import Path

from iacreview.repair.alpha import repair_excise_alpha, repair_graduated_alpha
from iacreview.repair.excise import ExcisedRepair
from iacreview.repair.failure import Failure
from iacreview.repair.kinds import NoOracle
from iacreview.sources.workspace import InputKind, SourceFile, Workspace

STABLE = {"aws_cdk.aws_s3", "aws_cdk.aws_apigatewayv2", "aws_cdk.aws_apigatewayv2_integrations"}


class Oracle(NoOracle):
    def module_members(self, module: str) -> set[str] | None:
        return {"Something"} if module in STABLE else None


def make(tmp_path: Path, text: str) -> Workspace:
    ws = Workspace(subject="answer.md", kind=InputKind.MARKDOWN, root=tmp_path / "ws")
    ws.add_file(SourceFile("lib/stack.py", "answer.md", first_line=10), text)
    return ws


def failure(name: str, line: int) -> Failure:
    return Failure(f"ImportError: cannot import name '{name}' from 'aws_cdk' (/site/aws_cdk/__init__.py)",
                   "lib/stack.py", line)


ANSWER = """from aws_cdk import (
    Stack,
    aws_lambda_python_alpha as lambda_python,
    aws_apigatewayv2_alpha as apigwv2,
    aws_apigatewayv2_integrations_alpha as integrations,
)


class ApiStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        handler = lambda_python.PythonFunction(self, "Handler", entry="src")
        table = make_table(self)
        table.grant_read_data(handler)
        api = apigwv2.HttpApi(self, "Api")
        api.add_routes(path="/", integration=integrations.HttpLambdaIntegration("I", handler))
        if table:
            print(lambda_python.__name__)
"""


def test_graduated_alpha_modules_are_switched_together(tmp_path: Path) -> None:
    ws = make(tmp_path, ANSWER)
    applied = repair_graduated_alpha(ws, failure("aws_apigatewayv2_alpha", 4), Oracle())
    assert applied is not None and applied.kind == "alpha-module" and applied.line == 4
    text = ws.read("lib/stack.py")
    assert "aws_apigatewayv2 as apigwv2," in text
    assert "aws_apigatewayv2_integrations as integrations," in text
    assert "aws_lambda_python_alpha as lambda_python" in text  # no stable twin: left for the excision rung
    assert text.count("\n") == ANSWER.count("\n")


def test_graduated_repair_refuses_a_module_without_stable_twin(tmp_path: Path) -> None:
    ws = make(tmp_path, ANSWER)
    assert repair_graduated_alpha(ws, failure("aws_lambda_python_alpha", 3), Oracle()) is None
    assert ws.read("lib/stack.py") == ANSWER


def test_module_without_stable_twin_is_excised_with_its_uses(tmp_path: Path) -> None:
    ws = make(tmp_path, ANSWER)
    applied = repair_excise_alpha(ws, failure("aws_lambda_python_alpha", 3), Oracle())
    assert isinstance(applied, ExcisedRepair)
    text = ws.read("lib/stack.py")
    lines = text.splitlines()
    assert "lambda_python" not in text
    assert lines[11].strip() == "pass"  # handler = lambda_python.PythonFunction(...)
    assert lines[13].strip() == "pass"  # table.grant_read_data(handler): uses what the excised statement made
    assert lines[15].strip() == "pass"  # api.add_routes(... handler ...)
    assert lines[17].strip() == "pass"  # the use inside the if body, not the whole if
    assert "table = make_table(self)" in text and "if table:" in text
    assert text.count("\n") == ANSWER.count("\n")
    assert "handler" in applied.bound and "lambda_python" in applied.bound
    assert 3 in applied.excised_lines
    assert "aws_apigatewayv2 as apigwv2," in text  # the graduated ones switch in the same step
    assert "aws_apigatewayv2_integrations as integrations," in text and "_alpha" not in text


def test_excision_refuses_a_graduated_module_and_unknown_index(tmp_path: Path) -> None:
    ws = make(tmp_path, ANSWER)
    assert repair_excise_alpha(ws, failure("aws_apigatewayv2_alpha", 4), Oracle()) is None
    assert repair_excise_alpha(ws, failure("aws_lambda_python_alpha", 3), NoOracle()) is None
    assert ws.read("lib/stack.py") == ANSWER


def test_excision_refuses_uses_outside_function_bodies(tmp_path: Path) -> None:
    for text in (
        "from aws_cdk import aws_lambda_python_alpha as lp\nLAYER = lp.PythonLayerVersion\n",
        "from aws_cdk import aws_lambda_python_alpha as lp\n\n\ndef make(scope) -> lp.PythonFunction:\n"
        "    x = 1\n",
        "from aws_cdk import aws_lambda_python_alpha as lp\n\n\ndef make(scope):\n"
        "    return lp.PythonFunction(scope, 'F', entry='src')\n",
    ):
        ws = make(tmp_path / str(abs(hash(text))), text)
        assert repair_excise_alpha(ws, failure("aws_lambda_python_alpha", 1), Oracle()) is None, text
        assert ws.read("lib/stack.py") == text
