"""GET /products: a page of products from the catalogue table."""

import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    limit = min(int(params.get("limit", "50")), 100)
    try:
        result = table.scan(Limit=limit)
    except Exception:
        logger.exception("scan of %s failed", table.name)
        return {"statusCode": 500, "body": json.dumps({"message": "could not list products"})}
    return {"statusCode": 200, "body": json.dumps(result.get("Items", []), default=str)}
