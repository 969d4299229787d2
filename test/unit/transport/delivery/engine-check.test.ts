import { describe, expect, it } from "vitest";
import { checkBinding } from "../../../../src/transport/delivery/binding/binding-inputs";
import type { BindingInputs } from "../../../../src/transport/delivery/binding/binding-inputs";
import { checkBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import type { BundleInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import type { FanOutInputs } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import { assertHub, engineCheck } from "../../../../src/transport/delivery/shared/provider-common";
import type { HubAccess } from "../../../../src/transport/delivery/shared/provider-common";
import { probeHub } from "../../../../src/transport/delivery/shared/work-client";
import { DEFAULT_RETRY_POLICY } from "../../../../src/kube/retry";
import type { HubProbe } from "../../../../src/transport/delivery/shared/work-client";
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

  it("once there is a plan, previews on an unreachable ITS with one warning per ITS, and the write refuses", async () => {
    const logs: string[] = [];
    const hub: HubAccess = {
      probe: (kc) => probeHub(kc, 2_000),
      render: () => undefined,
      dryRun: () => {
        throw new Error("no dry-run without the hub");
      },
      log: (m) => logs.push(m),
    };
    const result = checkBinding({}, binding(UNREACHABLE));
    expect(result.inputs?.plan).toBeDefined();
    // The same plan as without any hub access, and no failure.
    expect(await engineCheck(result, undefined, hub)).toEqual({ inputs: result.inputs });
    expect(await engineCheck(checkBundle({}, bundle(UNREACHABLE)), undefined, hub)).toMatchObject({
      inputs: { bundleSetName: "b" },
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /^warning: cannot reach the ITS API server https:\/\/127\.0\.0\.1:6443: .*This preview planned from the inputs and the state only/,
    );
    const fast = { ...DEFAULT_RETRY_POLICY, attempts: 2, baseDelayMs: 1 };
    await expect(assertHub(UNREACHABLE, hub, fast)).rejects.toThrow(
      /^itsKubeconfig: cannot reach the ITS API server https:\/\/127\.0\.0\.1:6443/,
    );
  });

  it("fails the preview, naming itsKubeconfig, for a WEC given as the ITS or refused credentials; a cluster without the work API fails only the write", async () => {
    const answer = (probe: HubProbe): HubAccess => ({
      probe: () => Promise.resolve(probe),
      render: () => undefined,
      dryRun: () => ({ dryRun: () => Promise.resolve({ status: 200, body: {} }) }) as never,
      log: () => undefined,
    });
    const reasons = async (probe: HubProbe) =>
      (await engineCheck(checkBundle({}, bundle(UNREACHABLE)), undefined, answer(probe))).failures?.map(
        (f) => [f.property, f.reason],
      );
    expect(await reasons({ unreachable: false, role: "wec" })).toEqual([
      [
        "",
        "itsKubeconfig: points at https://127.0.0.1:6443, a WEC: it serves OCM's AppliedManifestWork, not ManifestWork. Give the ITS's kubeconfig",
      ],
    ]);
    expect(
      await reasons({
        unreachable: false,
        problem: "the ITS API server x rejected the kubeconfig's credentials (HTTP 401)",
      }),
    ).toEqual([["", "itsKubeconfig: the ITS API server x rejected the kubeconfig's credentials (HTTP 401)"]]);
    // An ITS whose hub this same up installs serves no work API at preview yet.
    expect(await reasons({ unreachable: false, role: "neither" })).toBeUndefined();
    await expect(assertHub(UNREACHABLE, answer({ unreachable: false, role: "neither" }))).rejects.toThrow(
      "itsKubeconfig: points at https://127.0.0.1:6443, which serves no ManifestWork API (work.open-cluster-management.io/v1)",
    );
    await expect(
      assertHub(UNREACHABLE, answer({ unreachable: false, role: "hub" })),
    ).resolves.toBeUndefined();
  });
});
