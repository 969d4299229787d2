import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clientKubeconfig, KubeconfigReadError } from "../../../src/kube/client-kubeconfig";
import { probeHub } from "../../../src/transport/delivery/shared/work-client";

const CANARY = "tok3n-Canary-9QzX";
const SRC = join(__dirname, "..", "..", "..", "src");

/** Malformed kubeconfigs with the credential on or next to the broken line: js-yaml quotes it. */
const MALFORMED = [
  `apiVersion: v1\nusers:\n- name: u\n  user: {token: ${CANARY}: x}\n`,
  `apiVersion: v1\nusers: [ {token: "${CANARY}}\n`,
  `users:\n  - name: a\n     token: ${CANARY}\n`,
  `users:\n- name: a\n  user:\n    client-key-data: ${CANARY}\n  \t bad: [\n`,
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("a kubeconfig that does not parse is never quoted", () => {
  it.each(MALFORMED.map((k, i) => [i, k]))(
    "malformed kubeconfig %i: line and column only",
    (_i, kubeconfig) => {
      let message = "";
      try {
        clientKubeconfig(kubeconfig);
      } catch (e) {
        expect(e).toBeInstanceOf(KubeconfigReadError);
        message = (e as Error).message;
      }
      expect(message).toMatch(
        /^the kubeconfig could not be read( \(line \d+, column \d+\))?; its text is not shown/,
      );
      expect(message).not.toContain(CANARY);
    },
  );
  it("the preview's ITS probe reports it without the text", async () => {
    for (const kubeconfig of MALFORMED) {
      const probe = await probeHub(kubeconfig, 500);
      expect(probe.problem).toBeDefined();
      // An unusable kubeconfig is the user's to fix: no preview goes on without it.
      expect(probe.unreachable).toBe(false);
      expect(probe.problem).not.toContain(CANARY);
    }
  });
  it("client-node itself would quote it (the check can fail)", async () => {
    const { KubeConfig } = await import("@kubernetes/client-node");
    const quoted = MALFORMED.filter((k) => {
      try {
        new KubeConfig().loadFromString(k);
        return false;
      } catch (e) {
        return String((e as Error).message).includes(CANARY);
      }
    });
    expect(quoted.length).toBeGreaterThan(0);
  });
  it("every provider loads kubeconfigs through it: no other loadFromString in src/", () => {
    const callers = filesUnder(SRC).filter((f) => readFileSync(f, "utf8").includes("loadFromString("));
    expect(callers.map((f) => f.slice(SRC.length + 1))).toEqual(["kube/client-kubeconfig.ts"]);
  });
});
