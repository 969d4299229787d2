import { describe, expect, it } from "vitest";
import { parseManifestWorkStatus } from "../../../../src/transport/plan/status";

describe("parseManifestWorkStatus", () => {
  it("reads conditions, per-manifest status and feedback values", () => {
    const work = {
      metadata: { name: "shop-0", generation: 3 },
      status: {
        conditions: [
          {
            type: "Applied",
            status: "True",
            reason: "AppliedManifestWorkComplete",
            message: "Apply manifest work complete",
            observedGeneration: 3,
          },
          {
            type: "Available",
            status: "True",
            reason: "ResourcesAvailable",
            message: "All resources are available",
            observedGeneration: 3,
          },
        ],
        resourceStatus: {
          manifests: [
            {
              resourceMeta: {
                ordinal: 1,
                group: "apps",
                version: "v1",
                kind: "Deployment",
                resource: "deployments",
                name: "web",
                namespace: "shop",
              },
              statusFeedback: {
                values: [
                  { name: "ReadyReplicas", fieldValue: { type: "Integer", integer: 2 } },
                  { name: "phase", fieldValue: { type: "String", string: "Running" } },
                  { name: "ok", fieldValue: { type: "Boolean", boolean: true } },
                  { name: "raw", fieldValue: { type: "JsonRaw", jsonRaw: '{"a":1}' } },
                  { name: "broken", fieldValue: { type: "Integer" } },
                ],
              },
              conditions: [
                { type: "Applied", status: "True" },
                { type: "Available", status: "True" },
              ],
            },
            {
              resourceMeta: {
                ordinal: 0,
                group: "",
                version: "v1",
                kind: "Namespace",
                resource: "namespaces",
                name: "shop",
                namespace: "",
              },
              conditions: [{ type: "Applied", status: "True" }],
            },
          ],
        },
      },
    };
    expect(parseManifestWorkStatus(work)).toEqual({
      name: "shop-0",
      applied: {
        state: "True",
        reason: "AppliedManifestWorkComplete",
        message: "Apply manifest work complete",
        stale: false,
      },
      available: {
        state: "True",
        reason: "ResourcesAvailable",
        message: "All resources are available",
        stale: false,
      },
      isApplied: true,
      isAvailable: true,
      manifests: [
        {
          ordinal: 0,
          group: "",
          version: "v1",
          kind: "Namespace",
          resource: "namespaces",
          namespace: "",
          name: "shop",
          applied: "True",
          available: "Missing",
          feedback: {},
          message: "",
        },
        {
          ordinal: 1,
          group: "apps",
          version: "v1",
          kind: "Deployment",
          resource: "deployments",
          namespace: "shop",
          name: "web",
          applied: "True",
          available: "True",
          feedback: { ReadyReplicas: 2, phase: "Running", ok: true, raw: '{"a":1}' },
          message: "",
        },
      ],
    });
  });

  it("treats conditions of an older generation as stale, not Applied", () => {
    const r = parseManifestWorkStatus({
      metadata: { name: "w", generation: 5 },
      status: {
        conditions: [
          { type: "Applied", status: "True", reason: "AppliedManifestWorkComplete", observedGeneration: 4 },
        ],
      },
    });
    expect(r.applied).toEqual({
      state: "True",
      reason: "AppliedManifestWorkComplete",
      message: "",
      stale: true,
    });
    expect(r.isApplied).toBe(false);
  });

  it("reports a fresh work with no status as Missing", () => {
    expect(parseManifestWorkStatus({ metadata: { name: "w" } })).toEqual({
      name: "w",
      applied: { state: "Missing", reason: "", message: "", stale: false },
      available: { state: "Missing", reason: "", message: "", stale: false },
      isApplied: false,
      isAvailable: false,
      manifests: [],
    });
  });

  it("surfaces a failed manifest's message (e.g. an apply conflict)", () => {
    const r = parseManifestWorkStatus({
      metadata: { name: "w", generation: 1 },
      status: {
        conditions: [
          {
            type: "Applied",
            status: "False",
            reason: "AppliedManifestWorkFailed",
            message: "Failed to apply manifest work",
            observedGeneration: 1,
          },
        ],
        resourceStatus: {
          manifests: [
            {
              resourceMeta: {
                ordinal: 0,
                group: "",
                version: "v1",
                kind: "ConfigMap",
                resource: "configmaps",
                name: "c",
                namespace: "a",
              },
              conditions: [
                {
                  type: "Applied",
                  status: "False",
                  reason: "AppliedManifestFailed",
                  message: "Apply conflict: field .data.x owned by kubectl",
                },
              ],
            },
          ],
        },
      },
    });
    expect(r.isApplied).toBe(false);
    expect(r.manifests[0]!.message).toBe("Apply conflict: field .data.x owned by kubectl");
  });
});
