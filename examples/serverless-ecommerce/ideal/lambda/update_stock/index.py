"""PUT /products/{productId}: set the stock level and alert the inventory topic when it runs low."""

import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
sns = boto3.client("sns")
secrets = boto3.client("secretsmanager")
THRESHOLD = int(os.environ.get("LOW_STOCK_THRESHOLD", "5"))


def _admin_contact():
    return secrets.get_secret_value(SecretId=os.environ["ADMIN_CONTACT_SECRET_ARN"])["SecretString"]


def handler(event, context):
    product_id = event["pathParameters"]["productId"]
    try:
        stock = int(json.loads(event.get("body") or "{}")["stock"])
    except (ValueError, KeyError):
        return {"statusCode": 400, "body": json.dumps({"message": "stock must be an integer"})}

    try:
        table.update_item(
            Key={"productId": product_id},
            UpdateExpression="SET stock = :s",
            ConditionExpression="attribute_exists(productId)",
            ExpressionAttributeValues={":s": stock},
        )
        if stock < THRESHOLD:
            sns.publish(
                TopicArn=os.environ["TOPIC_ARN"],
                Subject="Low stock",
                Message=f"Product {product_id} has {stock} left. Contact: {_admin_contact()}",
            )
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        return {"statusCode": 404, "body": json.dumps({"message": "no such product"})}
    except Exception:
        logger.exception("stock update for %s failed", product_id)
        return {"statusCode": 500, "body": json.dumps({"message": "could not update stock"})}
    return {"statusCode": 200, "body": json.dumps({"productId": product_id, "stock": stock})}
