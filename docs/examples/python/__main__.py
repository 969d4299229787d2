"""An ITS on an existing OCM hub, two WECs registered through it, and a templated workload bound
to both: examples/platform's program in Python, through the kubestellar-its component provider
(README "Other languages": install the plugin and the generated SDK first)."""

from pathlib import Path

import pulumi
import pulumi_kubestellar_its as ksits

cfg = pulumi.Config()
# WEC name -> the user its registration agent joins with: only its CSRs are approved.
join_identities = cfg.get_object("joinIdentities") or {}

its = ksits.InventoryTransportSpace(
    "its1",
    type=ksits.ItsType.EXTERNAL,
    kubeconfig=cfg.require_secret("hubKubeconfig"),
)
# The hub is already an OCM hub: installer "none" only checks its CRDs.
hub = ksits.ClusterManager("its1-hub", its=its, installer=ksits.ClusterManagerInstaller.NONE)

wecs = [
    ksits.WorkloadExecutionCluster(
        name,
        its=its,
        labels={"location-group": "edge"},
        properties={"region": region},
        join_identity=join_identities.get(name),
        opts=pulumi.ResourceOptions(depends_on=[hub]),
    )
    for name, region in [("wec1", "us-east-1"), ("wec2", "us-west-2")]
]

# The WEC components themselves: their labels select, their properties fill the templates, and
# each ManifestWork waits for its WEC's acceptance.
app = ksits.WorkloadBinding(
    "app",
    its=its,
    wecs=wecs,
    cluster_selectors=[ksits.LabelSelectorArgs(match_labels={"location-group": "edge"})],
    yaml=[(Path(__file__).parent / "workloads" / "app.yaml").read_text()],
    wait_for=ksits.WaitFor.APPLIED,
)

pulumi.export("selected", app.selected_clusters)
pulumi.export("joined", [w.joined for w in wecs])
