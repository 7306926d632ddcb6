"""cfn-lint's memoizations (``anchors/cfn_lint_speed.py``) leave every match as cfn-lint as shipped reports it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iacreview.anchors import cfn_lint, cfn_lint_speed

# Many rule families at once: schema types and enums, patterns, conditions, intrinsic functions, deprecations,
# informational rules and the RDS rules whose schemas are the largest cfn-lint loads.
TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.7
      Handler: index.handler
      MemorySize: "lots"
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "def handler(e, c): pass"}
      Environment:
        Variables:
          AWS_REGION: !If [IsProd, eu-west-1, !Ref "AWS::NoValue"]
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: MySQL
      EngineVersion: "5.6.10"
      DBInstanceClass: db.t1.huge
      AllocatedStorage: 20
      MasterUsername: admin
      MasterUserPassword: plaintext-password
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: open
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: "x", ToPort: 80, CidrIp: 10.0.0.0/33}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${Env}-Bucket_Name"
      VersioningConfiguration: {Status: On}
      Unknown: 1
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {MinSize: "1", MaxSize: "2", AvailabilityZones: [us-east-1a]}
    UpdatePolicy:
      AutoScalingRollingUpdate: {MaxBatchSize: many}
  Topic:
    Type: AWS::SNS::Topic
    UpdatePolicy: {AutoScalingRollingUpdate: {MaxBatchSize: 1}}
  Postgres:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      EngineVersion: !If [IsProd, "15.4", "14.9"]
      DBInstanceClass: db.m1.small
      AllocatedStorage: 20
  Mysql:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: mysql, EngineVersion: "8.0.35", DBInstanceClass: db.t2.nano, AllocatedStorage: 20}
  Aurora:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: aurora-mysql
      EngineVersion: !Ref Env
      DBInstanceClass: db.t2.nano
      DBClusterIdentifier: cluster
Outputs:
  Arn:
    Value: !GetAtt Bucket.Missing
"""


@pytest.fixture
def shipped() -> Iterator[None]:
    """cfn-lint as shipped for the test's body, memoized again afterwards (as every review runs it)."""
    cfn_lint._rules()
    cfn_lint_speed.uninstall()
    try:
        yield
    finally:
        assert cfn_lint_speed.install()
        cfn_lint_speed.install_for_rules(cfn_lint._rules())


def test_matches_are_identical_with_and_without_the_memoizations(shipped: None) -> None:
    plain = cfn_lint._raw_matches(TEMPLATE, "us-east-1")
    assert not cfn_lint_speed.installed()
    assert cfn_lint_speed.install()
    cfn_lint_speed.install_for_rules(cfn_lint._rules())
    fast = cfn_lint._raw_matches(TEMPLATE, "us-east-1")
    again = cfn_lint._raw_matches(TEMPLATE, "us-east-1")
    assert fast == plain == again
    rules = {rule for rule, _, _, _ in plain}
    assert {"E3012", "E3025", "E2531", "E6101", "I3100", "W2501", "E3002", "E3016", "E3062"} <= rules, rules


def test_the_dispatch_table_runs_the_rules_cfn_lints_own_scan_runs() -> None:
    from cfnlint.api import ManualArgs, lint
    from cfnlint.core import get_rules

    def matches(rules: object) -> list[tuple[str, str, int]]:
        config = ManualArgs(include_checks=["I"], regions=["us-east-1"])
        found = lint(TEMPLATE, rules=rules, config=config)
        return [(str(m.rule.id), str(m.message), int(m.linenumber)) for m in found]

    plain_rules, indexed_rules = get_rules([], [], ["I"]), get_rules([], [], ["I"])  # fresh: nothing linted yet
    dispatcher = indexed_rules.rules["E1101"]
    assert cfn_lint_speed.index_dispatch(indexed_rules)
    assert "cfnLint" in vars(dispatcher) and not cfn_lint_speed.index_dispatch(indexed_rules)  # indexed once
    assert "cfnLint" not in vars(plain_rules.rules["E1101"])
    children = list(dispatcher.child_rules.items())
    assert len(children) >= 20 and all(rule is not None for _, rule in children[:5])  # linked before indexing
    plain = matches(plain_rules)
    assert matches(indexed_rules) == plain
    assert list(dispatcher.child_rules.items()) == children  # a lint links the same rules: the table stays valid
    # most matches come through the dispatcher: an empty or wrong table would lose them
    assert len({rule for rule, _, _ in plain} - {"E3002", "E3012"}) >= 5


def test_one_validator_class_per_distinct_arguments(shipped: None) -> None:
    from cfnlint.jsonschema import validators
    from cfnlint.jsonschema._filter import FunctionFilter

    created: list[type] = []

    def original(validators_: object = None, function_filter: object = None, fn_resolvers: object = None) -> type:
        created.append(type("V", (), {}))
        return created[-1]

    create = cfn_lint_speed.memoized_create(original)
    checks = {"type": validators.create}
    first = create(dict(checks), FunctionFilter(), {})
    assert create(dict(checks), FunctionFilter(), {}) is first  # equal arguments, new objects: the same class
    other = create(dict(checks), FunctionFilter(add_cfn_lint_keyword=False), {})
    assert other is not first  # a filter with other field values builds its own class
    assert create({"type": validators.create, "enum": len}, FunctionFilter(), {}) not in (first, other)
    assert len(created) == 3


def test_install_refuses_an_unexpected_cfn_lint(shipped: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from cfnlint.jsonschema import validators

    monkeypatch.setattr(validators, "create", lambda validators=None: type)  # another signature
    assert not cfn_lint_speed.install()
    assert not cfn_lint_speed.installed()


def test_fast_context_evolve_builds_the_context_cfn_lint_would(shipped: None) -> None:
    from cfnlint.context.context import Context, create_context_for_template
    from cfnlint.decode.decode import decode_str
    from cfnlint.template import Template

    body, errors = decode_str(TEMPLATE)
    assert not errors
    context = create_context_for_template(Template("t.yaml", body, ["us-east-1"]))
    fast = cfn_lint_speed.fast_context_evolve(Context)
    assert fast is not None
    assert context.module_names == ()  # computed and kept by this instance; an evolved one computes its own
    for changes in ({}, {"functions": ["Ref"]}, {"ref_values": {"Env": "dev"}, "strict_types": False},
                    {"resources": {}, "unresolvable_function_mode": True}):
        made = fast(context, **dict(changes))
        assert made == context.evolve(**dict(changes)), changes
        assert type(made) is Context and "module_names" not in made.__dict__
    assert fast(context, ref_values={"A": 1}).ref_values == {**context.ref_values, "A": 1}
    with pytest.raises(TypeError):
        fast(context, no_such_field=1)  # cfn-lint's own error for an unknown field


def test_fast_validator_evolve_builds_the_validator_cfn_lint_would(shipped: None) -> None:
    from cfnlint.jsonschema.validators import CfnTemplateValidator

    base = CfnTemplateValidator({"type": "object"})
    fast = cfn_lint_speed.fast_validator_evolve(CfnTemplateValidator)
    assert fast is not None
    for changes in ({}, {"schema": {"type": "string"}}, {"context": base.context.evolve(functions=["Ref"])},
                    {"resolver": None}):
        made = fast(base, **dict(changes))
        expected = base.evolve(**dict(changes))
        assert type(made) is CfnTemplateValidator
        assert made.__dict__.keys() == expected.__dict__.keys(), changes
        for name, value in expected.__dict__.items():
            if name != "resolver":
                assert made.__dict__[name] == value, (changes, name)
        assert (made.resolver is base.resolver) == (expected.resolver is base.resolver)
    base.validators = {"type": None}  # cfn-lint reassigns this on one instance (GetAtt): evolve does not pass it on
    assert fast(base).validators is CfnTemplateValidator({}).validators
    with pytest.raises(TypeError):
        fast(base, no_such_field=1)


def test_validators_share_one_blank_template_and_nothing_else() -> None:
    made: list[tuple[object, ...]] = []

    class FakeTemplate:
        def __init__(self, *args: object, **kwargs: object) -> None:
            made.append(args)

    make = cfn_lint_speed.shared_blank_template(FakeTemplate)
    blank = make(None, {})
    assert make(None, {}) is blank and made == [(None, {})]
    real = make("t.yaml", {"Resources": {}})
    assert real is not blank and make(None, {}, ["us-east-1"]) is not blank and len(made) == 3


def test_the_validators_default_template_is_the_shared_blank_one() -> None:
    from cfnlint.jsonschema.validators import CfnTemplateValidator

    cfn_lint._rules()
    assert cfn_lint_speed.installed()
    first, second = CfnTemplateValidator({}), CfnTemplateValidator({"type": "object"})
    assert first.cfn is second.cfn and first.cfn.template == {}


def test_resolver_memos_answer_as_cfn_lints_resolver_does() -> None:
    from cfnlint.schema.resolver import RefResolutionError
    from cfnlint.schema.resolver._resolver import RefResolver

    calls: list[str] = []

    def counting(self: object, document: object, fragment: str) -> object:
        calls.append(fragment)
        return RefResolver.resolve_fragment(self, document, fragment)  # cfn-lint's answer (memoized or not)

    resolve = cfn_lint_speed.memoized_resolve_fragment(counting)
    schema = {"definitions": {"A": {"type": "string"}, "B": {"$id": "#b", "type": "integer"}}}
    resolver = RefResolver.from_schema(schema)
    first = resolve(resolver, schema, "/definitions/A")
    assert first is schema["definitions"]["A"] and resolve(resolver, schema, "/definitions/A") is first
    assert resolve(resolver, schema, "b") is schema["definitions"]["B"]
    other = {"definitions": {"A": {"type": "number"}}}
    assert resolve(resolver, other, "/definitions/A") is other["definitions"]["A"]  # same fragment, other schema
    for _ in range(2):
        with pytest.raises(RefResolutionError):
            resolve(resolver, schema, "/definitions/Missing")
    assert calls == ["/definitions/A", "b", "/definitions/A", "/definitions/Missing", "/definitions/Missing"]



def test_regex_calls_compiled_once_answer_as_regex_does() -> None:
    import importlib

    regex = importlib.import_module("regex")
    once = cfn_lint_speed.CompiledOnce(regex)
    cases = [(r"^arn:aws[\w-]*:s3:::[\w.-]+$", "arn:aws:s3:::my-bucket"), (r"\$\{([\w.:]+)\}", "a ${B} ${C.D}"),
             (r"[A-Z]+", "no capitals"), (r"(?i)bucket", "BUCKET name")]
    for pattern, text in cases:
        for name in ("search", "match", "fullmatch", "findall"):
            mine, theirs = getattr(once, name)(pattern, text), getattr(regex, name)(pattern, text)
            if hasattr(theirs, "span"):
                assert (mine.span(), mine.groups()) == (theirs.span(), theirs.groups()), (name, pattern)
            else:
                assert mine == theirs, (name, pattern)
    assert len(once._compiled) == len(cases)  # one compile per pattern for all four calls
    compiled = regex.compile(r"\$\{([\w.:]+)\}")
    assert once.findall(compiled, "a ${B} ${C.D}") == regex.findall(compiled, "a ${B} ${C.D}") == ["B", "C.D"]
    assert once.match(compiled, "${B}").span() == (0, 4) and len(once._compiled) == len(cases)
    with pytest.raises(ValueError):
        once.search(compiled, "x", regex.IGNORECASE)  # as regex: flags with a compiled pattern
    assert once.search("a", "xa", 0, 1) is not None and once.sub("a", "b", "aa") == "bb"  # other forms pass through


def test_cfn_lint_modules_use_the_compiled_once_regex() -> None:
    import importlib

    cfn_lint._rules()
    keywords = importlib.import_module("cfnlint.jsonschema._keywords")
    assert isinstance(keywords.re, cfn_lint_speed.CompiledOnce)
    rule_module = importlib.import_module("cfnlint.rules.formats.FormatKeyword")  # imported with the rules
    assert rule_module.re is keywords.re  # one stand-in: one set of compiled patterns for all modules
    by_path = {type(rule).__name__: rule for rule in cfn_lint._rules().rules.values()}
    for name in ("SubNeeded", "HardCodedArnProperties"):  # rule files cfn-lint loads by path, outside sys.modules
        assert type(by_path[name]).match.__globals__["re"] is keywords.re, name


def test_fast_enum_answers_as_cfn_lints_enum_does() -> None:
    import importlib

    from cfnlint.decode.mark import Mark
    from cfnlint.decode.node import str_node
    from cfnlint.jsonschema.validators import CfnTemplateValidator

    keywords = importlib.import_module("cfnlint.jsonschema._keywords")
    original = cfn_lint_speed._FAST_ENUM[0] if cfn_lint_speed._FAST_ENUM else keywords.enum
    looped: list[object] = []

    def counting(*args: object) -> object:
        looped.append(args[2])
        return original(*args)

    fast = cfn_lint_speed.fast_enum(counting)
    validator = CfnTemplateValidator({})
    names = ["Bucket", "Role", 5, True, "false", ["x"]]
    found = ["Bucket", str_node("Role", Mark(1, 1), Mark(1, 5))]
    looped_through = ["Missing", "5", 5, 1, 0, True, "true", "False", "TRUE", "bucket", ["x"], None, {"Ref": "Role"}]
    for instance in found + looped_through:
        looped.clear()
        mine = [e.message for e in fast(validator, names, instance, {})]
        theirs = [e.message for e in original(validator, names, instance, {})]
        assert mine == theirs, instance
        assert bool(looped) == (instance not in found or not isinstance(instance, str)), instance
    assert [e.message for e in fast(validator, ("Bucket",), "Bucket", {})] == []  # a tuple: cfn-lint's own loop


def test_rules_that_imported_enum_use_fast_enum() -> None:
    rules = cfn_lint._rules()
    assert cfn_lint_speed._FAST_ENUM
    by_id = rules.rules
    for rule_id in ("E3030", "W2030"):  # resources/properties/Enum.py and parameters/Enum.py
        assert type(by_id[rule_id]).enum.__globals__["enum"] is cfn_lint_speed._FAST_ENUM[1], rule_id


def test_fast_if_answers_as_cfn_lints_if_does_and_takes_the_shortcut_only_where_it_is_certain() -> None:
    import importlib

    from cfnlint.jsonschema.validators import CfnTemplateValidator

    keywords = importlib.import_module("cfnlint.jsonschema._keywords")
    helpers = importlib.import_module("cfnlint.helpers")
    original = keywords.if_
    asked: list[object] = []

    def counting(*args: object) -> object:
        asked.append(args[2])
        return original(*args)

    stock = {name: getattr(keywords, name) for name in ("properties", "required", "const", "enum", "type", "pattern")}
    fast = cfn_lint_speed.fast_if(counting, stock, frozenset(helpers.FUNCTIONS).__contains__,
                                  frozenset(helpers.PSEUDOPARAMS))
    validator = CfnTemplateValidator({})
    discriminator = {"properties": {"Type": {"const": "A"}, "Mode": {"enum": ["x", "y"], "pattern": "^[a-z]$"}},
                     "required": ["Type"]}
    with_else = {"if": discriminator, "then": {"required": ["Then"]}, "else": {"required": ["Else"]}}
    without_else = {"if": discriminator, "then": {"required": ["Then"]}}
    shortcut = [{"Type": "B"}, {"Mode": "x"}, {"Type": "A", "Mode": "z"}, {"Type": 1}, {"Type": True}]
    cfn_lints_own = [
        {"Type": "A"},  # the if schema holds: cfn-lint goes on to "then"
        {"Type": "A", "Mode": "y"},
        {"Type": {"Ref": "P"}},  # a function: maybe unknown
        {"Type": "B", "Mode": {"Fn::Sub": "x"}},  # a definite failure, but another value may be unknown
        {"Type": "B", "Other": {"Fn::If": ["C", 1, 2]}},  # condition scenarios
        {"Type": "B", "Other": [[{"Fn::If": ["C", 1, 2]}]]},
        {"Type": "AWS::Region"},  # a bare pseudo-parameter
        {"Type": "{{resolve:ssm:/a}}"},  # a dynamic reference
        {"Ref": "P"},  # the instance is a function call
        ["Type"],
    ]
    for schema in (with_else, without_else):
        for instance in shortcut + cfn_lints_own:
            asked.clear()
            mine = [(e.message, list(e.path), list(e.schema_path)) for e in fast(validator, schema["if"], instance,
                                                                                  schema)]
            theirs = [(e.message, list(e.path), list(e.schema_path)) for e in original(validator, schema["if"],
                                                                                        instance, schema)]
            assert mine == theirs, (schema, instance)
            assert bool(asked) == (instance in cfn_lints_own), instance


def test_the_validators_cfn_lint_made_on_import_use_fast_if() -> None:
    import importlib

    from cfnlint.jsonschema.validators import CfnTemplateValidator, StandardValidator

    cfn_lint._rules()
    keywords = importlib.import_module("cfnlint.jsonschema._keywords")
    for made in (CfnTemplateValidator({}), StandardValidator({}), CfnTemplateValidator({}).extend(validators={})({})):
        fast = made.validators["if"]
        assert fast is not keywords.if_ and fast.__name__ == "if_"
        # The keyword functions it decides with are the ones the tables hold (fast_enum included): with any other,
        # every if-schema that reads them would go the slow way.
        assert all(fast.stock[name] is made.validators[name] for name in ("const", "enum", "required", "properties"))


def test_lazy_resolver_caches_resolve_as_cfn_lints_resolver_does(shipped: None) -> None:
    from urllib.parse import urljoin

    from cfnlint.schema.resolver._resolver import RefResolver

    schema = {"definitions": {"A": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/A"}}}
    plain = RefResolver.from_schema(schema)
    expected = (plain.resolve("#/definitions/A"), plain.resolution_scope)
    own = RefResolver.__post_init__
    RefResolver.__post_init__ = cfn_lint_speed.lazy_resolver_caches(own, urljoin)
    try:
        first, second = RefResolver.from_schema(schema), RefResolver.from_schema(schema)
        assert first._urljoin_cache is second._urljoin_cache  # one shared cache of the pure urljoin
        assert first._cache is not second._cache and first._cache._cached is None  # made on the first call only
        assert (first.resolve("#/definitions/A"), first.resolution_scope) == expected
        assert first._cache._cached is not None and second._cache._cached is None
        given = object()
        assert RefResolver(referrer=schema, _cache=given)._cache is given  # caches passed in are kept
    finally:
        RefResolver.__post_init__ = own  # the fixture reinstalls the shortcuts
