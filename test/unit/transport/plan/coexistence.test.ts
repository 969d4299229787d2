import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { workloadBindingArgsSchema } from "../../../../src/binding/schema";
import { InputValidationError, zodIssues } from "../../../../src/kube";
import { parseProgramConfig } from "../../../../src/program/config";
import { checkBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import type { BundleInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import {
  bundleSetNameProblem,
  RESERVED_WDS_NAME,
  wdsNameProblem,
} from "../../../../src/transport/plan/coexistence";
import { bundleOptionsSchema } from "../../../../src/transport/plan/options";
import { bundleName } from "../../../../src/transport/plan/plan";
import { TEST_KUBECONFIG as KC } from "../../../support/transport-fixtures";

const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" }, data: {} };

function bundleInputs(over: Partial<BundleInputs>): BundleInputs {
  return {
    providerVersion: "1",
    owner: "p/s/b",
    itsKubeconfig: KC,
    clusterName: "wec1",
    bundleSetName: "shop",
    workloads: [cm],
    ...over,
  };
}

/** Issues of `schema` for `value`, as `path: reason` lines. */
function issuesOf(
  schema: typeof bundleOptionsSchema | typeof workloadBindingArgsSchema,
  value: object,
): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : zodIssues(r.error, value).map((i) => `${i.path}: ${i.reason}`);
}

function programIssues(binding: Record<string, unknown>): string[] {
  try {
    parseProgramConfig({
      itses: [{ name: "its1", type: "external", kubeconfigFile: "/kc" }],
      workloads: [{ name: "w" }],
      bindings: [{ its: "its1", workloads: ["w"], clusterSelectors: [], ...binding }],
    });
    return [];
  } catch (e) {
    if (!(e instanceof InputValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.reason}`);
  }
}

describe("wdsName: only the reserved value, wherever bundle options are accepted", () => {
  it("the reserved value and leaving it out pass", () => {
    expect(wdsNameProblem(RESERVED_WDS_NAME)).toBeUndefined();
    expect(issuesOf(bundleOptionsSchema, { wdsName: "kubestellar-its" })).toEqual([]);
    expect(issuesOf(bundleOptionsSchema, {})).toEqual([]);
  });
  it("any other DNS label is refused with the value and why", () => {
    const lines = issuesOf(bundleOptionsSchema, { wdsName: "wds1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^wdsName: "wds1" is refused: a KubeStellar transport deletes every ManifestWork/,
    );
    expect(lines[0]).toContain('reserved WDS name "kubestellar-its"');
    expect(lines[0]).toContain('leave wdsName out or set it to "kubestellar-its"');
  });
  it("the value in the message is bounded", () => {
    const long = "w".repeat(5000);
    const [line] = issuesOf(bundleOptionsSchema, { wdsName: long }).filter((l) => l.includes("refused"));
    expect(line!.length).toBeLessThan(700);
    expect(line).toContain("www...");
  });
  it("reported together with every other problem (WorkloadBinding args)", () => {
    const lines = issuesOf(workloadBindingArgsSchema, {
      itsKubeconfig: "kc",
      clusterSelectors: [],
      wdsName: "wds1",
      orphan: [{ kind: "Namespace" }],
      maxObjects: 0,
    });
    expect(lines.map((l) => l.split(":")[0])).toEqual(
      expect.arrayContaining(["maxObjects", "wdsName", "orphan"]),
    );
    expect(lines).toHaveLength(3);
  });
  it("ManifestWorkBundle's check refuses it at preview, with the other problems", () => {
    const r = checkBundle({}, bundleInputs({ options: { wdsName: "wds1", maxBytes: -1 } }));
    expect(r.inputs).toBeUndefined();
    expect(r.failures!.map((f) => f.property).sort()).toEqual(["options", "options"]);
    expect(r.failures!.some((f) => f.reason.startsWith('options.wdsName: "wds1" is refused'))).toBe(true);
  });
  it("the program's bindings refuse it", () => {
    const lines = programIssues({ name: "shop", wdsName: "wds1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bindings\[0\]\.wdsName: "wds1" is refused/);
  });
});

describe("bundle set names KubeStellar's transport could also give a ManifestWork", () => {
  const uid = "0f8fad5b-d9cb-469f-a165-70867728950e";
  it("a name starting with a UID and '-' is refused (the chart default's <binding UID>-<WDS>-<object UID>)", () => {
    expect(bundleSetNameProblem(`${uid}-wds1`)).toMatch(
      /starts with a Kubernetes UID and "-": .*--max-num-wrapped 1/,
    );
    expect(bundleSetNameProblem(`${randomUUID()}-x`)).toBeDefined();
  });
  it("a name ending in -kubestellar-its is refused (the binary default's <binding>-<WDS>-<n>)", () => {
    expect(bundleSetNameProblem("shop-kubestellar-its")).toMatch(
      /^"shop-kubestellar-its" ends in "-kubestellar-its": a KubeStellar transport without --max-num-wrapped 1/,
    );
  });
  it("near misses pass", () => {
    for (const ok of [
      "shop",
      uid, // a UID alone: KubeStellar's names have more after it
      `x-${uid}-wds1`,
      "kubestellar-its", // "<binding>-kubestellar-its-<n>" needs a non-empty binding
      "shop-kubestellar-its-2",
      "shop-wds1", // the residual case: README "With KubeStellar"
    ]) {
      expect(bundleSetNameProblem(ok), ok).toBeUndefined();
    }
  });
  it("a refused set name would give a work KubeStellar's binary default can also write", () => {
    // KubeStellar: "<binding>-<wds>-<n>"; the library: "<set>-<n>".
    expect(bundleName("shop-kubestellar-its", "0")).toBe(`shop-${RESERVED_WDS_NAME}-0`);
  });
  it("library work names are DNS labels (at most 63), so never a chart-default name (at least 75)", () => {
    const shortestChartName = `${uid}-w-${uid}`;
    expect(shortestChartName.length).toBe(75);
    for (const set of ["a", "x".repeat(63), `${uid}-${uid}`, "shop-wds1"]) {
      for (const key of ["0", "7", "123456"]) expect(bundleName(set, key).length).toBeLessThanOrEqual(63);
    }
  });
  it("WorkloadBinding and program bindings refuse it by name; ManifestWorkBundle by bundleSetName", () => {
    expect(programIssues({ name: "shop-kubestellar-its" })).toEqual([
      expect.stringMatching(/^bindings\[0\]\.name: "shop-kubestellar-its" ends in "-kubestellar-its"/),
    ]);
    const r = checkBundle({}, bundleInputs({ bundleSetName: `${uid}-shop` }));
    expect(r.failures).toEqual([
      {
        property: "bundleSetName",
        reason: expect.stringMatching(/^bundleSetName: ".*" starts with a Kubernetes UID/),
      },
    ]);
    expect(checkBundle({}, bundleInputs({})).failures).toBeUndefined();
  });
});
