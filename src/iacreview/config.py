"""The effective configuration of one run. Passed explicitly everywhere: there is no global state."""

from __future__ import annotations

from dataclasses import dataclass, field

from iacreview.model import Severity


@dataclass(frozen=True)
class ConfigSuppression:
    """A config-file suppression: findings of ``rule`` (fnmatch pattern) whose construct path (or logical id)
    matches ``path`` (fnmatch; a match on a parent construct covers its children). ``origin`` names the file and key."""

    rule: str
    path: str
    reason: str
    origin: str = ""


@dataclass(frozen=True)
class Config:
    required_tags: tuple[str, ...] = ("Environment", "Owner")
    allowed_cors_origins: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.HIGH
    synth: bool = True
    synth_timeout: float = 120.0
    repair: bool = True
    max_repairs: int = 8
    # Last rung of the ladder: take out a failing statement no certain repair fixes (findings it may affect are
    # withheld; see ``repair/excise.py``). False (``--no-excise``): stop there instead.
    excise: bool = True
    default_region: str = "us-east-1"
    fake_account: str = "123456789012"
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    # CloudFormation validation that aws-cdk-lib runs inside synth; our own rules and cfn-lint cover it.
    cdk_validation: bool = False
    cache_dir: str | None = None
    # Context ``environmentSuffix`` passed to apps at synth; physical names that ignore it are hard-coded.
    environment_suffix: str = "dev"
    # Suppressions from the config file (inline comments and resource Metadata are read from the input itself).
    suppressions: tuple[ConfigSuppression, ...] = ()
    # A baseline file (``--baseline``): findings recorded there are marked suppressed, only new ones count.
    baseline: str | None = None
    # False (``--no-suppressions``): ignore every inline, Metadata and config suppression.
    use_suppressions: bool = True
    # Rule packs: our own rules, the cdk-nag packs (checked in the synth child) and cfn-lint (``anchors/``).
    packs: tuple[str, ...] = ("iacreview", "AwsSolutions", "Serverless", "cfn-lint")
    # Keep findings on resources aws-cdk-lib generates on its own (custom-resource providers ...): hidden by default.
    show_generated: bool = False
