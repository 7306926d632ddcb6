"""Claims about Lambda handler code and explicit dependencies, read from the lines the answer writes."""

from __future__ import annotations

from iacreview.compare import Side
from iacreview.model import Location, Review, SynthOutcome
from iacreview.verify import Evidence, SourceText
from iacreview.verify.handler_claims import handlers, judge_handler

STACK = (
    "class TapStack(Stack):\n"
    "    def __init__(self, scope, construct_id):\n"
    "        fn = _lambda.Function(self, 'Fn', code=_lambda.Code.from_inline('''\n"
    "import boto3\n"
    "def handler(event, context):\n"
    "    table = boto3.resource('dynamodb').Table('t')\n"
    "    return table.scan()['Items']\n"
    "'''))\n"
)
HANDLER = (
    "import boto3\n"
    "def lambda_handler(event, context):\n"
    "    try:\n"
    "        items, key = [], None\n"
    "        page = table.scan(ExclusiveStartKey=key) if key else table.scan()\n"
    "        key = page.get('LastEvaluatedKey')\n"
    "    except Exception:\n"
    "        raise\n"
)


def _side(*files: tuple[str, str]) -> Evidence:
    review = Review("M.md", SynthOutcome(attempted=True, ok=True, templates=0), ())
    sources = tuple(SourceText(name, text, "M.md", 10 * (i + 1)) for i, (name, text) in enumerate(files))
    return Evidence(Side(review, [], {}, Location("M.md", 10)), sources)


def test_handlers_are_found_in_files_and_in_inline_code() -> None:
    found = handlers(_side(("lib/tap_stack.py", STACK), ("lambda/index.py", HANDLER)))
    assert sorted(h.definition for h in found) == [2, 5]


def test_error_handling_is_confirmed_when_no_handler_catches_and_refuted_when_every_one_does() -> None:
    inline = _side(("lib/tap_stack.py", STACK))
    found = judge_handler("No try/except blocks in the Lambda functions", inline, positive=False)
    assert found is not None and found.holds and found.evidence == [Location("M.md", 14)]
    catching = _side(("lambda/index.py", HANDLER))
    refuted = judge_handler("The Lambda handler has no error handling", catching, positive=False)
    assert refuted is not None and not refuted.holds and refuted.evidence == [Location("M.md", 12)]
    both = _side(("lib/tap_stack.py", STACK), ("lambda/index.py", HANDLER))
    assert judge_handler("No error handling in the Lambda", both, positive=False) is None
    assert judge_handler("No comprehensive error handling", inline, positive=False) is None  # judges quality


def test_pagination_is_read_at_the_scan_and_the_last_evaluated_key() -> None:
    inline = _side(("lib/tap_stack.py", STACK))
    found = judge_handler("No Pagination for DynamoDB Scans", inline, positive=False)
    assert found is not None and found.holds and found.evidence == [Location("M.md", 16)]
    paged = _side(("lambda/index.py", HANDLER))
    refuted = judge_handler("The list function does not implement pagination for DynamoDB scans", paged, False)
    assert refuted is not None and not refuted.holds
    assert refuted.evidence == [Location("M.md", 14), Location("M.md", 15)]
    praised = judge_handler("Implemented pagination for DynamoDB scans", paged, positive=True)
    assert praised is not None and praised.holds


def test_explicit_dependencies_are_read_from_add_dependency() -> None:
    none = _side(("lib/tap_stack.py", STACK))
    assert judge_handler("No explicit dependencies between resources", none, positive=False) is None
    declared = _side(("lib/tap_stack.py", STACK + "        fn.node.add_dependency(table)\n"))
    refuted = judge_handler("The model did not define explicit dependencies between resources.", declared, False)
    assert refuted is not None and not refuted.holds and refuted.evidence == [Location("M.md", 18)]
    assert judge_handler("Circular dependencies between security groups", declared, False) is None


def test_inline_code_is_measured_and_found() -> None:
    small = _side(("lib/tap_stack.py", STACK))
    under = judge_handler("Lambda function code is defined inline, exceeding the 4 KB limit.", small, False)
    assert under is not None and not under.holds and under.evidence == [Location("M.md", 12)]
    big = STACK.replace("import boto3\n", "import boto3\n" + "# padding line for size\n" * 200)
    over = judge_handler("Inline Lambda code exceeds the 4 KB limit", _side(("lib/tap_stack.py", big)), False)
    assert over is not None and over.holds
    inline = judge_handler("The answer defines Lambda functions inline, making them hard to test.", small, False)
    assert inline is not None and inline.holds and inline.evidence == [Location("M.md", 12)]
    asset = _side(("lib/tap_stack.py", "fn = _lambda.Function(self, 'F', code=_lambda.Code.from_asset('lambda'))\n"))
    refuted = judge_handler("The answer defines Lambda functions inline.", asset, False)
    assert refuted is not None and not refuted.holds and refuted.evidence == [Location("M.md", 10)]
    assert judge_handler("Clear inline comments", small, False) is None
