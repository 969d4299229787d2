import type { KubeObject } from "../src/transport/plan/objects";

/** The label both paths' objects carry; the BindingPolicy of path B selects on it. */
export const PART_OF = "app.kubernetes.io/part-of";
/** The one object each round edits: a templated ConfigMap (its `data.revision`). */
export const EDITED = "settings";
/** The label the WECs carry in the bench: both paths select them by it. */
export const WEC_SELECTOR = { "ksits-bench": "side-by-side" };

const pad = (bytes: number) => "x".repeat(bytes);

/**
 * A small application of 15 objects, as a team would ship it: its Namespace, a templated
 * ConfigMap (`settings`, per-WEC `region` and `clusterName`, and the `revision` each round
 * edits), 5 plain ConfigMaps, 4 Deployments and 4 Services (~1-2 KB each). `namespace` keeps the
 * two paths' copies apart on the WECs (two work agents placing one object would fight).
 */
export function sideBySideWorkload(namespace: string, revision: string): KubeObject[] {
  const labels = { [PART_OF]: namespace };
  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: EDITED,
        namespace,
        labels,
        annotations: { "control.kubestellar.io/expand-templates": "true" },
      },
      data: { region: "{{ .region }}", cluster: "{{ .clusterName }}", revision },
    },
  ];
  for (let i = 0; i < 5; i++) {
    objects.push({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `config-${i}`, namespace, labels },
      data: { "app.properties": `feature.${i}=on\n`, notes: pad(800 + 100 * i) },
    });
  }
  for (let i = 0; i < 4; i++) {
    // The pod template carries only `app`: the WDS's controller manager makes ReplicaSets from
    // it, and those must not match the BindingPolicy's object selector.
    objects.push(
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: `svc-${i}`, namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: `svc-${i}` } },
          template: {
            metadata: { labels: { app: `svc-${i}` } },
            spec: {
              containers: [
                {
                  name: "main",
                  image: "registry.example.com/shop/svc:1.4.2",
                  ports: [{ containerPort: 8080 }],
                  env: [{ name: "NOTES", value: pad(600) }],
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: `svc-${i}`, namespace, labels },
        spec: { selector: { app: `svc-${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
      },
    );
  }
  return objects;
}

/** Path B's BindingPolicy: the workload labelled `part-of: <namespace>`, to the bench's WECs. */
export function bindingPolicy(name: string, namespace: string): KubeObject {
  return {
    apiVersion: "control.kubestellar.io/v1alpha1",
    kind: "BindingPolicy",
    metadata: { name },
    spec: {
      clusterSelectors: [{ matchLabels: WEC_SELECTOR }],
      downsync: [{ objectSelectors: [{ matchLabels: { [PART_OF]: namespace } }] }],
    },
  };
}
