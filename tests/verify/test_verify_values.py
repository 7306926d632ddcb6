"""Claims about a value the answer chose, read at the template resource that has it."""

from __future__ import annotations

from iacreview.compare import Side
from iacreview.model import Location, Review, SynthOutcome
from iacreview.template.model import Template
from iacreview.verify import Evidence, SourceText
from iacreview.verify.value_claims import judge_value


def _side(resources: dict[str, dict[str, object]]) -> Evidence:
    template = Template("S", {"Resources": resources}, "S.template.json", synthesized=True)
    locations = {lid: Location("M.md", 40 + i) for i, lid in enumerate(resources)}
    review = Review("M.md", SynthOutcome(attempted=True, ok=True, templates=1), ())
    return Evidence(Side(review, [template], locations), (SourceText("lib/tap_stack.py", "x = 1\n", "M.md", 1),))


DB = {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t3.micro"}}
FN = {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 30}}


def test_the_used_value_confirms_at_its_resource() -> None:
    found = judge_value("The database uses db.t3.micro instead of the required db.r6g.large", _side({"Db": DB}))
    assert found is not None and found.holds and found.evidence == [Location("M.md", 40)]


def test_the_alternative_value_refutes_when_the_used_one_is_nowhere() -> None:
    found = judge_value("Instance class db.r6g.large instead of db.t3.micro", _side({"Db": DB}))
    assert found is not None and not found.holds and found.evidence == [Location("M.md", 40)]


def test_a_number_is_read_only_in_the_property_the_claim_names() -> None:
    side = _side({"Fn": FN, "Db": DB})
    refuted = judge_value("The Lambda function timeout is set to 60 seconds, which is too long", side)
    assert refuted is not None and not refuted.holds and refuted.evidence == [Location("M.md", 40)]
    confirmed = judge_value("The Lambda function timeout is set to 30 seconds, which is too long", side)
    assert confirmed is not None and confirmed.holds
    assert judge_value("The Lambda function timeout is set to 30 days", side) is None  # not a unit of Timeout
    assert judge_value("The model should use db.r6g.large", side) is None  # what it should have, not what it has


def test_a_fix_item_names_what_the_answer_had_only_as_from_a_to_b() -> None:
    side = _side({"Db": DB})
    had = judge_value("Change the instance class from db.t3.micro to db.r6g.large", side, fix=True)
    assert had is not None and had.holds
    assert judge_value("Use db.t3.micro for the database", side, fix=True) is None


def test_an_engine_version_is_read_in_the_engine_version_and_the_ideal_names_the_other() -> None:
    pg = {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "postgres", "EngineVersion": "15.7",
                                                          "AllocatedStorage": "15.4"}}
    side = _side({"Db": pg})
    refuted = judge_value("The model uses PostgreSQL 15.4, while the ideal uses 15.7.", side)
    assert refuted is not None and not refuted.holds and refuted.evidence == [Location("M.md", 40)]
    confirmed = judge_value("PostgreSQL Version: Uses 15.7 instead of 15.8.", side)
    assert confirmed is not None and confirmed.holds
    assert judge_value("The model uses 15.4 while the ideal uses 15.7.", side) is None  # no engine: no property
    fixed = judge_value("PostgreSQL Version: Updated from 15.7 → 16.1", side, fix=True)
    assert fixed is not None and fixed.holds


def test_without_a_template_the_alternative_written_as_a_literal_refutes() -> None:
    def source_only(code: str) -> Evidence:
        review = Review("M.md", SynthOutcome(attempted=True, ok=False, templates=0), ())
        return Evidence(Side(review, []), (SourceText("lib/tap_stack.py", code, "M.md", 1),))

    literal = source_only("db = rds.DatabaseInstance(self, 'D',\n"
                          "    instance_type=ec2.InstanceType('db.r6g.4xlarge'))\n")
    found = judge_value("Instance type db.r6g.2xlarge instead of required db.r6g.4xlarge", literal)
    assert found is not None and not found.holds and found.evidence == [Location("M.md", 2)]
    computed = source_only("a = ec2.InstanceType('db.r6g.4xlarge')\n"
                           "b = ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE2)\n")
    assert judge_value("Instance type db.r6g.2xlarge instead of required db.r6g.4xlarge", computed) is None
