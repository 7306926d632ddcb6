import aws_cdk as cdk
from aws_cdk import aws_dynamodb as ddb
from aws_cdk import aws_lambda as _lambda
from aws_cdk import aws_s3 as s3
from constructs import Construct


def private_bucket(scope: Construct, name: str) -> s3.Bucket:
    """Every bucket of the service is private, encrypted and versioned."""
    return s3.Bucket(
        scope, name,
        enforce_ssl=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        encryption=s3.BucketEncryption.S3_MANAGED,
        versioned=True,
    )


class ServiceStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        files = private_bucket(self, "Files")
        orders = ddb.Table(
            self, "Orders",
            billing_mode=ddb.BillingMode.PAY_PER_REQUEST,
            partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING),
        )
        fn = _lambda.Function(
            self, "Api",
            handler="index.handler",
            runtime=_lambda.Runtime.PYTHON_3_12,
            environment={"BUCKET": files.bucket_name, "TABLE": orders.table_name},
            code=_lambda.Code.from_inline("def handler(event, context):\n    return {'ok': True}\n"),
        )
        files.grant_read(fn)
        orders.grant_read_write_data(fn)


app = cdk.App()
ServiceStack(app, "ServiceStack")
app.synth()
