#!/usr/bin/env python3
"""CDK entry point: one TapStack per environment suffix, pinned to an explicit account and region."""

import os

import aws_cdk as cdk
from lib.tap_stack import TapStack, TapStackProps

app = cdk.App()
suffix = app.node.try_get_context("environmentSuffix") or "dev"

TapStack(
    app,
    f"TapStack{suffix}",
    props=TapStackProps(
        environment_suffix=suffix,
        env=cdk.Environment(
            account=os.getenv("CDK_DEFAULT_ACCOUNT"),
            region=os.getenv("CDK_DEFAULT_REGION"),
        ),
    ),
)

app.synth()
