"""The rule registry: every rule iacreview has, listed explicitly.

Three kinds: template rules (``check(template, config)``), source rules (``check(ctx)`` over the Python), and
rules whose findings a pipeline layer raises itself (loading, synth, compare) — those have metadata and docs only.
Ids are stable: never reused or renumbered.
"""

from __future__ import annotations

from types import ModuleType

from iacreview.model import RuleMeta
from iacreview.rules import comparison
from iacreview.rules.base import TemplateRule
from iacreview.rules.best_practice import (
    alarm_threshold_units,
    alarm_without_actions,
    api_stage_access_logging,
    deprecated_api,
    hardcoded_region,
    inline_swallowed_exception,
    lambda_failure_handling,
    log_group_retention,
    no_alarms,
    required_tags,
    suppression_without_reason,
)
from iacreview.rules.deployment import (
    cloudfront_log_bucket_acl,
    deprecated_runtime,
    empty_nested_stack,
    entry_stack_interface,
    environment_agnostic_stack,
    handler_not_found,
    hardcoded_physical_name,
    log_group_key_policy,
    missing_asset,
    rds_backup_retention,
    rds_deletion_protection,
    read_grant_write_call,
    read_only_property,
    reserved_env_in_code,
    s3_replication_role_actions,
    stateful_delete_policy,
    synth_failed,
    synth_timeout,
    template_reserved_env_var,
    trail_key_policy,
    unknown_managed_policy,
)
from iacreview.rules.performance import (
    api_stage_caching,
    api_stage_throttling,
    cloudfront_cache_policy,
    dynamodb_fixed_capacity,
    lambda_arm64,
    lambda_reserved_concurrency,
    lambda_uniform_sizing,
)
from iacreview.rules.security import (
    cors_all_origins,
    iam_wildcard_action,
    iam_wildcard_resource,
    lambda_env_email,
    lambda_env_secret,
    lambda_grant_unused_access,
    path_escape,
    rds_storage_encryption,
    s3_public_access_block,
    s3_tls_enforcement,
    sandbox_blocked,
    secret_kms,
    sns_kms,
    vpc_flow_logs,
)
from iacreview.rules.syntax import (
    inline_code_syntax,
    inline_code_undefined,
    missing_argument,
    python_syntax_error,
    truncated_answer,
    undefined_name,
    unknown_attribute,
    unknown_keyword,
    unused_import,
)

TEMPLATE_MODULES: tuple[ModuleType, ...] = (
    hardcoded_physical_name,
    s3_replication_role_actions,
    empty_nested_stack,
    log_group_key_policy,
    trail_key_policy,
    cloudfront_log_bucket_acl,
    stateful_delete_policy,
    unknown_managed_policy,
    template_reserved_env_var,
    rds_deletion_protection,
    rds_backup_retention,
    environment_agnostic_stack,
    s3_public_access_block,
    s3_tls_enforcement,
    iam_wildcard_action,
    iam_wildcard_resource,
    lambda_env_secret,
    lambda_env_email,
    sns_kms,
    secret_kms,
    vpc_flow_logs,
    rds_storage_encryption,
    cors_all_origins,
    api_stage_throttling,
    api_stage_caching,
    cloudfront_cache_policy,
    lambda_uniform_sizing,
    lambda_reserved_concurrency,
    lambda_arm64,
    api_stage_access_logging,
    lambda_failure_handling,
    log_group_retention,
    no_alarms,
    alarm_without_actions,
    alarm_threshold_units,
    dynamodb_fixed_capacity,
    required_tags,
)

SOURCE_RULES: tuple[ModuleType, ...] = (
    python_syntax_error,
    undefined_name,
    unused_import,
    inline_code_syntax,
    inline_code_undefined,
    inline_swallowed_exception,
    unknown_attribute,
    unknown_keyword,
    missing_argument,
    read_only_property,
    deprecated_api,
    missing_asset,
    handler_not_found,
    reserved_env_in_code,
    deprecated_runtime,
    entry_stack_interface,
    hardcoded_region,
    read_grant_write_call,
    lambda_grant_unused_access,
)

# Raised by a pipeline layer (loading, synth): metadata and documentation only.
LAYER_RULES: tuple[ModuleType, ...] = (
    truncated_answer, path_escape, synth_failed, synth_timeout, suppression_without_reason, sandbox_blocked,
)

TEMPLATE_RULES: tuple[TemplateRule, ...] = tuple(TemplateRule.from_module(m) for m in TEMPLATE_MODULES)


def _documented() -> list[tuple[RuleMeta, str]]:
    rows = [(m.META, (m.__doc__ or "").strip()) for m in (*LAYER_RULES, *SOURCE_RULES, *TEMPLATE_MODULES)]
    rows += [(meta, (comparison.__doc__ or "").strip()) for meta in comparison.METAS]
    return rows


def all_rule_metas() -> list[RuleMeta]:
    """Every rule's metadata, sorted by id."""
    return sorted((meta for meta, _ in _documented()), key=lambda m: m.id)


def rule_by_id(rule_id: str) -> tuple[RuleMeta, str] | None:
    """(metadata, documentation) of one rule."""
    return next(((meta, doc) for meta, doc in _documented() if meta.id == rule_id), None)
