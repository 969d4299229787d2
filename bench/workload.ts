import type { KubeObject } from "../src/transport/plan/objects";

/** A small deterministic PRNG (LCG), so every run measures the same workload. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const KINDS = ["Deployment", "Service", "ConfigMap", "CustomResourceDefinition"] as const;

/**
 * One realistic object of roughly `size` bytes: Deployments, Services, ConfigMaps and CRDs,
 * with a string payload carrying the size. `templated` adds a per-WEC template.
 */
export function makeObject(i: number, size: number, templated: boolean): KubeObject {
  const kind = KINDS[i % KINDS.length]!;
  const annotations: Record<string, string> = templated
    ? { "control.kubestellar.io/expand-templates": "true" }
    : {};
  const pad = "x".repeat(Math.max(0, size - 400));
  const ns = `team-${i % 9}`;
  switch (kind) {
    case "Deployment":
      return {
        apiVersion: "apps/v1",
        kind,
        metadata: { name: `app-${i}`, namespace: ns, labels: { app: `app-${i}` }, annotations },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: `app-${i}` } },
          template: {
            metadata: { labels: { app: `app-${i}` } },
            spec: {
              containers: [
                {
                  name: "main",
                  image: "registry.example.com/app:1.0",
                  env: [
                    { name: "REGION", value: templated ? "{{ .region }}" : "east" },
                    { name: "PAD", value: pad },
                  ],
                },
              ],
            },
          },
        },
      };
    case "Service":
      return {
        apiVersion: "v1",
        kind,
        metadata: { name: `svc-${i}`, namespace: ns, annotations: { ...annotations, pad } },
        spec: {
          selector: { app: `app-${i}` },
          ports: [{ port: 80, targetPort: 8080 }],
          clusterIP: "10.0.0.1",
        },
      };
    case "ConfigMap":
      return {
        apiVersion: "v1",
        kind,
        metadata: { name: `cfg-${i}`, namespace: ns, annotations },
        data: { url: templated ? "https://logs/{{ .clusterName }}" : "https://logs/x", pad },
      };
    default:
      return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind,
        metadata: { name: `widgets${i}.example.com`, annotations },
        spec: {
          group: "example.com",
          names: { kind: `Widget${i}`, plural: `widgets${i}` },
          scope: "Namespaced",
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: "object", description: pad } },
            },
          ],
        },
      };
  }
}

/** `count` objects of 0.5-20 KB with about 2% near 100 KB. */
export function makeWorkload(count: number, seed: number, templated: boolean): KubeObject[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const size = r() < 0.02 ? 95_000 + Math.floor(r() * 5_000) : 500 + Math.floor(r() * 19_500);
    return makeObject(i, size, templated);
  });
}
