from __future__ import annotations

import json

from iacreview.model import Category, Review, Severity
from iacreview.report import review_to_json, reviews_to_json

FINDING_FIELDS = {
    "rule_id", "category", "severity", "title", "message", "location", "resource", "construct_path",
    "suppressed", "suppression_reason", "after_repairs",
}
LOCATION_FIELDS = {"path", "line", "column", "end_line"}


def test_single_review_is_the_review_object_and_round_trips(model: Review) -> None:
    document = reviews_to_json([model])
    assert document["schema"] == "iacreview/review@1"
    assert document == model.to_json() == review_to_json(model)
    assert json.loads(json.dumps(document)) == document


def test_several_reviews_are_wrapped(model: Review, template: Review) -> None:
    document = reviews_to_json([model, template])
    assert document["schema"] == "iacreview/reviews@1"
    assert [r["subject"] for r in document["reviews"]] == [model.subject, template.subject]
    assert all(r["schema"] == "iacreview/review@1" for r in document["reviews"])
    assert json.loads(json.dumps(document)) == document
    assert reviews_to_json([]) == {"schema": "iacreview/reviews@1", "reviews": []}


def test_stable_fields_present_with_their_meaning(model: Review) -> None:
    document = review_to_json(model)
    assert document["subject"] == "answers/MODEL_RESPONSE.md"
    synth = document["synth"]
    assert synth["ok"] is False
    assert synth["error"].startswith("AttributeError")
    assert set(synth["location"]) >= LOCATION_FIELDS
    assert synth["assumptions"] == list(model.synth.assumptions)
    assert synth["repairs"][0]["what"] == "renamed BucketEncryptions to BucketEncryption"
    assert synth["repairs"][0]["location"]["line"] == 88
    assert synth["templates"] == 1
    assert len(document["findings"]) == len(model.findings)
    for finding, original in zip(document["findings"], model.findings, strict=True):
        assert set(finding) >= FINDING_FIELDS
        assert finding["category"] in {c.value for c in Category}
        assert finding["severity"] in {s.value for s in Severity}
        assert finding["rule_id"] == original.rule_id
        if original.location is None:
            assert finding["location"] is None
        else:
            assert set(finding["location"]) >= LOCATION_FIELDS
            assert finding["location"]["path"] == original.location.path
    suppressed = [f for f in document["findings"] if f["suppressed"]]
    assert [(f["rule_id"], f["suppression_reason"]) for f in suppressed] == [("SEC003", "demo needs it | reviewed")]
    assert [f["rule_id"] for f in document["findings"] if f["after_repairs"]] == ["SEC001"]
