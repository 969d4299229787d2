import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/transport/plan/objects";
import { sanitize } from "../../../../src/transport/plan/sanitize";

const serverFields = {
  managedFields: [{ manager: "kubectl" }],
  finalizers: ["x/y"],
  generation: 4,
  ownerReferences: [{ apiVersion: "v1", kind: "X", name: "o", uid: "1" }],
  selfLink: "/api/v1/x",
  resourceVersion: "123",
  uid: "abc",
  generateName: "web-",
  creationTimestamp: "2026-01-01T00:00:00Z",
};

describe("sanitize (KubeStellar's TransformObject strip list)", () => {
  it.each<[string, KubeObject, unknown]>([
    [
      "metadata server fields, last-applied annotation and status",
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
          name: "web",
          namespace: "shop",
          ...serverFields,
          annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", keep: "me" },
          labels: { app: "web" },
        },
        spec: { replicas: 1 },
        status: { readyReplicas: 1 },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
          name: "web",
          namespace: "shop",
          creationTimestamp: "2026-01-01T00:00:00Z",
          annotations: { keep: "me" },
          labels: { app: "web" },
        },
        spec: { replicas: 1 },
      },
    ],
    [
      "an emptied annotation map stays (Go's SetAnnotations keeps a non-nil map)",
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "c", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" } },
      },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", annotations: {} } },
    ],
    [
      "Service: drops allocated fields and nulls node ports",
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: {
          clusterIP: "10.0.0.7",
          clusterIPs: ["10.0.0.7"],
          ipFamilies: ["IPv4"],
          ipFamilyPolicy: "SingleStack",
          externalTrafficPolicy: "Cluster",
          internalTrafficPolicy: "Cluster",
          sessionAffinity: "None",
          type: "NodePort",
          ports: [{ port: 80, nodePort: 30080 }, { port: 81 }],
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: {
          type: "NodePort",
          ports: [
            { port: 80, nodePort: null },
            { port: 81, nodePort: null },
          ],
        },
      },
    ],
    [
      "headless Service stays headless; preserve=nodeport keeps node ports",
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "db", annotations: { "control.kubestellar.io/preserve": "nodeport" } },
        spec: { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 5432, nodePort: 30432 }] },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "db", annotations: { "control.kubestellar.io/preserve": "nodeport" } },
        spec: { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 5432, nodePort: 30432 }] },
      },
    ],
    [
      "Job: selector, suspend, tracking annotation and controller-uid labels go",
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
          name: "migrate",
          annotations: { "batch.kubernetes.io/job-tracking": "" },
          labels: { "controller-uid": "u", "batch.kubernetes.io/controller-uid": "u", app: "m" },
        },
        spec: {
          selector: { matchLabels: { "controller-uid": "u" } },
          suspend: false,
          template: {
            metadata: {
              labels: {
                "controller-uid": "u",
                "batch.kubernetes.io/controller-uid": "u",
                "job-name": "migrate",
              },
            },
          },
        },
        status: { succeeded: 1 },
      },
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "migrate", annotations: {}, labels: { app: "m" } },
        spec: { template: { metadata: { labels: { "job-name": "migrate" } } } },
      },
    ],
    [
      "only the exact GVKs get special cases (a Service CRD of another group is left alone)",
      {
        apiVersion: "example.com/v1",
        kind: "Service",
        metadata: { name: "s" },
        spec: { clusterIP: "1.2.3.4" },
      },
      {
        apiVersion: "example.com/v1",
        kind: "Service",
        metadata: { name: "s" },
        spec: { clusterIP: "1.2.3.4" },
      },
    ],
  ])("%s", (_name, input, expected) => {
    const before = structuredClone(input);
    expect(sanitize(input)).toEqual(expected);
    expect(input).toEqual(before);
  });
});
