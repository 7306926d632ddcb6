"""The effective configuration of one run. Passed explicitly everywhere: there is no global state."""

from __future__ import annotations

from dataclasses import dataclass, field

from iacreview.model import Severity


@dataclass(frozen=True)
class Config:
    required_tags: tuple[str, ...] = ("Environment", "Owner")
    allowed_cors_origins: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.HIGH
    synth: bool = True
    synth_timeout: float = 120.0
    repair: bool = True
    max_repairs: int = 8
    default_region: str = "us-east-1"
    fake_account: str = "123456789012"
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    # CloudFormation validation that aws-cdk-lib runs inside synth; our own rules and cfn-lint cover it.
    cdk_validation: bool = False
    cache_dir: str | None = None
    # Context ``environmentSuffix`` passed to apps at synth; physical names that ignore it are hard-coded.
    environment_suffix: str = "dev"
