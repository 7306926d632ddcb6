"""What the installed aws-cdk-lib accepts at a place in the code, for the repair ladder.

The repairs parse the file themselves; inference keys its facts by AST node, so each question is answered on a
fresh parse of the same text, locating the equivalent node by its position.
"""

from __future__ import annotations

import ast
from typing import TypeVar

from iacreview.config import Config
from iacreview.python.aliases import module_aliases
from iacreview.python.api_checks import accepted_keywords, attribute_candidates
from iacreview.python.index import CdkIndex, load_index

# How answers usually alias aws_cdk modules, for adding a missing import with certainty.
_CONVENTIONAL_ALIASES = {
    "lambda_": "aws_lambda", "_lambda": "aws_lambda", "apigw": "aws_apigateway", "apigateway": "aws_apigateway",
    "elbv2": "aws_elasticloadbalancingv2", "cw_actions": "aws_cloudwatch_actions",
    "sns_subs": "aws_sns_subscriptions", "subscriptions": "aws_sns_subscriptions",
    "event_sources": "aws_lambda_event_sources", "lambda_event_sources": "aws_lambda_event_sources",
    "sfn": "aws_stepfunctions", "tasks": "aws_stepfunctions_tasks", "targets": "aws_events_targets",
    "origins": "aws_cloudfront_origins", "acm": "aws_certificatemanager", "cw": "aws_cloudwatch",
}

Node = TypeVar("Node", bound=ast.AST)


def _same_node(tree: ast.Module, wanted: Node) -> Node | None:
    position = (wanted.lineno, wanted.col_offset, wanted.end_lineno, wanted.end_col_offset)  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if type(node) is type(wanted) and (
            getattr(node, "lineno", None), getattr(node, "col_offset", None),
            getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None),
        ) == position:
            return node
    return None


class IndexOracle:
    def __init__(self, index: CdkIndex) -> None:
        self.index = index

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
        tree = ast.parse(source)
        node = _same_node(tree, call)
        if node is None:
            return None
        return accepted_keywords(tree, source, module_aliases(tree, self.index), self.index, node)

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        tree = ast.parse(source)
        same = _same_node(tree, node)
        if same is None:
            return None
        return attribute_candidates(tree, module_aliases(tree, self.index), self.index, same)

    def import_for(self, name: str) -> str | None:
        if name == "Construct":
            return "from constructs import Construct"
        if name == "cdk":
            return "import aws_cdk as cdk"
        if self.index.module_attribute("aws_cdk", name) is not None and not name.startswith("aws_"):
            return f"from aws_cdk import {name}"
        module = _CONVENTIONAL_ALIASES.get(name) or f"aws_{name}"
        if self.index.module_attribute("aws_cdk", module) is not None:
            return f"from aws_cdk import {module} as {name}"
        return None

    def module_of(self, name: str) -> str | None:
        modules = self.index.modules_defining(name)
        return modules[0] if len(modules) == 1 else None

    def module_members(self, module: str) -> set[str] | None:
        return set(self.index.module_attributes(module)) if self.index.has_module(module) else None

    def submodule_for(self, name: str) -> str | None:
        """``aws_elbv2`` / ``elbv2`` -> ``aws_cdk.aws_elasticloadbalancingv2``, only for the conventional aliases."""
        module = _CONVENTIONAL_ALIASES.get(name) or _CONVENTIONAL_ALIASES.get(name.removeprefix("aws_"))
        if module is None or not self.index.has_module(f"aws_cdk.{module}"):
            return None
        return f"aws_cdk.{module}"


def api_oracle(config: Config, index: CdkIndex | None = None) -> IndexOracle | None:
    found = index if index is not None else load_index(config)
    return IndexOracle(found) if found is not None else None
