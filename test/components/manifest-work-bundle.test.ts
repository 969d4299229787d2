import * as pulumi from "@pulumi/pulumi";
import type * as ManifestWorkBundleModule from "../../components/transport/manifest-work-bundle";
import { beforeAll, describe, expect, it } from "vitest";
import { drainRegistrations, inputsOf, installMocks, registered, unwrap } from "./harness";
import type { ManifestWorkBundleArgs } from "../../src/transport";
import { BUNDLE_OPTION_KEYS, MANIFEST_WORK_BUNDLE_ARG_KEYS } from "../../src/transport/plan/options";

let lib: typeof ManifestWorkBundleModule;
const names = () => registered.map((r) => r.name);

beforeAll(async () => {
  await installMocks();
  lib = await import("../../components/transport/manifest-work-bundle");
});

describe("ManifestWorkBundle", () => {
  it("rejects a misspelt argument (from JavaScript or config-driven code) instead of dropping it", async () => {
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
    await drainRegistrations();
    expect(names()).toEqual([]);
  });

  it("registers with every documented argument, each reaching the provider's inputs", async () => {
    const args = {
      itsKubeconfig: pulumi.secret("kc"),
      clusterName: "wec1",
      bundleSetName: "set",
      workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "a" } }],
      yaml: ["apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, namespace: a}\n"],
      clusterLabels: { tier: "edge" },
      clusterAnnotations: { note: "n" },
      properties: { region: "eu" },
      maxBytes: 1000,
      maxObjects: 10,
      createOnly: [{ group: "", resource: "configmaps", namespace: "a", name: "c" }],
      serverSideApply: { force: true, fieldManager: "work-agent-x" },
      deletePropagationPolicy: "SelectivelyOrphan",
      orphan: [{ group: "", resource: "configmaps", namespace: "a", name: "d" }],
      feedback: [
        {
          group: "",
          resource: "configmaps",
          namespace: "a",
          name: "c",
          type: "JSONPaths",
          jsonPaths: [{ name: "n", path: ".data" }],
        },
      ],
      waitFor: "Applied",
      waitTimeoutSeconds: 5,
      bindingName: "bind",
      wdsName: "wds9",
      resourceOverrides: { "example.com/Widget": "widgets" },
    } as const;
    // The test passes every argument there is: a new one must be added here.
    expect(Object.keys(args).sort()).toEqual([...MANIFEST_WORK_BUNDLE_ARG_KEYS].sort());
    const b = new lib.ManifestWorkBundle("ok", args as unknown as ManifestWorkBundleArgs);
    await new Promise((resolve) => b.urn.apply(resolve));
    await drainRegistrations();
    expect(names()).toEqual(["ok"]);
    const inputs = unwrap(inputsOf("ok")) as Record<string, unknown>;
    expect(inputs.clusterName).toBe("wec1");
    expect(inputs.bundleSetName).toBe("set");
    expect(inputs.clusterLabels).toEqual({ tier: "edge" });
    expect(inputs.clusterAnnotations).toEqual({ note: "n" });
    expect(inputs.properties).toEqual({ region: "eu" });
    expect(inputs.workloads).toEqual(args.workloads);
    expect(inputs.yaml).toEqual(args.yaml);
    const options = inputs.options as Record<string, unknown>;
    for (const key of BUNDLE_OPTION_KEYS)
      expect(options[key], key).toEqual((args as Record<string, unknown>)[key]);
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
