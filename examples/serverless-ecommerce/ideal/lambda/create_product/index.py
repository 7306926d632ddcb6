"""POST /products: store a product and return a pre-signed upload URL for its image."""

import json
import logging
import os
import uuid

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
s3 = boto3.client("s3")


def handler(event, context):
    try:
        body = json.loads(event.get("body") or "{}")
        name = body["name"]
        price = str(body["price"])
    except (ValueError, KeyError):
        return {"statusCode": 400, "body": json.dumps({"message": "name and price are required"})}

    product_id = str(uuid.uuid4())
    item = {"productId": product_id, "name": name, "price": price, "stock": int(body.get("stock", 0))}
    try:
        table.put_item(Item=item)
        upload_url = s3.generate_presigned_url(
            "put_object",
            Params={"Bucket": os.environ["BUCKET_NAME"], "Key": f"images/{product_id}"},
            ExpiresIn=900,
        )
    except Exception:
        logger.exception("could not create product %s", product_id)
        return {"statusCode": 500, "body": json.dumps({"message": "could not create product"})}
    return {"statusCode": 201, "body": json.dumps({"product": item, "imageUploadUrl": upload_url})}
