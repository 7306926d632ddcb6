"""CRUD handler for /items and /items/{id}, logging one JSON object per event."""

import json
import logging
import os
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def _response(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, default=lambda v: float(v) if isinstance(v, Decimal) else str(v)),
    }


def _log(context, **fields):
    logger.info(json.dumps({"requestId": context.aws_request_id, **fields}))


def handler(event, context):
    method = event["httpMethod"]
    item_id = (event.get("pathParameters") or {}).get("id")
    _log(context, method=method, itemId=item_id)
    try:
        if method == "GET" and item_id:
            item = table.get_item(Key={"id": item_id}).get("Item")
            return _response(200, item) if item else _response(404, {"message": "not found"})
        if method == "GET":
            return _response(200, table.scan(Limit=100).get("Items", []))
        if method == "POST":
            body = json.loads(event.get("body") or "{}", parse_float=Decimal)
            item = {
                "id": str(uuid.uuid4()),
                "createdAt": datetime.now(UTC).isoformat(),
                "category": body.get("category", "general"),
                **body,
            }
            table.put_item(Item=item)
            return _response(201, item)
        if method == "PUT" and item_id:
            body = json.loads(event.get("body") or "{}", parse_float=Decimal)
            table.put_item(Item={**body, "id": item_id})
            return _response(200, {**body, "id": item_id})
        if method == "DELETE" and item_id:
            table.delete_item(Key={"id": item_id})
            return _response(204, {})
    except (ValueError, TypeError) as err:
        _log(context, level="warning", error=str(err))
        return _response(400, {"message": "invalid request body"})
    except Exception:
        logger.exception("request %s failed", context.aws_request_id)
        return _response(500, {"message": "internal error"})
    return _response(405, {"message": f"{method} not supported"})
