import { describe, expect, it } from "vitest";
import { checkBinding } from "../../../../src/transport/delivery/binding/binding-inputs";
import type { BindingInputs } from "../../../../src/transport/delivery/binding/binding-inputs";
import { checkBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import type { BundleInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import type { FanOutInputs } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import { engineCheck } from "../../../../src/transport/delivery/shared/provider-common";
import type { CheckResult } from "../../../../src/transport/delivery/shared/provider-common";
import { TEST_KUBECONFIG as UNREACHABLE } from "../../../support/transport-fixtures";

/** Pulumi's marker for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const common = { providerVersion: "1", owner: "p/s/b", workloads: [], yaml: [], options: {} };
const binding = (itsKubeconfig: string) =>
  ({ ...common, legacyOwnerPrefix: "p/s/b-", itsKubeconfig, setName: "b", clusters: [] }) as BindingInputs;
const bundle = (itsKubeconfig: string) =>
  ({ ...common, itsKubeconfig, clusterName: "wec1", bundleSetName: "b" }) as BundleInputs;
const fanOut = (itsKubeconfig: string) =>
  ({
    ...common,
    itsKubeconfig,
    setName: "b",
    namespace: "ksits-fanout",
    clusterSelectors: [],
    clusters: [],
  }) as FanOutInputs;

describe("engineCheck: the ITS probe of the three transport providers", () => {
  it("does not probe while the kubeconfig is not known yet (an ITS made in the same preview)", async () => {
    const results: CheckResult<{ itsKubeconfig: string; plan?: unknown }>[] = [
      checkBinding({}, binding(UNKNOWN)),
      checkBundle({}, bundle(UNKNOWN)),
      checkFanOut({}, fanOut(UNKNOWN)),
    ];
    for (const result of results) {
      expect(result.inputs?.plan).toBeUndefined();
      expect(await engineCheck(result)).toEqual(result);
    }
  });

  it("once there is a plan, fails on an unreachable ITS without naming a property", async () => {
    const result = checkBinding({}, binding(UNREACHABLE));
    expect(result.inputs?.plan).toBeDefined();
    const checked = await engineCheck(result);
    expect(checked.inputs).toBeUndefined();
    expect(checked.failures).toHaveLength(1);
    expect(checked.failures![0]!.property).toBe("");
    expect(checked.failures![0]!.reason).toContain(
      "itsKubeconfig: cannot reach the ITS API server https://127.0.0.1:6443",
    );
  });
});
