import * as pulumi from "@pulumi/pulumi";
import type * as ManifestWorkBundleModule from "../../components/transport/manifest-work-bundle";
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, registered } from "./harness";

let lib: typeof ManifestWorkBundleModule;
const names = () => registered.map((r) => r.name);

beforeAll(async () => {
  await installMocks();
  lib = await import("../../components/transport/manifest-work-bundle");
});

describe("ManifestWorkBundle", () => {
  it("rejects a misspelt argument (from JavaScript or config-driven code) instead of dropping it", () => {
    expect(
      () =>
        new lib.ManifestWorkBundle("b", {
          itsKubeconfig: pulumi.secret("kc"),
          clusterName: "wec1",
          maxObject: 3,
          waitfor: "Applied",
        } as never),
    ).toThrow(
      new RegExp(
        [
          'invalid ManifestWorkBundle "b" args:',
          '  - maxObject: unknown property "maxObject"; check the spelling \\(allowed: bindingName, bundleSetName, clusterAnnotations, clusterLabels, clusterName, createOnly, .*maxObjects.*\\)',
          '  - waitfor: unknown property "waitfor"; check the spelling \\(allowed: .*waitFor.*\\)',
        ].join("\n"),
      ),
    );
    expect(names()).toEqual([]);
  });

  it("registers with every documented argument", async () => {
    const b = new lib.ManifestWorkBundle("ok", {
      itsKubeconfig: pulumi.secret("kc"),
      clusterName: "wec1",
      bundleSetName: "set",
      workloads: [],
      yaml: [],
      clusterLabels: {},
      clusterAnnotations: {},
      properties: {},
      maxBytes: 1000,
      maxObjects: 10,
      createOnly: [],
      waitFor: "Applied",
      waitTimeoutSeconds: 5,
    });
    await new Promise((resolve) => b.urn.apply(resolve));
    expect(names()).toEqual(["ok"]);
  });

  it.each([
    [
      "yaml in flow style",
      { yaml: ["{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {p: eA==}}"] },
      "yaml",
    ],
    [
      "yaml with a Secret in a List",
      {
        yaml: ["apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n"],
      },
      "yaml",
    ],
    [
      "workloads with a Secret in a List",
      { workloads: [{ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Secret" }] }] },
      "workloads",
    ],
  ])("registers %s as a secret input", async (_what, extra, key) => {
    const b = new lib.ManifestWorkBundle(`secret-${key}-${registered.length}`, {
      itsKubeconfig: pulumi.secret("kc"),
      clusterName: "wec1",
      ...extra,
    });
    await new Promise((resolve) => b.urn.apply(resolve));
    const reg = registered[registered.length - 1]!;
    expect(pulumi.runtime.isRpcSecret(reg.inputs[key])).toBe(true);
  });

  it("registers a workload without a Secret in plain text", async () => {
    const b = new lib.ManifestWorkBundle("plain", {
      itsKubeconfig: pulumi.secret("kc"),
      clusterName: "wec1",
      yaml: ["apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Secret}\ndata: {kind: Secret}\n"],
    });
    await new Promise((resolve) => b.urn.apply(resolve));
    expect(pulumi.runtime.isRpcSecret(registered[registered.length - 1]!.inputs.yaml)).toBe(false);
  });
});
