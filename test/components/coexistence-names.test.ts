import * as pulumi from "@pulumi/pulumi";
import type * as WorkloadBindingModule from "../../components/binding/workload-binding";
import { beforeAll, describe, expect, it } from "vitest";
import { drainRegistrations } from "./harness";

const registered: string[] = [];
let lib: typeof WorkloadBindingModule;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(a.name);
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: (a) => a.inputs,
    },
    "proj",
    "test",
    false,
  );
  lib = await import("../../components/binding/workload-binding");
});

describe("WorkloadBinding refuses what a real KubeStellar on the same ITS would claim", () => {
  it("a name ending in -kubestellar-its and a wdsName other than the reserved one, together, before registering", async () => {
    expect(
      () =>
        new lib.WorkloadBinding("shop-kubestellar-its", {
          itsKubeconfig: "kc",
          clusterSelectors: [],
          clusters: [{ name: "wec1" }],
          wdsName: "wds1",
        }),
    ).toThrow(
      /invalid WorkloadBinding "shop-kubestellar-its":\n {2}- wdsName: "wds1" is refused: .*\n {2}- name: "shop-kubestellar-its" ends in "-kubestellar-its"/,
    );
    await drainRegistrations();
    expect(registered).toEqual([]);
  });
});
