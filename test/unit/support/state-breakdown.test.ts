import { describe, expect, it } from "vitest";
import { stateBreakdown } from "../../../bench/state-breakdown";

const checkpoint = {
  version: 3,
  checkpoint: {
    stack: "organization/p/s",
    latest: {
      manifest: { time: "2026-12-02T00:00:00Z", version: "v3" },
      resources: [
        { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", type: "pulumi:pulumi:Stack", custom: false },
        {
          urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic:Resource::b-bundles",
          type: "pulumi-nodejs:dynamic:Resource",
          inputs: {
            workloads: [{ kind: "ConfigMap", data: { v: "x".repeat(500) } }],
            itsKubeconfig: {
              "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
              ciphertext: "c".repeat(300),
            },
          },
          outputs: {
            plan: { wecs: { wec1: { works: {} } } },
            itsKubeconfig: { ciphertext: "c".repeat(300) },
          },
        },
      ],
    },
  },
};

describe("stateBreakdown", () => {
  it("names each resource type's properties and sums to the checkpoint's compact size", () => {
    const text = JSON.stringify(checkpoint, null, 4);
    const parts = stateBreakdown(text);
    const sum = parts.reduce((a, p) => a + p.bytes, 0);
    expect(sum).toBe(Buffer.byteLength(JSON.stringify(checkpoint)));
    expect(parts[0]!.part).toBe("pulumi-nodejs:dynamic:Resource inputs.workloads");
    expect(parts.map((p) => p.part)).toContain("pulumi-nodejs:dynamic:Resource outputs.itsKubeconfig");
    expect(parts.at(-1)!.part).not.toContain("inputs.");
    for (let i = 1; i < parts.length; i++)
      expect(parts[i - 1]!.bytes).toBeGreaterThanOrEqual(parts[i]!.bytes);
  });
});
