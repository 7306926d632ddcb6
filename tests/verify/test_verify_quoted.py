"""A claim that quotes what the answer wrote is confirmed at the line that writes it, and never refuted by a quote."""

from __future__ import annotations

from iacreview.compare import Side
from iacreview.model import Location, Review, SynthOutcome
from iacreview.verify import Evidence, SourceText
from iacreview.verify.quoted_code import judge_quoted

CODE = (
    "fn = lambda_.Function(self, 'Fn', runtime=lambda_.Runtime.PYTHON_3_8,\n"
    "                      handler='index.handler')\n"
    "bucket = s3.Bucket(self, 'B', removal_policy = RemovalPolicy.RETAIN)\n"
)


def _side() -> Evidence:
    review = Review("M.md", SynthOutcome(attempted=True, ok=True, templates=0), ())
    return Evidence(Side(review, []), (SourceText("lib/tap_stack.py", CODE, "M.md", 50),))


def test_a_quote_the_code_writes_is_confirmed_at_its_line() -> None:
    found = judge_quoted("The function uses `PYTHON_3_8`, which is deprecated.", _side())
    assert found is not None and found.holds and found.evidence == [Location("M.md", 50)]
    setting = judge_quoted("`removal_policy` is set to `RemovalPolicy.RETAIN`, which blocks cleanup.", _side())
    assert setting is not None and setting.evidence == [Location("M.md", 52)]
    other = judge_quoted("`removal_policy` is set to `RemovalPolicy.DESTROY`.", _side())
    assert other is not None and not other.holds and other.evidence == [Location("M.md", 52)]
    assert judge_quoted("`memory_size` is set to `128`.", _side()) is None  # never set at all
    spaced = judge_quoted("The bucket sets `removal_policy=RemovalPolicy.RETAIN`.", _side())
    assert spaced is not None and spaced.evidence == [Location("M.md", 52)]


def test_quotes_of_what_the_answer_should_write_or_never_wrote_decide_nothing() -> None:
    assert judge_quoted("The function should use `PYTHON_3_8`.", _side()) is None
    assert judge_quoted("The model never uses `PYTHON_3_8`.", _side()) is None
    assert judge_quoted("The function uses `PYTHON_3_12`.", _side()) is None  # not written: still no refutation
    assert judge_quoted("The stack uses `Lambda` functions.", _side()) is None  # a word, not code
