import * as pulumi from "@pulumi/pulumi";
import { expect, it } from "vitest";

/**
 * At preview, a WEC whose facts come from a resource not created yet cannot be checked, and a
 * binding over it cannot select: both say so on the resource, so a reviewer knows what waits.
 */
it("a preview with unknown WEC facts says which checks wait for up", async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    "proj",
    "preview",
    true,
  );
  const lib = await import("../../components");
  const infos: string[] = [];
  const original = pulumi.log.info;
  pulumi.log.info = (msg: string) => {
    infos.push(msg);
    return Promise.resolve();
  };
  try {
    // An Output the engine has not resolved at preview (a resource not created yet).
    const OutputCtor = pulumi.Output as unknown as new (...a: unknown[]) => pulumi.Output<string>;
    const unknown = new OutputCtor(
      new Set(),
      Promise.resolve(undefined),
      Promise.resolve(false),
      Promise.resolve(false),
      Promise.resolve(new Set()),
    );
    const kubeconfig =
      "apiVersion: v1\nkind: Config\nclusters: [{name: h, cluster: {server: 'https://h:6443'}}]\ncontexts: [{name: c, context: {cluster: h, user: u}}]\nusers: [{name: u, user: {token: t}}]\ncurrent-context: c\n";
    const known = new lib.WorkloadExecutionCluster("known", {
      itsKubeconfig: kubeconfig,
      labels: { env: "prod" },
    });
    const later = new lib.WorkloadExecutionCluster("later", {
      itsKubeconfig: kubeconfig,
      labels: { env: unknown },
    });
    new lib.WorkloadBinding("app", {
      itsKubeconfig: kubeconfig,
      wecs: [known, later],
      clusterSelectors: [{}],
    });
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    pulumi.log.info = original;
  }
  expect(infos.sort()).toEqual([
    "the checks of clusterName, labels, annotations and properties wait for values known only at up",
    "the selection of WECs and each WEC's plan (WEC facts, clusters or selectors from Outputs) wait for values known only at up",
  ]);
});
