import type { Stack } from "@pulumi/pulumi/automation";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkloadBinding } from "../../components/binding/workload-binding";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import { interopKubeconfigs, kubeflexRegisteredIts, requireKubeflexHosting } from "../support/interop";
import {
  eventually,
  getJson,
  inlineStack,
  kubectl,
  pulumiEnv,
  sandboxJoinIdentity,
} from "../support/sandbox";

/**
 * The KubeStellar this library's ITS exists to serve, for real: the sandbox's interop part
 * (KSITS_SANDBOX_INTEROP=1, which sandbox/e2e.sh always sets: a KubeFlex hosting cluster with the real operator, a WDS registered
 * there, the real KubeStellar controller-manager and OCM transport controller, off-cluster). A
 * Pulumi stack makes the sandbox hub an ITS registered with KubeFlex and declares the WECs with
 * labels and customization properties; a BindingPolicy applied to the WDS then selects WECs by
 * those labels, and the real KubeStellar places a templated workload through our ITS.
 */
const ITS_NAME = process.env.KSITS_SANDBOX_ITS_NAME ?? "its1";

let env: Record<string, string>;
let dir: string;
let stack: Stack;
let destroyed = false;

const workload = `
apiVersion: v1
kind: Namespace
metadata:
  name: interop
  labels: {app.kubernetes.io/part-of: interop-shop}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
  namespace: interop
  labels: {app.kubernetes.io/part-of: interop-shop}
  annotations: {control.kubestellar.io/expand-templates: "true"}
data:
  region: "{{ .region }}"
  cluster: "{{ .clusterName }}"
---
apiVersion: control.kubestellar.io/v1alpha1
kind: BindingPolicy
metadata: {name: interop-shop}
spec:
  clusterSelectors:
  - matchLabels: {interop: "yes"}
  downsync:
  - objectSelectors:
    - matchLabels: {app.kubernetes.io/part-of: interop-shop}
`;

/**
 * One workload for the parity check, in namespace `ns`: delivered once by this library's
 * WorkloadBinding (`parity-lib`) and once by the real KubeStellar from the WDS (`parity-ks`), to
 * the same WECs, then compared object by object. The templates use more than `{{ .key }}`.
 */
const parityWorkload = (ns: string): string => `
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {app.kubernetes.io/part-of: parity}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
  labels: {app.kubernetes.io/part-of: parity, tier: web}
  annotations: {control.kubestellar.io/expand-templates: "true", note: plain}
data:
  where: '{{ printf "%s/%s" .clusterName .region }}'
  zone: '{{ if eq .region "eu-west-1" }}eu{{ else }}other{{ end }}'
  size: '{{ .region | len }}'
  loop: '{{ range $i := 3 }}{{ $i }}{{ end }}'
  quoted: '{{ printf "%q" .clusterName }}'
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: ${ns}, labels: {app.kubernetes.io/part-of: parity}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: ${ns}, labels: {app.kubernetes.io/part-of: parity}}
spec:
  replicas: 2
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      serviceAccountName: app
      containers:
      - name: app
        image: registry.example/app:1.0
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: ${ns}, labels: {app.kubernetes.io/part-of: parity}}
spec:
  selector: {app: app}
  ports: [{port: 80, targetPort: 8080}]
`;

const parityPolicy = `
${parityWorkload("parity-ks")}
---
apiVersion: control.kubestellar.io/v1alpha1
kind: BindingPolicy
metadata: {name: parity}
spec:
  clusterSelectors:
  - matchLabels: {interop: "yes"}
  downsync:
  - objectSelectors:
    - matchLabels: {app.kubernetes.io/part-of: parity}
`;

/**
 * What is allowed to differ between the two copies of one object on one WEC, each for a reason
 * that has nothing to do with the transport: identity and bookkeeping the WEC's API server assigns
 * per object, the namespace the test puts each copy in, and status.
 */
function comparable(obj: Record<string, any>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, any>;
  // Per-object identity and bookkeeping, assigned by the WEC's API server.
  for (const f of ["uid", "resourceVersion", "creationTimestamp", "managedFields", "generation"]) {
    delete copy.metadata[f];
  }
  // The two copies live in different namespaces on purpose (both paths write to one WEC).
  delete copy.metadata.namespace;
  if (copy.kind === "Namespace") {
    delete copy.metadata.name;
    delete copy.metadata.labels["kubernetes.io/metadata.name"]; // the API server sets it to the name
  }
  // A Service's cluster IP is allocated per Service.
  if (copy.kind === "Service") {
    delete copy.spec.clusterIP;
    delete copy.spec.clusterIPs;
  }
  // The work agent stamps a Service with the hash of the spec it was sent. KubeStellar sends the
  // object as the WDS API server returned it (its defaults filled in: type, protocol,
  // sessionAffinity, ipFamilies…); the library sends what the user wrote. The WEC's API server
  // fills in the same defaults, so the objects agree and only the hash of the input differs.
  const SPEC_HASH = "operator.openshift.io/spec-hash";
  if (copy.metadata.annotations?.[SPEC_HASH] !== undefined)
    copy.metadata.annotations[SPEC_HASH] = "<hash of the sent spec>";
  // Status is written by controllers on the WEC, not by the transport.
  delete copy.status;
  // The OCM work agent makes every applied object owned by the AppliedManifestWork of the
  // ManifestWork that carried it. The two transports pack and name ManifestWorks differently
  // (KubeStellar's chart default: one object per ManifestWork named
  // `<bindingUID>-<wds>-<objectUID>`; the library: `<set>-<n>` holding up to 500 objects and
  // 512000 bytes), so only the owner's name and uid differ; its kind must not.
  copy.metadata.ownerReferences = (copy.metadata.ownerReferences ?? []).map(
    (o: { apiVersion: string; kind: string }) => ({ apiVersion: o.apiVersion, kind: o.kind }),
  );
  return copy;
}

describe("a real KubeStellar WDS delivers through an ITS built by this library", () => {
  beforeAll(async () => {
    requireKubeflexHosting();
    env = pulumiEnv();
    dir = mkdtempSync(join(tmpdir(), "ksits-interop-"));
    mkdirSync(join(dir, "state"));
    const kubeconfigs = interopKubeconfigs();
    stack = await inlineStack(
      env,
      { project: "ksits-interop", stack: "interop", stateDir: join(dir, "state") },
      () => {
        const { its, hub } = kubeflexRegisteredIts(ITS_NAME, kubeconfigs);
        const wecs: WorkloadExecutionCluster[] = [];
        for (const [wec, region] of [
          ["wec1", "eu-west-1"],
          ["wec2", "us-east-1"],
        ] as const) {
          const w = new WorkloadExecutionCluster(
            wec,
            {
              itsKubeconfig: its.kubeconfig,
              itsProvider: its.provider,
              labels: { interop: "yes", "location-group": "edge" },
              properties: { region },
              joinIdentity: sandboxJoinIdentity(wec),
            },
            { dependsOn: [hub] },
          );
          wecs.push(w);
        }
        // The same workload as the parity BindingPolicy, through this library's own transport.
        new WorkloadBinding("parity", {
          itsKubeconfig: its.kubeconfig,
          wecs,
          clusterSelectors: [{ matchLabels: { interop: "yes" } }],
          yaml: [parityWorkload("parity-lib")],
          waitFor: "Applied",
        });
      },
    );
  }, 600_000);

  afterAll(async () => {
    try {
      if (stack !== undefined && !destroyed) {
        kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], workload);
        kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], parityPolicy);
        await stack.destroy();
      }
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it("up: the ITS is a Ready KubeFlex ControlPlane the KubeStellar controllers find", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const cp = getJson(env, "hosting", ["controlplane", ITS_NAME]);
    expect(cp.metadata.labels["kflex.kubestellar.io/cptype"]).toBe("its");
    expect(cp.status.conditions.find((c: { type: string }) => c.type === "Ready").status).toBe("True");
  });

  it("a BindingPolicy on the WDS reaches both WECs, expanded with our properties", async () => {
    // KubeStellar's controller-manager installs its CRDs into the WDS only once it has found the
    // ITS ControlPlane (it polls every 2 s, and may be between restarts while it waited for it).
    await eventually(
      "the BindingPolicy CRD in the WDS",
      () => {
        try {
          const crd = getJson(env, "wds", ["crd", "bindingpolicies.control.kubestellar.io"]);
          return crd.status.conditions.some(
            (c: { type: string; status: string }) => c.type === "Established" && c.status === "True",
          );
        } catch {
          return false;
        }
      },
      360_000,
    );
    kubectl(env, "wds", ["apply", "-f", "-"], workload);
    for (const [wec, region] of [
      ["wec1", "eu-west-1"],
      ["wec2", "us-east-1"],
    ] as const) {
      await eventually(
        `shop-config on ${wec}`,
        () => {
          try {
            return getJson(env, wec, ["configmap", "-n", "interop", "shop-config"]).data.region === region;
          } catch {
            return false;
          }
        },
        180_000,
      );
      const cm = getJson(env, wec, ["configmap", "-n", "interop", "shop-config"]);
      expect(cm.data).toEqual({ region, cluster: wec });
    }
  });

  it("parity: the same workload through WorkloadBinding and through KubeStellar gives the same objects on the WECs", async () => {
    kubectl(env, "wds", ["apply", "-f", "-"], parityPolicy);
    const kinds = [
      ["namespace", ""],
      ["configmap", "settings"],
      ["serviceaccount", "app"],
      ["deployment", "app"],
      ["service", "app"],
    ] as const;
    const get = (wec: string, kind: string, name: string, ns: string) =>
      getJson(env, wec, kind === "namespace" ? [kind, ns] : [kind, "-n", ns, name]);
    for (const [wec, region] of [
      ["wec1", "eu-west-1"],
      ["wec2", "us-east-1"],
    ] as const) {
      for (const [kind, name] of kinds) {
        await eventually(
          `${kind} ${name} from KubeStellar on ${wec}`,
          () => get(wec, kind, name, "parity-ks") !== undefined,
          180_000,
        );
        const libObject = get(wec, kind, name, "parity-lib");
        expect(libObject, `${kind} ${name} from the library on ${wec}`).toBeDefined();
        const lib = comparable(libObject);
        const ks = comparable(get(wec, kind, name, "parity-ks"));
        expect(lib, `${kind} ${name} on ${wec}`).toEqual(ks);
      }
      // And the templates expanded as KubeStellar expands them, with our properties.
      expect(get(wec, "configmap", "settings", "parity-lib").data).toEqual({
        where: `${wec}/${region}`,
        zone: region === "eu-west-1" ? "eu" : "other",
        size: String(region.length),
        loop: "012",
        quoted: `"${wec}"`,
      });
    }
  });

  it("a second preview and a refresh show no changes", async () => {
    const preview = await stack.preview({ expectNoChanges: true, diff: true });
    expect(preview.changeSummary.same).toBeGreaterThan(0);
    const refresh = await stack.refresh({ expectNoChanges: true });
    expect(refresh.summary.result).toBe("succeeded");
  });

  it("destroy removes what the library created and nothing of KubeFlex's or KubeStellar's", async () => {
    kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], workload);
    kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], parityPolicy);
    const result = await stack.destroy();
    destroyed = true;
    expect(result.summary.result).toBe("succeeded");
    const names = (cluster: string, args: string[]) =>
      (getJson(env, cluster, args) as { items: { metadata: { name: string } }[] }).items.map(
        (i) => i.metadata.name,
      );
    expect(names("hosting", ["controlplanes"])).toEqual(["wds1"]);
    expect(names("hosting", ["secrets", "-n", "default"])).toEqual([]);
    // The sandbox's own WDS registration stays.
    expect(names("hosting", ["secrets", "-n", "wds1-system"])).toEqual(["admin-kubeconfig"]);
  });
});
