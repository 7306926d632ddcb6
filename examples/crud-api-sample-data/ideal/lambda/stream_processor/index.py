"""Processes DynamoDB stream batches and reports only the failed records back for retry."""

import json
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def _process(record):
    change = record["eventName"]
    keys = record["dynamodb"].get("Keys", {})
    logger.info(json.dumps({"event": change, "keys": keys}))


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            _process(record)
        except Exception:
            logger.exception("record %s failed", record.get("eventID"))
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
    logger.info(json.dumps({"batchSize": len(event.get("Records", [])), "failed": len(failures)}))
    return {"batchItemFailures": failures}
