"""Items CRUD API: one Lambda on DynamoDB (GSI + stream processed in batches), IP-restricted cached API, sample rows."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import Duration, RemovalPolicy, Stack, Tags
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from constructs import Construct

SAMPLE_ITEMS = (
    ("item-001", "books", "Field guide to clouds"),
    ("item-002", "books", "Practical DynamoDB"),
    ("item-003", "tools", "Torque wrench"),
)


class TapStackProps:
    """What the entry point passes: the environment suffix and the explicit account/region."""

    def __init__(self, environment_suffix: str, env: cdk.Environment | None = None) -> None:
        self.environment_suffix = environment_suffix
        self.env = env


class TapStack(Stack):
    """The items service; every physical name carries the environment suffix."""

    def __init__(self, scope: Construct, construct_id: str, props: TapStackProps, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, env=props.env, **kwargs)
        suffix = props.environment_suffix
        owner = self.node.try_get_context("owner") or "items-team"
        allowed_origin = self.node.try_get_context("allowedOrigin") or "https://app.example.com"
        allowed_cidrs = self.node.try_get_context("allowedCidrs") or ["203.0.113.0/24"]

        Tags.of(self).add("Environment", suffix)
        Tags.of(self).add("Owner", owner)

        table = dynamodb.Table(
            self,
            "ItemsTable",
            table_name=f"items-{suffix}",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )
        table.add_global_secondary_index(
            index_name="byCategory",
            partition_key=dynamodb.Attribute(name="category", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="createdAt", type=dynamodb.AttributeType.STRING),
        )

        crud_fn = lambda_.Function(
            self,
            "CrudFunction",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.Code.from_asset("lambda/crud"),
            memory_size=512,
            timeout=Duration.seconds(10),
            reserved_concurrent_executions=20,
            environment={"TABLE_NAME": table.table_name},
            log_group=logs.LogGroup(self, "CrudFunctionLogs", retention=logs.RetentionDays.TWO_WEEKS),
        )
        table.grant_read_write_data(crud_fn)

        # Stream batches that keep failing after retries land here instead of blocking the shard.
        stream_failures = sqs.Queue(
            self,
            "StreamFailuresQueue",
            retention_period=Duration.days(14),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        stream_fn = lambda_.Function(
            self,
            "StreamProcessorFunction",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.Code.from_asset("lambda/stream_processor"),
            memory_size=256,
            timeout=Duration.seconds(60),
            reserved_concurrent_executions=5,
            log_group=logs.LogGroup(self, "StreamProcessorLogs", retention=logs.RetentionDays.TWO_WEEKS),
            events=[
                event_sources.DynamoEventSource(
                    table,
                    starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                    batch_size=100,
                    max_batching_window=Duration.seconds(5),
                    bisect_batch_on_error=True,
                    retry_attempts=3,
                    report_batch_item_failures=True,
                    on_failure=event_sources.SqsDlq(stream_failures),
                )
            ],
        )

        access_logs = logs.LogGroup(
            self,
            "ApiAccessLogs",
            log_group_name=f"/aws/apigateway/items-api-{suffix}",
            retention=logs.RetentionDays.ONE_MONTH,
        )
        api = apigw.RestApi(
            self,
            "ItemsApi",
            rest_api_name=f"items-api-{suffix}",
            policy=iam.PolicyDocument(
                statements=[
                    iam.PolicyStatement(
                        effect=iam.Effect.ALLOW,
                        principals=[iam.AnyPrincipal()],
                        actions=["execute-api:Invoke"],
                        resources=["execute-api:/*"],
                        conditions={"IpAddress": {"aws:SourceIp": allowed_cidrs}},
                    )
                ]
            ),
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=[allowed_origin],
                allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
                allow_headers=["Content-Type", "Authorization"],
            ),
            deploy_options=apigw.StageOptions(
                stage_name=suffix,
                throttling_rate_limit=50,
                throttling_burst_limit=100,
                caching_enabled=True,
                cache_cluster_enabled=True,
                cache_cluster_size="0.5",
                cache_ttl=Duration.seconds(60),
                cache_data_encrypted=True,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False, http_method=True, ip=True, protocol=True, request_time=True,
                    resource_path=True, response_length=True, status=True, user=False,
                ),
                metrics_enabled=True,
            ),
        )
        integration = apigw.LambdaIntegration(crud_fn, allow_test_invoke=False)
        items = api.root.add_resource("items")
        items.add_method("ANY", integration)
        items.add_resource("{id}").add_method("ANY", integration)

        # Sample rows are written once, at creation, so the API answers right after deployment.
        cr.AwsCustomResource(
            self,
            "SampleData",
            on_create=cr.AwsSdkCall(
                service="DynamoDB",
                action="batchWriteItem",
                parameters={
                    "RequestItems": {
                        table.table_name: [
                            {
                                "PutRequest": {
                                    "Item": {
                                        "id": {"S": item_id},
                                        "category": {"S": category},
                                        "name": {"S": name},
                                        "createdAt": {"S": "2024-01-01T00:00:00Z"},
                                    }
                                }
                            }
                            for item_id, category, name in SAMPLE_ITEMS
                        ]
                    }
                },
                physical_resource_id=cr.PhysicalResourceId.of(f"items-sample-data-{suffix}"),
            ),
            policy=cr.AwsCustomResourcePolicy.from_sdk_calls(resources=[table.table_arn]),
        )

        alarm_key = kms.Key(self, "AlarmTopicKey", enable_key_rotation=True)
        alarm_topic = sns.Topic(self, "AlarmTopic", display_name=f"items alarms ({suffix})", master_key=alarm_key)
        action = cw_actions.SnsAction(alarm_topic)
        for alarm in (
            cloudwatch.Alarm(
                self, "CrudErrorsAlarm", metric=crud_fn.metric_errors(period=Duration.minutes(5)),
                threshold=1, evaluation_periods=1, treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
            cloudwatch.Alarm(
                self, "StreamErrorsAlarm", metric=stream_fn.metric_errors(period=Duration.minutes(5)),
                threshold=1, evaluation_periods=1, treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
            cloudwatch.Alarm(
                self, "Api4xxAlarm", metric=api.metric_client_error(period=Duration.minutes(5)),
                threshold=50, evaluation_periods=1, treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
            cloudwatch.Alarm(
                self, "Api5xxAlarm", metric=api.metric_server_error(period=Duration.minutes(5)),
                threshold=1, evaluation_periods=1, treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
            cloudwatch.Alarm(
                self, "StreamFailuresAlarm",
                metric=stream_failures.metric_approximate_number_of_messages_visible(period=Duration.minutes(5)),
                threshold=1, evaluation_periods=1, treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ),
        ):
            alarm.add_alarm_action(action)

        cdk.CfnOutput(self, "ApiUrl", value=api.url)
        cdk.CfnOutput(self, "TableName", value=table.table_name)
