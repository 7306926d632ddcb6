"""A three-task corpus written for these tests: a clean pair, an answer that fails synth, and a broken folder."""

from __future__ import annotations

from pathlib import Path

STACK = '''\
from typing import Optional

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from constructs import Construct


class TapStackProps(cdk.StackProps):
    def __init__(self, environment_suffix: Optional[str] = None, **kwargs):
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, props: Optional[TapStackProps] = None, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        s3.Bucket(self, "Uploads"{extra})
'''

SAFE = (", encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True, "
        "block_public_access=s3.BlockPublicAccess.BLOCK_ALL")
BROKEN = ", encryption=s3.BucketEncryption.NOT_A_MODE"


def answer(title: str, code: str) -> str:
    return f"# {title}\n\nThe stack below creates the bucket.\n\n## File: lib/tap_stack.py\n\n```python\n{code}```\n"


REPORT = """# Model failures

1. The bucket is not encrypted.
2. The bucket does not enforce TLS.
"""


def write_corpus(root: Path) -> dict[str, Path]:
    """``bucket`` (clean pair + report), ``badenum`` (synth fails on a name), ``promptonly`` (no answer)."""
    tasks = {name: root / name for name in ("bucket", "badenum", "promptonly")}
    for folder in tasks.values():
        folder.mkdir(parents=True)
    bucket, badenum, promptonly = tasks["bucket"], tasks["badenum"], tasks["promptonly"]
    (bucket / "MODEL_RESPONSE.md").write_text(answer("Uploads", STACK.format(extra="")))
    (bucket / "IDEAL_RESPONSE.md").write_text(answer("Uploads", STACK.format(extra=SAFE)))
    (bucket / "MODEL_FAILURES.md").write_text(REPORT)
    (bucket / "PROMPT.md").write_text("Create an S3 bucket for uploads.\n")
    lib = badenum / "lib"
    lib.mkdir()
    (lib / "MODEL_RESPONSE.md").write_text(answer("Uploads", STACK.format(extra=BROKEN)))
    (lib / "IDEAL_RESPONSE.md").write_text(answer("Uploads", STACK.format(extra=SAFE)))
    (promptonly / "PROMPT.md").write_text("Create a queue.\n")
    return tasks


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
