"""Multi-tier network: VPC with public and isolated subnets, flow logs, encrypted RDS, S3 and a scoped EC2 role."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import Duration, RemovalPolicy, Stack, Tags
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from constructs import Construct


class TapStackProps(cdk.StackProps):
    """Stack properties plus the environment suffix that keeps physical names unique per environment."""

    def __init__(self, environment_suffix: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(Stack):
    """Web tier in public subnets (HTTPS only, SSH from one CIDR), database tier in isolated subnets."""

    def __init__(
        self, scope: Construct, construct_id: str, props: TapStackProps | None = None, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, env=props.env if props else None, **kwargs)
        suffix = (props.environment_suffix if props else None) or self.node.try_get_context(
            "environmentSuffix"
        ) or "dev"
        owner = self.node.try_get_context("owner") or "platform-team"
        ssh_cidr = self.node.try_get_context("sshCidr") or "203.0.113.0/24"

        Tags.of(self).add("Project", "multitier")
        Tags.of(self).add("Environment", suffix)
        Tags.of(self).add("Owner", owner)

        key = kms.Key(
            self,
            "DataKey",
            description=f"multitier {suffix} database storage and credentials",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        vpc = ec2.Vpc(
            self,
            "AppVpc",
            ip_addresses=ec2.IpAddresses.cidr("10.0.0.0/16"),
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24),
                ec2.SubnetConfiguration(name="Data", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24),
            ],
        )

        # Flow logs go to a log group of their own through a role that only this service can assume;
        # CDK grants the role write access to exactly that log group.
        flow_log_group = logs.LogGroup(
            self,
            "FlowLogGroup",
            log_group_name=f"/vpc/flow-logs-{suffix}",
            retention=logs.RetentionDays.ONE_MONTH,
        )
        flow_log_role = iam.Role(
            self,
            "FlowLogRole",
            assumed_by=iam.ServicePrincipal("vpc-flow-logs.amazonaws.com"),
            description="Delivers VPC flow logs to CloudWatch Logs",
        )
        ec2.FlowLog(
            self,
            "VpcFlowLog",
            resource_type=ec2.FlowLogResourceType.from_vpc(vpc),
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_log_group, flow_log_role),
            traffic_type=ec2.FlowLogTrafficType.ALL,
        )

        web_sg = ec2.SecurityGroup(self, "WebSecurityGroup", vpc=vpc, description="HTTPS in, SSH from admin CIDR")
        web_sg.add_ingress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "HTTPS")
        web_sg.add_ingress_rule(ec2.Peer.ipv4(ssh_cidr), ec2.Port.tcp(22), "SSH from the admin network")

        db_sg = ec2.SecurityGroup(
            self, "DatabaseSecurityGroup", vpc=vpc, description="PostgreSQL from the web tier", allow_all_outbound=False
        )
        db_sg.add_ingress_rule(web_sg, ec2.Port.tcp(5432), "PostgreSQL from web tier")

        # Generated credentials, encrypted with the customer-managed key and kept as long as the snapshots.
        db_credentials = rds.DatabaseSecret(
            self,
            "DatabaseCredentials",
            username="dbadmin",
            secret_name=f"multitier/db-credentials-{suffix}",
            encryption_key=key,
        )
        db_credentials.apply_removal_policy(RemovalPolicy.RETAIN)
        rds.DatabaseInstance(
            self,
            "AppDatabase",
            engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16_4),
            instance_type=ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[db_sg],
            credentials=rds.Credentials.from_secret(db_credentials),
            allocated_storage=20,
            storage_encrypted=True,
            storage_encryption_key=key,
            deletion_protection=True,
            backup_retention=Duration.days(7),
            removal_policy=RemovalPolicy.SNAPSHOT,
        )

        bucket = s3.Bucket(
            self,
            "AppDataBucket",
            bucket_name=f"multitier-app-data-{suffix}-{self.account}",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        table = dynamodb.Table(
            self,
            "SessionsTable",
            table_name=f"app-sessions-{suffix}",
            partition_key=dynamodb.Attribute(name="sessionId", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )

        # The application role gets exactly the S3 and DynamoDB access it needs, on these two resources.
        app_role = iam.Role(
            self,
            "Ec2AppRole",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AmazonSSMManagedInstanceCore")],
        )
        bucket.grant_read_write(app_role)
        table.grant_read_write_data(app_role)
        iam.InstanceProfile(self, "Ec2InstanceProfile", role=app_role)

        cdk.CfnOutput(self, "VpcId", value=vpc.vpc_id)
        cdk.CfnOutput(self, "WebSecurityGroupId", value=web_sg.security_group_id)
        cdk.CfnOutput(self, "BucketName", value=bucket.bucket_name)
