import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeEach, describe, expect, it } from "vitest";
import type { ObjectClient, ObjectRef } from "../../../src/transport/delivery/shared/object-client";
import {
  buildKlusterletOperator,
  INSTALLED_BY_LABEL,
  isKlusterletOperator,
  klusterletModeRunsOperatorOnWec,
} from "../../../src/wec/klusterlet-operator";
import {
  diffKlusterletOperator,
  ensureKlusterletOperator,
  readKlusterletOperator,
  removeKlusterletOperator,
} from "../../../src/wec/klusterlet-operator-provider";
import type { KlusterletOperatorInputs } from "../../../src/wec/klusterlet-operator-provider";
import { KlusterletMode } from "../../../src/wec/enums";

type Obj = Record<string, unknown> & {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

const FIXTURES = join(__dirname, "..", "..", "fixtures", "ocm-klusterlet-operator");
const upstream = (file: string): Obj =>
  parseAllDocuments(readFileSync(join(FIXTURES, file), "utf8"))
    .map((d) => d.toJSON() as Obj | null)
    .find((d) => d !== null)!;

/** Drops the library's ownership label, which the chart does not set. */
function withoutOwnLabel<T extends { metadata?: { labels?: Record<string, string> } }>(o: T): T {
  const copy = structuredClone(o);
  const labels = { ...copy.metadata?.labels };
  delete labels[INSTALLED_BY_LABEL.key];
  if (copy.metadata !== undefined) {
    if (Object.keys(labels).length === 0) delete copy.metadata.labels;
    else copy.metadata.labels = labels;
  }
  return copy;
}

describe("the klusterlet operator as the OCM v1.2.1 chart renders it", () => {
  const built = buildKlusterletOperator({ registry: "quay.io/open-cluster-management", tag: "latest" });

  it("the Deployment equals the chart's rendered operator.yaml (image from registry and tag)", () => {
    expect(withoutOwnLabel(built.deployment)).toEqual(upstream("operator.yaml"));
  });
  it("the ServiceAccount, ClusterRoleBinding and Namespace equal the chart's", () => {
    expect(withoutOwnLabel(built.serviceAccount)).toEqual(upstream("service_account.yaml"));
    expect(withoutOwnLabel(built.clusterRoleBinding)).toEqual(upstream("cluster_role_binding.yaml"));
    expect(withoutOwnLabel(built.namespace)).toEqual(upstream("namespace.yaml"));
  });
  it("names the image from the registry and tag", () => {
    const d = buildKlusterletOperator({ registry: "r.example/ocm", tag: "v1.3.1" }).deployment as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(d.spec.template.spec.containers[0]?.image).toBe("r.example/ocm/registration-operator:v1.3.1");
  });
  it("runs on the WEC only in the Default and Singleton modes, as the chart", () => {
    expect(Object.values(KlusterletMode).filter(klusterletModeRunsOperatorOnWec)).toEqual([
      "Default",
      "Singleton",
    ]);
  });
});

describe("recognising a klusterlet operator someone else installed", () => {
  const deployment = (
    namespace: string,
    name: string,
    container: { command?: string[]; args?: string[] },
  ) => ({
    metadata: { namespace, name },
    spec: { template: { spec: { containers: [container] } } },
  });
  it.each([
    [
      "clusteradm's name, any container",
      deployment("open-cluster-management", "klusterlet", { args: ["x"] }),
    ],
    [
      "the chart's args elsewhere",
      deployment("ocm", "op", { args: ["/registration-operator", "klusterlet"] }),
    ],
    [
      "OLM-style command and args",
      deployment("olm", "k", { command: ["registration-operator"], args: ["klusterlet", "--x"] }),
    ],
    ["a flag between", deployment("o", "k", { args: ["/bin/registration-operator", "--v=2", "klusterlet"] })],
  ])("%s", (_, d) => expect(isKlusterletOperator(d)).toBe(true));
  it.each([
    [
      "the hub operator",
      deployment("open-cluster-management", "cluster-manager", { args: ["/registration-operator", "hub"] }),
    ],
    [
      "the klusterlet agent",
      deployment("open-cluster-management-agent", "klusterlet-agent", {
        args: ["/registration-operator", "agent"],
      }),
    ],
    [
      "klusterlet before the program",
      deployment("o", "k", { args: ["klusterlet", "/registration-operator"] }),
    ],
    [
      "another program",
      deployment("o", "klusterlet", { args: ["/my-registration-operator-x", "klusterlet"] }),
    ],
  ])("not %s", (_, d) => expect(isKlusterletOperator(d)).toBe(false));
});

const key = (r: ObjectRef) => `${r.apiVersion}|${r.kind}|${r.namespace}|${r.name}`;
const refOfObj = (o: Obj): ObjectRef => ({
  apiVersion: o.apiVersion as string,
  kind: o.kind as string,
  namespace: o.metadata.namespace ?? "",
  name: o.metadata.name,
});

/** A WEC as the operator provider sees it; `listForbidden` stands in for a namespaced credential. */
class FakeWec {
  readonly objects = new Map<string, Obj>();
  readonly writes: string[] = [];
  listForbidden = false;
  put(o: Obj): void {
    this.objects.set(key(refOfObj(o)), structuredClone(o));
  }
  count(kind: string): number {
    return [...this.objects.values()].filter((o) => o.kind === kind).length;
  }
  readonly client: ObjectClient = {
    get: (ref) => Promise.resolve(structuredClone(this.objects.get(key(ref)))),
    apply: (obj) => {
      const ref = refOfObj(obj as Obj);
      this.writes.push(`apply ${ref.kind} ${ref.name}`);
      this.objects.set(key(ref), structuredClone(obj as Obj));
      return Promise.resolve(structuredClone(obj));
    },
    delete: (ref) => {
      this.writes.push(`delete ${ref.kind} ${ref.name}`);
      this.objects.delete(key(ref));
      return Promise.resolve();
    },
    list: (apiVersion, kind, namespace) => {
      if (this.listForbidden && namespace === "") return Promise.reject(new Error("listing: 403 Forbidden"));
      return Promise.resolve(
        [...this.objects.values()]
          .filter((o) => {
            const r = refOfObj(o);
            return (
              r.apiVersion === apiVersion &&
              r.kind === kind &&
              (namespace === "" || r.namespace === namespace)
            );
          })
          .map((o) => structuredClone(o)),
      );
    },
  };
}

const inputs: KlusterletOperatorInputs = {
  kubeconfig: "kc",
  clusterName: "wec1",
  registry: "quay.io/open-cluster-management",
  tag: "v1.3.1",
  providerVersion: "1",
};
const logs: string[] = [];
const log = (m: string) => logs.push(m);
let wec: FakeWec;
beforeEach(() => {
  wec = new FakeWec();
  logs.length = 0;
});

const foreignOperator = (namespace: string, name: string): Obj => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { namespace, name },
  spec: { template: { spec: { containers: [{ args: ["/registration-operator", "klusterlet"] }] } } },
});

describe("KlusterletOperator: install unless one is there, remove only its own", () => {
  it("a fresh WEC gets the operator: namespace, ServiceAccount, ClusterRole, binding, Deployment in that order", async () => {
    const out = await ensureKlusterletOperator(wec.client, inputs, log);
    expect(wec.writes).toEqual([
      "apply Namespace open-cluster-management",
      "apply ServiceAccount klusterlet",
      "apply ClusterRole klusterlet",
      "apply ClusterRoleBinding klusterlet",
      "apply Deployment klusterlet",
    ]);
    expect(out).toMatchObject({
      installed: true,
      operator: "open-cluster-management/klusterlet",
      createdNamespace: true,
    });
  });

  it("a re-run (update) applies the same objects again: never a second Deployment", async () => {
    const first = await ensureKlusterletOperator(wec.client, inputs, log);
    const second = await ensureKlusterletOperator(wec.client, { ...inputs, tag: "v1.3.2" }, log, first);
    expect(wec.count("Deployment")).toBe(1);
    expect(second).toMatchObject({ installed: true, createdNamespace: true });
  });

  it.each([
    ["clusteradm's", "open-cluster-management", "klusterlet"],
    ["another namespace's", "ocm-operators", "klusterlet-operator"],
  ])(
    "an operator already installed (%s) is used, not duplicated, and left alone on destroy",
    async (_, ns, name) => {
      wec.put(foreignOperator(ns, name));
      const out = await ensureKlusterletOperator(wec.client, inputs, log);
      expect(wec.writes).toEqual([]);
      expect(out).toMatchObject({ installed: false, operator: `${ns}/${name}` });
      expect(logs.join("\n")).toContain(`${ns}/${name} is already installed`);
      await removeKlusterletOperator(wec.client, out, log);
      expect(wec.writes).toEqual([]);
      expect(wec.count("Deployment")).toBe(1);
    },
  );

  it("a credential that may not list Deployments cluster-wide falls back to clusteradm's own test", async () => {
    wec.listForbidden = true;
    wec.put(foreignOperator("open-cluster-management", "klusterlet"));
    expect(await ensureKlusterletOperator(wec.client, inputs, log)).toMatchObject({ installed: false });
    wec.objects.clear();
    expect(await ensureKlusterletOperator(wec.client, inputs, log)).toMatchObject({ installed: true });
  });

  it("destroy removes what it installed, Deployment first, and the namespace it created", async () => {
    const out = await ensureKlusterletOperator(wec.client, inputs, log);
    wec.writes.length = 0;
    await removeKlusterletOperator(wec.client, out, log);
    expect(wec.writes).toEqual([
      "delete Deployment klusterlet",
      "delete ClusterRoleBinding klusterlet",
      "delete ClusterRole klusterlet",
      "delete ServiceAccount klusterlet",
      "delete Namespace open-cluster-management",
    ]);
    expect(wec.objects.size).toBe(0);
  });

  it("keeps a namespace that existed before, or that holds another Deployment (the hub operator on a self-managed hub)", async () => {
    wec.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "open-cluster-management" } });
    const before = await ensureKlusterletOperator(wec.client, inputs, log);
    expect(before.createdNamespace).toBe(false);
    await removeKlusterletOperator(wec.client, before, log);
    expect(wec.count("Namespace")).toBe(1);

    wec.objects.clear();
    const created = await ensureKlusterletOperator(wec.client, inputs, log);
    wec.put({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { namespace: "open-cluster-management", name: "cluster-manager" },
    });
    await removeKlusterletOperator(wec.client, created, log);
    expect(wec.count("Namespace")).toBe(1);
    expect(logs.join("\n")).toContain("it holds cluster-manager");
  });

  it("keeps the operator while a Klusterlet still needs it", async () => {
    const out = await ensureKlusterletOperator(wec.client, inputs, log);
    wec.put({
      apiVersion: "operator.open-cluster-management.io/v1",
      kind: "Klusterlet",
      metadata: { name: "klusterlet" },
    });
    wec.writes.length = 0;
    await removeKlusterletOperator(wec.client, out, log);
    expect(wec.writes).toEqual([]);
    expect(logs.join("\n")).toContain("still needed by Klusterlet klusterlet");
  });

  it("refresh notices a deleted operator and the next up installs it again", async () => {
    const out = await ensureKlusterletOperator(wec.client, inputs, log);
    expect(diffKlusterletOperator(await readKlusterletOperator(wec.client, out), inputs).changes).toBe(false);
    wec.objects.clear();
    const refreshed = await readKlusterletOperator(wec.client, out);
    expect(refreshed.operator).toBe("");
    expect(diffKlusterletOperator(refreshed, inputs)).toMatchObject({ changes: true, replaces: [] });
    expect(await ensureKlusterletOperator(wec.client, inputs, log, refreshed)).toMatchObject({
      installed: true,
    });
  });

  it("a new image or credential updates in place, never replaces (a replace would delete the new operator)", () => {
    for (const change of [{ tag: "v2" }, { kubeconfig: "other" }, { registry: "r" }]) {
      const d = diffKlusterletOperator(
        { ...inputs, installed: true, operator: "a/b", createdNamespace: true },
        { ...inputs, ...change },
      );
      expect(d).toMatchObject({ changes: true, replaces: [] });
    }
  });
});
