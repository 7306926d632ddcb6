"""DEP040 — hard-coded physical resource name.

**What.** A resource whose physical name (``BucketName``, ``TableName``, ``FunctionName``, ``RoleName`` ...), or a
stack output whose export name, is fixed text. In a synthesized CDK app the name does not contain the environment
suffix the app was synthesized with (context ``environmentSuffix``); in a template given as a file the name is a
plain literal, not built with ``Ref``/``Fn::Sub``/``Fn::Join`` from a parameter or the stack name.

**Why.** Physical names must be unique per account and region (bucket names worldwide). A second deployment of the
same app (another environment, a pull-request stack, a redeploy after a failed rollback) fails with
"already exists", and a resource that has to be replaced cannot be, because CloudFormation creates the new one
before deleting the old one.

**Fix.** Let CloudFormation generate the name (omit the property), or include the environment suffix / stack name:
``bucket_name=f"product-images-{environment_suffix}"`` or ``!Sub "${AWS::StackName}-images"``.

**Example.** ``s3.Bucket(self, "Images", bucket_name="product-images")`` synthesized with ``environmentSuffix=dev``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import logical_ids_in, render_text
from iacreview.template.model import Template

META = RuleMeta(
    id="DEP040",
    category=Category.DEPLOYMENT,
    severity=Severity.MEDIUM,
    title="Hard-coded physical resource name",
    impact="A second deployment (another environment or a replacement) fails because the name already exists.",
    fix="Omit the name so CloudFormation generates one, or add the environment suffix / stack name to it.",
    target=Target.TEMPLATE,
    keywords=(
        "hardcoded",
        "hard-coded",
        "resource name",
        "naming conflict",
        "physical name",
        "environment suffix",
        "unique name",
        "dynamic naming",
    ),
    doc=(__doc__ or "").strip(),
)

# Resource type -> the properties that set its physical name.
NAME_PROPERTIES: dict[str, tuple[str, ...]] = {
    "AWS::S3::Bucket": ("BucketName",),
    "AWS::DynamoDB::Table": ("TableName",),
    "AWS::DynamoDB::GlobalTable": ("TableName",),
    "AWS::Lambda::Function": ("FunctionName",),
    "AWS::IAM::Role": ("RoleName",),
    "AWS::IAM::ManagedPolicy": ("ManagedPolicyName",),
    "AWS::IAM::User": ("UserName",),
    "AWS::IAM::Group": ("GroupName",),
    "AWS::IAM::InstanceProfile": ("InstanceProfileName",),
    "AWS::SNS::Topic": ("TopicName",),
    "AWS::SQS::Queue": ("QueueName",),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::ApiGateway::RestApi": ("Name",),
    "AWS::ApiGatewayV2::Api": ("Name",),
    "AWS::RDS::DBInstance": ("DBInstanceIdentifier",),
    "AWS::RDS::DBCluster": ("DBClusterIdentifier",),
    "AWS::RDS::DBSubnetGroup": ("DBSubnetGroupName",),
    "AWS::ECS::Cluster": ("ClusterName",),
    "AWS::EKS::Cluster": ("Name",),
    "AWS::ECR::Repository": ("RepositoryName",),
    "AWS::SecretsManager::Secret": ("Name",),
    "AWS::CloudWatch::Alarm": ("AlarmName",),
    "AWS::CloudWatch::Dashboard": ("DashboardName",),
    "AWS::Kinesis::Stream": ("Name",),
    "AWS::KinesisFirehose::DeliveryStream": ("DeliveryStreamName",),
    "AWS::KMS::Alias": ("AliasName",),
    "AWS::Events::Rule": ("Name",),
    "AWS::Events::EventBus": ("Name",),
    "AWS::StepFunctions::StateMachine": ("StateMachineName",),
    "AWS::Cognito::UserPool": ("UserPoolName",),
    "AWS::SSM::Parameter": ("Name",),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("Name",),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("Name",),
    "AWS::EC2::SecurityGroup": ("GroupName",),
    "AWS::ElastiCache::ReplicationGroup": ("ReplicationGroupId",),
    "AWS::ElastiCache::SubnetGroup": ("CacheSubnetGroupName",),
    "AWS::ElastiCache::CacheCluster": ("ClusterName",),
    "AWS::CodeBuild::Project": ("Name",),
    "AWS::Backup::BackupVault": ("BackupVaultName",),
    "AWS::WAFv2::WebACL": ("Name",),
}

# API names need not be unique; a fixed one only makes stacks indistinguishable, so it is reported lower.
_NON_UNIQUE = {
    ("AWS::ApiGateway::RestApi", "Name"),
    ("AWS::ApiGatewayV2::Api", "Name"),
    ("AWS::Cognito::UserPool", "UserPoolName"),
    ("AWS::CloudWatch::Dashboard", "DashboardName"),
}

# References that do not make a name differ between two deployments in one account and region.
_CONSTANT_REFS = {"AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix"}


def check(template: Template, config: Config) -> Iterator[Hit]:
    suffix = template.environment_suffix
    for logical_id, resource in template.resources.items():
        if not isinstance(resource, dict):
            continue
        rtype = resource.get("Type")
        if not isinstance(rtype, str):
            continue
        props = Template.props(resource)
        for prop in NAME_PROPERTIES.get(rtype, ()):
            severity = Severity.LOW if (rtype, prop) in _NON_UNIQUE else None
            yield from _fixed(logical_id, f"{rtype} {logical_id}", prop, props.get(prop), suffix, severity)
    # Export names are unique per account and region too: a second environment's stack cannot export them.
    outputs = template.body.get("Outputs")
    for output_id, output in (outputs.items() if isinstance(outputs, dict) else ()):
        export = output.get("Export") if isinstance(output, dict) else None
        if isinstance(export, dict):
            yield from _fixed(output_id, f"Output {output_id}", "export name", export.get("Name"), suffix, None)


def _fixed(logical_id: str, what: str, prop: str, value: object, suffix: str | None,
           severity: Severity | None) -> Iterator[Hit]:
    """A hit when the name ``value`` is the same in every deployment."""
    reason = None if value is None else _hard_coded(value, suffix)
    if reason is None:
        return
    shown = render_text(value) or "?"
    yield Hit(logical_id, f"{what} has the fixed {prop} '{shown}' {reason}.", severity, evidence=f"{prop}: {shown}")


def _hard_coded(value: object, suffix: str | None) -> str | None:
    """Why the name is hard-coded, or None when it varies between deployments."""
    if isinstance(value, str):
        if suffix is None:
            return "(a literal, the same in every deployment)"
        if suffix.lower() in value.lower():
            return None
        return f"that does not include the environment suffix '{suffix}'"
    if suffix is None:
        return None  # built from parameters or references: may well be unique
    text = render_text(value)
    refs = logical_ids_in(value)
    if text is None or suffix.lower() in text.lower() or not refs <= _CONSTANT_REFS:
        return None
    return f"that does not include the environment suffix '{suffix}' (only account/region vary)"
