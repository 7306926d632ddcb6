from __future__ import annotations

import io
import re

from rich.console import Console

from iacreview.model import Review
from iacreview.report import render_console


def _render(reviews: list[Review], *, show_suppressed: bool = False) -> str:
    buffer = io.StringIO()
    render_console(reviews, Console(file=buffer, no_color=True, width=200), show_suppressed=show_suppressed)
    return buffer.getvalue()


def test_header_names_subject_synth_repairs_assumptions_and_version(model: Review) -> None:
    out = _render([model])
    assert "== answers/MODEL_RESPONSE.md ==" in out
    synth_line = next(line for line in out.splitlines() if line.strip().startswith("synth:"))
    assert "repaired with 1 repair (1 template)" in synth_line
    assert "AttributeError at answers/MODEL_RESPONSE.md:88: module 'aws_cdk.aws_s3' has no attribute" in synth_line
    assert "Traceback line two" not in out  # only the first line of an error
    assert "assumed: generated entry app.py creating TapStack(app, 'TapStackdev')" in out
    assert "repaired at answers/MODEL_RESPONSE.md:88: renamed BucketEncryptions to BucketEncryption" in out
    assert "aws-cdk-lib: 2.275.0" in out


def test_finding_lines_have_severity_rule_location_title_message(model: Review) -> None:
    out = _render([model])
    assert re.search(
        r"CRITICAL\s+SYN031\s+answers/MODEL_RESPONSE\.md:45  Undefined name — undefined name 'Duration'", out
    )
    sec = next(line for line in out.splitlines() if "SEC001" in line)
    assert re.search(r"HIGH\s+SEC001\s+answers/MODEL_RESPONSE\.md:120  S3 bucket without full public-access block", sec)
    assert "[ImagesBucketA1B2C3 (TapStackdev/ImagesBucket/Resource)]" in sec
    assert "(after repairs)" in sec
    # Markup-looking text in messages is printed as is.
    assert "bucket_name='shop-[prod]-images' is fixed" in out
    # A finding about the whole stack has no file:line.
    assert re.search(r"INFO\s+DEP046\s+-  Stack without explicit account/region", out)


def test_categories_in_seed_order_and_findings_by_severity(model: Review) -> None:
    out = _render([model])
    headings = [line for line in out.splitlines() if re.match(r"^\w[\w ]+ \(\d+\)$", line)]
    assert headings == [
        "Syntax Issues (1)",
        "Deployment Issues (2)",
        "Security Issues (1)",
        "Performance Issues (1)",
        "Best Practices (1)",
    ]
    assert out.index("DEP040") < out.index("DEP046")  # medium before info


def test_suppressed_hidden_by_default_and_counted_apart(model: Review) -> None:
    out = _render([model])
    assert "SEC003" not in out
    assert "total: 1 critical, 1 high, 2 medium, 1 low, 1 info (1 suppressed, hidden)" in out
    shown = _render([model], show_suppressed=True)
    line = next(line for line in shown.splitlines() if "SEC003" in line)
    assert "(suppressed: demo needs it | reviewed)" in line
    assert "total: 1 critical, 1 high, 2 medium, 1 low, 1 info (1 suppressed, shown above)" in shown


def test_failed_and_skipped_synth_and_no_findings(model: Review, template: Review, failed: Review) -> None:
    out = _render([model, template, failed])
    assert "synth: failed: SyntaxError at app/tap_stack.py:3: invalid syntax" in out
    assert "synth: skipped" in out
    assert "aws-cdk-lib: unknown" in out
    assert "no findings" in out
    assert out.count("total:") == 3


def test_plain_text_without_escape_codes(model: Review) -> None:
    assert "\x1b[" not in _render([model])
