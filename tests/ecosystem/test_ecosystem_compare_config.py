"""compare and verify read the same config files as check (here: a rule disabled in .iacreview.toml)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from iacreview.cli import app

ANSWER = '''# A

### lib/tap_stack.py
```python
from aws_cdk import Stack, aws_s3 as s3
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        s3.Bucket(self, "B", versoned=True)
```
'''


def _compare_rules(folder: Path) -> list[str]:
    result = CliRunner().invoke(app, ["compare", "--no-synth", "-f", "json", str(folder / "MODEL_RESPONSE.md"),
                                      str(folder / "IDEAL_RESPONSE.md")])
    assert result.exit_code == 0, result.output
    return [f["rule_id"] for f in json.loads(result.stdout)["failures"]]


def test_compare_honours_a_disabled_rule_in_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "MODEL_RESPONSE.md").write_text(ANSWER, encoding="utf-8")
    (tmp_path / "IDEAL_RESPONSE.md").write_text(ANSWER.replace("versoned", "versioned"), encoding="utf-8")
    assert "SYN011" in _compare_rules(tmp_path)
    (tmp_path / ".iacreview.toml").write_text('disable = ["SYN011"]\n', encoding="utf-8")
    assert "SYN011" not in _compare_rules(tmp_path)
