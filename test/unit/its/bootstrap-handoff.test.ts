import { describe, expect, it } from "vitest";
import { diffHandoff, handOff, readHandoff } from "../../../src/its/bootstrap-handoff";
import type { HandoffClient, HandoffInputs } from "../../../src/its/bootstrap-handoff";

/** A hosting cluster with KubeFlex: `adopt()` does what the operator does to an external ITS. */
function fakeHosting() {
  const secrets = new Map<string, string>();
  let adopted = false;
  const client: HandoffClient = {
    adopted: () => Promise.resolve(adopted),
    writeSecret: (ns, name, key, kc) => {
      secrets.set(`${ns}/${name}`, `${key}=${kc}`);
      return Promise.resolve();
    },
    secretExists: (ns, name) => Promise.resolve(secrets.has(`${ns}/${name}`)),
    deleteSecret: (ns, name) => {
      secrets.delete(`${ns}/${name}`);
      return Promise.resolve();
    },
  };
  return {
    client,
    secrets,
    adopt: () => {
      adopted = true;
      secrets.clear();
    },
  };
}

const INPUTS: HandoffInputs = {
  hostingKubeconfig: "hosting",
  controlPlaneName: "its1",
  secretName: "its1-bootstrap",
  secretNamespace: "default",
  key: "kubeconfig-incluster",
  kubeconfig: "its-kc",
  providerVersion: "1",
};

describe("the KubeFlex bootstrap Secret hand-off", () => {
  it("writes the Secret, and after KubeFlex adopts and deletes it, a refresh sees no drift", async () => {
    const h = fakeHosting();
    await handOff(h.client, INPUTS);
    expect([...h.secrets.entries()]).toEqual([["default/its1-bootstrap", "kubeconfig-incluster=its-kc"]]);
    h.adopt();
    expect(await readHandoff(h.client, "default/its1-bootstrap", INPUTS)).toEqual({
      id: "default/its1-bootstrap",
      props: INPUTS,
    });
  });

  it("a Secret gone before adoption is drift: refresh reports the resource gone", async () => {
    const h = fakeHosting();
    await handOff(h.client, INPUTS);
    h.secrets.clear();
    expect(await readHandoff(h.client, "default/its1-bootstrap", INPUTS)).toEqual({ id: "", props: {} });
  });

  it("does not write again once adopted (KubeFlex would never read it: a leftover credential)", async () => {
    const h = fakeHosting();
    h.adopt();
    await handOff(h.client, { ...INPUTS, kubeconfig: "rotated" });
    expect(h.secrets.size).toBe(0);
  });

  it("diff: a new place replaces, new contents update, __provider is ignored", () => {
    expect(diffHandoff(INPUTS, { ...INPUTS })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffHandoff(INPUTS, { ...INPUTS, kubeconfig: "x" }).replaces).toEqual([]);
    expect(diffHandoff(INPUTS, { ...INPUTS, secretName: "y" }).replaces).toEqual(["secretName"]);
    expect(diffHandoff({ ...INPUTS, __provider: "a" } as never, INPUTS).changes).toBe(false);
  });
});
