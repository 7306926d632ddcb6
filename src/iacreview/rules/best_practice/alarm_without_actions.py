"""BP035 — CloudWatch alarm that notifies nobody.

**What.** An ``AWS::CloudWatch::Alarm`` or ``AWS::CloudWatch::CompositeAlarm`` with no ``AlarmActions``,
``OKActions`` or ``InsufficientDataActions`` (or with ``ActionsEnabled: false``).

**Why.** The alarm changes state in the console and nothing else happens: no page, no e-mail, no auto scaling or
recovery action. Monitoring that nobody hears is the "alerting" a task asked for in name only.

**Fix.** ``alarm.add_alarm_action(cw_actions.SnsAction(topic))`` (and an SNS subscription that reaches a person or
a system), or a scaling/EC2 action where the alarm drives automation.

**Example.** ``fn.metric_errors().create_alarm(self, "Errors", threshold=1, evaluation_periods=1)`` with no
action added.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.config import Config
from iacreview.model import Category, RuleMeta, Severity, Target
from iacreview.rules.base import Hit
from iacreview.rules.template_helpers import cfn_bool
from iacreview.template.model import Template

META = RuleMeta(
    id="BP035",
    category=Category.BEST_PRACTICE,
    severity=Severity.MEDIUM,
    title="CloudWatch alarm without actions",
    impact="The alarm fires and nobody is told: no notification, scaling or recovery action runs.",
    fix="Add an alarm action (for example an SNS topic with a subscription) with alarm.add_alarm_action(...).",
    target=Target.TEMPLATE,
    keywords=("alarm action", "alarm actions", "alarm_actions", "add_alarm_action", "alarms have no actions",
              "alarm has no action", "sns action", "notifies nobody"),
    doc=(__doc__ or "").strip(),
)

_ACTIONS = ("AlarmActions", "OKActions", "InsufficientDataActions")


def check(template: Template, config: Config) -> Iterator[Hit]:
    for logical_id, resource in template.resources_of("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"):
        props = Template.props(resource)
        disabled = cfn_bool(props.get("ActionsEnabled")) is False
        if not disabled and any(props.get(key) for key in _ACTIONS):
            continue
        why = "has its actions disabled" if disabled else "has no alarm, OK or insufficient-data action"
        yield Hit(logical_id, f"{resource['Type']} {logical_id} {why}: nobody is notified when it fires.",
                  evidence="ActionsEnabled: false" if disabled else "AlarmActions: (absent)")
