"""SEC101 — the app tried something the sandbox stopped.

**What.** While the app was synthesized, the sandbox around it stopped an action: allocating more memory than
allowed, starting too many processes, reaching the network, writing outside its temporary directories, writing a
huge file, printing more than the output cap, reading files from the home directory (credentials, configuration),
or leaving processes running after it ended. The message says which.

**Why it matters.** ``cdk synth`` runs the app's code with the deployer's credentials, network and files. Code
that does any of the above at synth time either misbehaves (a runaway loop, a leak) or is hostile (reading
``~/.aws/credentials``, calling home, planting a daemon). iacreview runs the app without credentials, network or
write access outside its temp dirs, so the attempt failed here — on a developer's machine or in a pipeline it
would not.

**How to fix.** Construction code should only build constructs: no network calls, no subprocesses or daemons,
no reads of the user's home, no writes outside ``cdk.out``, no giant outputs. Pass values in through context,
parameters or environment variables the pipeline sets.

**Example (fails).**

    boto3.client("ssm").get_parameter(Name="/app/config")   # network call at synth time
    subprocess.Popen(["sh", "-c", "sleep 600 &"])           # leaves a process behind

**Example (passes).** ``ssm.StringParameter.value_for_string_parameter(self, "/app/config")``, resolved at
deploy time.

The finding is raised by synthesis (``iacreview.synth``) from what the sandbox observed; a timeout is DEP002.
"""

from __future__ import annotations

from iacreview.model import Category, RuleMeta, Severity, Target

META = RuleMeta(
    id="SEC101",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    title="The app tried something the sandbox stopped",
    impact="At synth time the app's code tried to use memory, processes, the network, files or output beyond "
           "what building constructs needs; outside a sandbox this runs with the deployer's credentials.",
    fix="Keep construction code to building constructs: no network, subprocesses, home-directory reads or "
        "writes outside cdk.out at synth time.",
    target=Target.SYNTH,
    keywords=("sandbox", "fork bomb", "memory", "network call", "credentials", "daemon", "synth side effects"),
    doc=__doc__ or "",
)
