"""The static API layer on inline snippets: every check, every alias form, and the cases that must stay quiet."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from iacreview.config import Config
from iacreview.python.aliases import aliases_for, module_aliases
from iacreview.python.api_checks import api_problems
from iacreview.python.index import CdkIndex, load_index
from iacreview.python.infer import InstanceValue, ModuleTypes
from iacreview.rules.base import ParsedModule, SourceContext, SourceHit
from iacreview.rules.best_practice import deprecated_api as bp010
from iacreview.rules.deployment import read_only_property as dep010
from iacreview.rules.syntax import missing_argument as syn012
from iacreview.rules.syntax import unknown_attribute as syn010
from iacreview.rules.syntax import unknown_keyword as syn011
from iacreview.sources.workspace import InputKind, Workspace

HEADER = """\
import aws_cdk as cdk
from aws_cdk import Stack, Duration, aws_s3 as s3, aws_lambda as _lambda, aws_dynamodb as dynamodb
from constructs import Construct
"""


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory) -> CdkIndex:
    loaded = load_index(Config(cache_dir=str(tmp_path_factory.getbasetemp() / "cdk-index")))
    assert loaded is not None
    return loaded


Run = Callable[[ModuleType, str], list[SourceHit]]


@pytest.fixture
def run(index: CdkIndex, tmp_path: Path) -> Run:
    def runner(rule: ModuleType, code: str) -> list[SourceHit]:
        text = textwrap.dedent(code)
        ctx = SourceContext(
            workspace=Workspace(subject="app.py", kind=InputKind.PYTHON, root=tmp_path),
            modules={"app.py": ParsedModule("app.py", text, ast.parse(text))},
            config=Config(),
            cdk_index=index,
        )
        return list(rule.check(ctx))

    return runner


def in_stack(body: str) -> str:
    """A Stack subclass whose __init__ runs ``body``."""
    lines = textwrap.indent(textwrap.dedent(body), " " * 8)
    return HEADER + (
        "class TapStack(Stack):\n"
        "    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:\n"
        "        super().__init__(scope, construct_id, **kwargs)\n" + lines
    )


# SYN010 ------------------------------------------------------------------------------------------------------


def test_unknown_enum_member_names_the_python_error_and_place(run: Run) -> None:
    code = HEADER + "x = s3.BucketEncryption.S3_MANAGEDX\n"
    [hit] = run(syn010, code)
    assert hit.message.startswith("type object 'BucketEncryption' has no attribute 'S3_MANAGEDX'")
    assert "did you mean 'S3_MANAGED'" in hit.message
    assert (hit.line, hit.column) == (4, 25)  # 1-based, at the attribute name


def test_unknown_class_constant(run: Run) -> None:
    [hit] = run(syn010, HEADER + "r = _lambda.Runtime.PYTHON_3_13X\n")
    assert "type object 'Runtime' has no attribute 'PYTHON_3_13X'" in hit.message


def test_unknown_module_attribute_names_the_module_that_has_it(run: Run) -> None:
    [hit] = run(syn010, "from aws_cdk import aws_cloudwatch as cw\na = cw.SnsAction\n")
    assert hit.message.startswith("module 'aws_cdk.aws_cloudwatch' has no attribute 'SnsAction'")
    assert "aws_cdk.aws_cloudwatch_actions" in hit.message


@pytest.mark.parametrize(
    ("imports", "expression"),
    [
        ("from aws_cdk import aws_s3 as s3", "s3.Bukcet"),
        ("import aws_cdk as cdk", "cdk.aws_s3.Bukcet"),
        ("import aws_cdk.aws_s3 as s3", "s3.Bukcet"),
        ("import aws_cdk.aws_s3", "aws_cdk.aws_s3.Bukcet"),
        ("from aws_cdk import aws_lambda as _lambda", "_lambda.Funtion"),
        ("from aws_cdk.aws_s3 import BucketEncryption", "BucketEncryption.S3_MANAGEDX"),
        ("from aws_cdk import Duration", "Duration.minutez"),
        ("import aws_cdk as cdk", "cdk.Duration.minutez"),
        ("from constructs import Construct", "Construct.is_constructt"),
    ],
)
def test_every_alias_form_resolves(run: Run, imports: str, expression: str) -> None:
    hits = run(syn010, f"{imports}\nvalue = {expression}\n")
    assert len(hits) == 1 and hits[0].line == 2


def test_qualified_name_of_an_aliased_expression(index: CdkIndex) -> None:
    tree = ast.parse("from aws_cdk import aws_s3 as s3\nx = s3.BucketEncryption.S3_MANAGED\n")
    aliases = module_aliases(tree, index)
    assign = tree.body[1]
    assert isinstance(assign, ast.Assign)
    assert aliases.qualified_name(assign.value, index) == "aws-cdk-lib.aws_s3.BucketEncryption.S3_MANAGED"


def test_missing_imports(run: Run) -> None:
    hits = run(syn010, "from aws_cdk import (\n    Stack,\n    core,\n)\nfrom aws_cdk.aws_sqs import QueueX\n")
    assert [(h.line, h.message.split(" (")[0]) for h in hits] == [
        (3, "cannot import name 'core' from 'aws_cdk'"),
        (5, "cannot import name 'QueueX' from 'aws_cdk.aws_sqs'"),
    ]
    [missing_module] = run(syn010, "import aws_cdk.aws_nothing as n\n")
    assert missing_module.message.startswith("No module named 'aws_cdk.aws_nothing'")


def test_unknown_attribute_on_inferred_instances(run: Run) -> None:
    code = in_stack("""\
        fn = _lambda.Function(self, "F", runtime=_lambda.Runtime.PYTHON_3_12, handler="a.b",
                              code=_lambda.Code.from_asset("lambda"))
        fn.function_url
        self.table = dynamodb.Table(self, "T", partition_key=dynamodb.Attribute(
            name="id", type=dynamodb.AttributeType.STRING))
        self.table.grant_read_dataa(fn)
        Duration.minutes(5).to_secondz()
        self.not_defined_anywhere
        """)
    messages = [h.message.split(" (")[0] for h in run(syn010, code)]
    assert messages == [
        "'Function' object has no attribute 'function_url'",
        "'Table' object has no attribute 'grant_read_dataa'",
        "'Duration' object has no attribute 'to_secondz'",
        "'TapStack' object has no attribute 'not_defined_anywhere'",
    ]


def test_unknown_attribute_stays_quiet_when_not_certain(run: Run) -> None:
    code = in_stack("""\
        self.bucket_name_prefix = "x"
        print(self.bucket_name_prefix, self.helper(), self.account, self.node.try_get_context("k"))
        thing = make_something()
        thing.whatever
        maybe = s3.Bucket(self, "B") if flag else other
        maybe.whatever
        for fn in functions:
            fn.whatever
        try:
            s3.NewThing
        except AttributeError:
            pass
        import aws_cdk.asset_awscli_v1
        """) + "    def helper(self):\n        return self.extra\n    extra = 1\n"
    code += "class Plain:\n    def __init__(self):\n        self.a = 1\n    def f(self):\n        return self.b\n"
    code += "class Mixed(Stack, SomeMixin):\n    def f(self):\n        return self.from_mixin\n"
    assert run(syn010, code) == []


def test_attribute_set_from_outside_counts_as_defined(run: Run) -> None:
    code = in_stack("print(self.set_later)\n") + "stack = TapStack(app, 'S')\nstack.set_later = 1\n"
    assert run(syn010, code) == []


# SYN011 ------------------------------------------------------------------------------------------------------


def test_unknown_keyword_in_constructor(run: Run) -> None:
    [hit] = run(syn011, in_stack('s3.Bucket(self, "B", versioning=True)\n'))
    assert hit.message == (
        "Bucket.__init__() got an unexpected keyword argument 'versioning' (did you mean 'versioned'?)"
    )
    assert hit.line == 7 and hit.column == 30


def test_unknown_keyword_in_static_method_struct_and_super(run: Run) -> None:
    code = in_stack("""\
        _lambda.Code.from_asset("lambda", exclude_all=True)
        s3.LifecycleRule(expiration_days=3)
        """)
    original = "super().__init__(scope, construct_id, **kwargs)"
    code = code.replace(original, "super().__init__(scope, construct_id, region='x')")
    messages = [h.message.split(" (")[0] for h in run(syn011, code)]
    assert messages == [
        "Stack.__init__() got an unexpected keyword argument 'region'",
        "Code.from_asset() got an unexpected keyword argument 'exclude_all'",
        "LifecycleRule.__init__() got an unexpected keyword argument 'expiration_days'",
    ]


def test_extra_positional_and_duplicate_argument(run: Run) -> None:
    code = in_stack('s3.Bucket(self, "B", {"versioned": True})\ns3.Bucket(self, "C", id="D")\n')
    messages = [h.message for h in run(syn011, code)]
    assert messages == [
        "Bucket.__init__() takes 3 positional arguments but 4 were given",
        "Bucket.__init__() got multiple values for argument 'id'",
    ]


def test_unknown_keyword_skips_user_classes_and_unknown_callees(run: Run) -> None:
    code = in_stack("""\
        Helper(self, "H", anything=1)
        TapStack(scope, "Other", env_name="dev")
        factory()(self, "X", whatever=2)
        s3.Bucket(self, "B", **options)
        self.container.add_port_mappings(port)
        """)
    code += "class Helper(Construct):\n    def __init__(self, scope, id, anything=None):\n"
    code += "        super().__init__(scope, id)\n"
    assert run(syn011, code) == []


def test_variadic_struct_parameters_take_positionals(run: Run) -> None:
    code = HEADER + "from aws_cdk import aws_ecs as ecs\n" + (
        "def f(container: ecs.ContainerDefinition):\n    pass\n"
        "task = ecs.FargateTaskDefinition(None, 'T')\n"
        "c = task.add_container('c', image=ecs.ContainerImage.from_registry('x'))\n"
        "c.add_port_mappings(ecs.PortMapping(container_port=80), ecs.PortMapping(container_port=81))\n"
    )
    assert run(syn011, code) == []


# SYN012 ------------------------------------------------------------------------------------------------------


def test_missing_required_keyword_only_arguments(run: Run) -> None:
    code = in_stack('_lambda.Function(self, "F", runtime=_lambda.Runtime.PYTHON_3_12)\n')
    [hit] = run(syn012, code)
    assert hit.message == "Function.__init__() missing 2 required keyword-only arguments: 'code' and 'handler'"


def test_missing_positional_and_static_struct_arguments(run: Run) -> None:
    code = HEADER + "from aws_cdk import aws_apigateway as apigw\n" + (
        "s3.Bucket(None)\nfmt = apigw.AccessLogFormat.json_with_standard_fields()\n"
    )
    messages = [h.message for h in run(syn012, code)]
    assert messages[0] == "Bucket.__init__() missing 1 required positional argument: 'id'"
    assert messages[1].startswith("AccessLogFormat.json_with_standard_fields() missing 9 required keyword-only")


def test_missing_argument_is_unknowable_with_kwargs_passthrough(run: Run) -> None:
    code = in_stack("""\
        _lambda.Function(self, "F", **function_props)
        s3.Bucket(*args)
        _lambda.Function(self, "G", runtime=_lambda.Runtime.PYTHON_3_12, handler="a.b", code=code)
        """)
    assert run(syn012, code) == []


# DEP010 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("attribute", ["environment", "region", "account", "node"])
def test_read_only_stack_properties(run: Run, attribute: str) -> None:
    [hit] = run(dep010, in_stack(f"self.{attribute} = 'x'\n"))
    assert hit.message == f"property '{attribute}' of 'TapStack' object has no setter"
    assert (hit.line, hit.column) == (7, 14)


def test_read_only_property_of_a_constructed_instance(run: Run) -> None:
    [hit] = run(dep010, in_stack('bucket = s3.Bucket(self, "B")\nbucket.bucket_name = "x"\n'))
    assert hit.message == "property 'bucket_name' of 'Bucket' object has no setter"


def test_read_only_stays_quiet_for_own_and_writable_attributes(run: Run) -> None:
    code = in_stack("""\
        self.env_name = "dev"
        self.termination_protection = True
        self.region = "x"
        other.region = "y"
        """) + "    @property\n    def region(self):\n        return 'r'\n"
    code += "class Plain:\n    def __init__(self):\n        self.region = 'x'\n"
    assert run(dep010, code) == []


# BP010 -------------------------------------------------------------------------------------------------------


def test_deprecated_keyword_names_the_replacement_in_python(run: Run) -> None:
    code = in_stack("""\
        dynamodb.Table(self, "T", partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
                       point_in_time_recovery=True)
        """)
    [hit] = run(bp010, code)
    assert "'point_in_time_recovery' (TableProps) is deprecated" in hit.message
    assert "point_in_time_recovery_specification" in hit.message


def test_deprecated_method_and_type(run: Run) -> None:
    code = in_stack("self.add_dependency(other)\n") + (
        "from aws_cdk import aws_cloudfront as cloudfront\nD = cloudfront.CloudFrontWebDistribution\n"
    )
    messages = [h.message for h in run(bp010, code)]
    assert messages[0] == "Stack.add_dependency is deprecated: Use `add_stack_dependency` instead."
    assert messages[1].startswith("aws_cdk.aws_cloudfront.CloudFrontWebDistribution is deprecated")


def test_not_deprecated_is_quiet(run: Run) -> None:
    code = in_stack('self.add_stack_dependency(other)\ns3.Bucket(self, "B", versioned=True)\n')
    assert run(bp010, code) == []


# shared facts and inference ------------------------------------------------------------------------------------


def test_facts_are_computed_once_per_context(index: CdkIndex, tmp_path: Path) -> None:
    text = HEADER + "x = s3.Bukcet\n"
    ctx = SourceContext(
        workspace=Workspace(subject="app.py", kind=InputKind.PYTHON, root=tmp_path),
        modules={"app.py": ParsedModule("app.py", text, ast.parse(text))},
        config=Config(),
        cdk_index=index,
    )
    assert aliases_for(ctx) is aliases_for(ctx)
    assert api_problems(ctx) is api_problems(ctx)


def test_no_index_means_no_findings(tmp_path: Path) -> None:
    text = HEADER + "x = s3.Bukcet\n"
    ctx = SourceContext(
        workspace=Workspace(subject="app.py", kind=InputKind.PYTHON, root=tmp_path),
        modules={"app.py": ParsedModule("app.py", text, ast.parse(text))},
        config=Config(),
        cdk_index=None,
    )
    assert list(syn010.check(ctx)) == []


def test_inference_of_rebound_names_is_unknown(index: CdkIndex) -> None:
    tree = ast.parse(HEADER + "b = s3.Bucket(None, 'B')\nb = 3\nb.x\nc = cdk.Duration.minutes(1)\nc.y\n")
    types = ModuleTypes(tree, module_aliases(tree, index), index)
    b_expr, c_expr = (n.value for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Attribute))
    assert isinstance(b_expr, ast.Attribute) and isinstance(c_expr, ast.Attribute)
    assert types.value_of(b_expr.value) is None
    assert types.value_of(c_expr.value) == InstanceValue("aws-cdk-lib.Duration", True)
