"""What the installed aws-cdk-lib accepts at a place in the code, for the repair ladder.

The repairs parse the file themselves; inference keys its facts by AST node, so each question is answered on the
oracle's own parse of the same text, locating the equivalent node by its position. That parse and its inference are
kept for the last few texts asked about: the ladder asks about every call of a file in turn.
"""

from __future__ import annotations

import ast
from collections import OrderedDict
from typing import TypeVar

from iacreview.config import Config
from iacreview.python.aliases import module_aliases
from iacreview.python.api_checks import SourceQueries
from iacreview.python.index import CdkIndex, load_index
from iacreview.threadsafe_ast import parse_shared, walk

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


_Position = tuple[type, int, int, int | None, int | None]
_KEPT_TEXTS = 8


def _position(node: ast.AST) -> _Position:
    return (type(node), getattr(node, "lineno", -1), getattr(node, "col_offset", -1),
            getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None))


class _Parsed:
    """One text's parse, inference and node-by-position table."""

    def __init__(self, source: str, index: CdkIndex) -> None:
        tree = parse_shared(source)
        self.queries = SourceQueries(tree, source, module_aliases(tree, index), index)
        self.nodes: dict[_Position, ast.AST] = {}
        for node in walk(tree):
            if hasattr(node, "lineno"):
                self.nodes.setdefault(_position(node), node)

    def same(self, wanted: Node) -> Node | None:
        found = self.nodes.get(_position(wanted))
        return found if type(found) is type(wanted) else None


class IndexOracle:
    def __init__(self, index: CdkIndex) -> None:
        self.index = index
        self._parsed: OrderedDict[str, _Parsed] = OrderedDict()

    def _parse(self, source: str) -> _Parsed:
        parsed = self._parsed.get(source)
        if parsed is None:
            parsed = self._parsed[source] = _Parsed(source, self.index)
            while len(self._parsed) > _KEPT_TEXTS:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(source)
        return parsed

    def keyword_options(self, relpath: str, source: str, call: ast.Call) -> set[str] | None:
        parsed = self._parse(source)
        node = parsed.same(call)
        return None if node is None else parsed.queries.accepted_keywords(node)

    def attribute_options(self, relpath: str, source: str, node: ast.Attribute) -> set[str] | None:
        parsed = self._parse(source)
        same = parsed.same(node)
        return None if same is None else parsed.queries.attribute_candidates(same)

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
