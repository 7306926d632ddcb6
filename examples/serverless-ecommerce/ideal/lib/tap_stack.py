"""Serverless e-commerce backend: product API (API Gateway -> Lambda), DynamoDB, S3 images, SNS alerts, CloudFront."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import (
    Duration,
    RemovalPolicy,
    Stack,
    Tags,
)
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from constructs import Construct


class TapStackProps(cdk.StackProps):
    """Stack properties plus the environment suffix that keeps physical names unique per environment."""

    def __init__(self, environment_suffix: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(Stack):
    """Product catalogue API with least-privilege functions, throttled and cached at both API Gateway and CloudFront."""

    def __init__(
        self, scope: Construct, construct_id: str, props: TapStackProps | None = None, **kwargs: Any
    ) -> None:
        # Forward the explicit account/region so the stack is never environment-agnostic.
        super().__init__(scope, construct_id, env=props.env if props else None, **kwargs)

        suffix = (props.environment_suffix if props else None) or self.node.try_get_context(
            "environmentSuffix"
        ) or "dev"
        owner = self.node.try_get_context("owner") or "ecommerce-team"
        allowed_origin = self.node.try_get_context("allowedOrigin") or "https://shop.example.com"

        Tags.of(self).add("Name", f"ecommerce-{suffix}")
        Tags.of(self).add("Environment", suffix)
        Tags.of(self).add("Owner", owner)

        # One customer-managed key for the alert topics and the admin-contact secret.
        key = kms.Key(
            self,
            "DataKey",
            description=f"ecommerce {suffix} topics and secrets",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        table = dynamodb.Table(
            self,
            "ProductsTable",
            table_name=f"ecommerce-products-{suffix}",
            partition_key=dynamodb.Attribute(name="productId", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )

        images = s3.Bucket(
            self,
            "ProductImagesBucket",
            bucket_name=f"ecommerce-product-images-{suffix}-{self.account}",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            encryption=s3.BucketEncryption.S3_MANAGED,
            versioned=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        alerts = sns.Topic(
            self,
            "InventoryAlertsTopic",
            display_name=f"Inventory alerts ({suffix})",
            master_key=key,
        )
        ops_topic = sns.Topic(self, "OpsAlarmsTopic", display_name=f"ecommerce alarms ({suffix})", master_key=key)

        # The admin contact lives in Secrets Manager, never in the function's environment.
        admin_contact = secretsmanager.Secret(
            self,
            "AdminContactSecret",
            secret_name=f"ecommerce/admin-contact-{suffix}",
            description="Admin contact for inventory alerts (value set out of band)",
            encryption_key=key,
            removal_policy=RemovalPolicy.RETAIN,
        )

        list_fn = self._function(
            "ListProductsFunction", "list_products", memory=256, timeout=5, concurrency=20,
            env={"TABLE_NAME": table.table_name},
        )
        table.grant_read_data(list_fn)

        create_fn = self._function(
            "CreateProductFunction", "create_product", memory=512, timeout=10, concurrency=10,
            env={"TABLE_NAME": table.table_name, "BUCKET_NAME": images.bucket_name},
        )
        table.grant_write_data(create_fn)
        images.grant_put(create_fn)

        stock_fn = self._function(
            "UpdateStockFunction", "update_stock", memory=256, timeout=15, concurrency=5,
            env={
                "TABLE_NAME": table.table_name,
                "TOPIC_ARN": alerts.topic_arn,
                "ADMIN_CONTACT_SECRET_ARN": admin_contact.secret_arn,
                "LOW_STOCK_THRESHOLD": "5",
            },
        )
        table.grant_read_write_data(stock_fn)
        alerts.grant_publish(stock_fn)
        admin_contact.grant_read(stock_fn)

        access_logs = logs.LogGroup(
            self,
            "ApiAccessLogs",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=RemovalPolicy.RETAIN,
        )
        api = apigw.RestApi(
            self,
            "ProductsApi",
            rest_api_name=f"ecommerce-products-api-{suffix}",
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=[allowed_origin],
                allow_methods=["GET", "POST", "PUT", "OPTIONS"],
                allow_headers=["Content-Type", "Authorization"],
            ),
            deploy_options=apigw.StageOptions(
                stage_name=suffix,
                throttling_rate_limit=100,
                throttling_burst_limit=200,
                caching_enabled=True,
                cache_cluster_enabled=True,
                cache_cluster_size="0.5",
                cache_ttl=Duration.minutes(5),
                cache_data_encrypted=True,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False, http_method=True, ip=True, protocol=True, request_time=True,
                    resource_path=True, response_length=True, status=True, user=False,
                ),
                metrics_enabled=True,
            ),
        )
        products = api.root.add_resource("products")
        products.add_method("GET", apigw.LambdaIntegration(list_fn, allow_test_invoke=False))
        products.add_method("POST", apigw.LambdaIntegration(create_fn, allow_test_invoke=False))
        product = products.add_resource("{productId}")
        product.add_method("PUT", apigw.LambdaIntegration(stock_fn, allow_test_invoke=False))

        # Product listings are cacheable for a minute; the query string is part of the cache key.
        api_cache = cloudfront.CachePolicy(
            self,
            "ApiCachePolicy",
            cache_policy_name=f"ecommerce-api-{suffix}",
            default_ttl=Duration.seconds(60),
            min_ttl=Duration.seconds(0),
            max_ttl=Duration.minutes(10),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        distribution = cloudfront.Distribution(
            self,
            "ProductsDistribution",
            comment=f"ecommerce API {suffix}",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.RestApiOrigin(api),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=api_cache,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            ),
        )

        alarm_action = cw_actions.SnsAction(ops_topic)
        for name, fn in (("ListProducts", list_fn), ("CreateProduct", create_fn), ("UpdateStock", stock_fn)):
            cloudwatch.Alarm(
                self,
                f"{name}ErrorsAlarm",
                metric=fn.metric_errors(period=Duration.minutes(5)),
                threshold=1,
                evaluation_periods=1,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            ).add_alarm_action(alarm_action)
        cloudwatch.Alarm(
            self,
            "Api5xxAlarm",
            metric=api.metric_server_error(period=Duration.minutes(5)),
            threshold=5,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ).add_alarm_action(alarm_action)

        cdk.CfnOutput(self, "ApiUrl", value=api.url)
        cdk.CfnOutput(self, "DistributionDomain", value=distribution.distribution_domain_name)
        cdk.CfnOutput(self, "ImagesBucketName", value=images.bucket_name)

    def _function(
        self, construct_id: str, folder: str, *, memory: int, timeout: int, concurrency: int, env: dict[str, str]
    ) -> lambda_.Function:
        """A Graviton function from ``lambda/<folder>`` with its own log group and a concurrency cap."""
        log_group = logs.LogGroup(
            self,
            f"{construct_id}Logs",
            retention=logs.RetentionDays.TWO_WEEKS,
        )
        return lambda_.Function(
            self,
            construct_id,
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.Code.from_asset(f"lambda/{folder}"),
            memory_size=memory,
            timeout=Duration.seconds(timeout),
            reserved_concurrent_executions=concurrency,
            environment=env,
            log_group=log_group,
        )
