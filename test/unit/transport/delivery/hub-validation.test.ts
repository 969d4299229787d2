import { describe, expect, it } from "vitest";
import type { DryRunAnswer, DryRunClient, ServedResource } from "../../../../src/kube/dry-run-client";
import { contentHash } from "../../../../src/transport/plan/bundle";
import { goJson } from "../../../../src/transport/go/go-json";
import type { DeliveredObject } from "../../../../src/transport/delivery/shared/hub-validation";
import {
  DRY_RUN_NAMESPACE,
  recordedContent,
  validateOnHub,
  verdictOf,
} from "../../../../src/transport/delivery/shared/hub-validation";
import type { KubeObject } from "../../../../src/transport/plan/objects";

/** A hub that serves v1 ConfigMaps/Secrets/Services and apps/v1 StatefulSets, and answers by rule. */
function fakeHub(answer: (method: string, object: KubeObject) => DryRunAnswer) {
  const sent: { method: string; path: string; object: KubeObject }[] = [];
  const served: Record<string, ServedResource> = {
    "v1 ConfigMap": { apiVersion: "v1", plural: "configmaps", namespaced: true },
    "v1 Secret": { apiVersion: "v1", plural: "secrets", namespaced: true },
    "v1 Service": { apiVersion: "v1", plural: "services", namespaced: true },
    "v1 Namespace": { apiVersion: "v1", plural: "namespaces", namespaced: false },
    "apps/v1 StatefulSet": { apiVersion: "apps/v1", plural: "statefulsets", namespaced: true },
  };
  const client: DryRunClient = {
    resource: (apiVersion, kind) => Promise.resolve(served[`${apiVersion} ${kind}`]),
    create: (r, o) => {
      sent.push({ method: "POST", path: r.plural, object: o as KubeObject });
      return Promise.resolve(answer("POST", o as KubeObject));
    },
    replace: (r, o) => {
      sent.push({ method: "PUT", path: r.plural, object: o as KubeObject });
      return Promise.resolve(answer("PUT", o as KubeObject));
    },
  };
  return { client, sent };
}

const ok: DryRunAnswer = { status: 201 };
const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "apps" },
  data,
});
const to = (wec: string, object: KubeObject, source = "workloads[0]"): DeliveredObject => ({
  where: `WEC "${wec}"`,
  target: `set/${wec}`,
  object,
  source,
  content: contentHash(goJson(object)),
});
let serverSeq = 0;
/** A fresh server name per test: the verdict cache is per server and content. */
const server = () => `https://hub-${++serverSeq}.example:6443`;

describe("the hub as the validator at preview", () => {
  it("refuses what the hub refuses, naming source, destination, object and the server's message", async () => {
    const { client, sent } = fakeHub((_, o) =>
      o.metadata.name === "bad"
        ? {
            status: 422,
            message:
              'ConfigMap "bad" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must ...',
            causes: [{ reason: "FieldValueInvalid", field: "data[bad key]" }],
          }
        : ok,
    );
    const out = await validateOnHub(
      client,
      server(),
      [to("wec1", cm("good"), "workloads[0]"), to("wec1", cm("bad", { "bad key": "v" }), "workloads[1]")],
      new Set(),
      {},
    );
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]!.path).toBe("workloads[1]");
    expect(out.issues[0]!.reason).toContain(
      'v1 ConfigMap apps/bad for WEC "wec1": the ITS API server refuses it',
    );
    expect(out.issues[0]!.reason).toContain("data[bad key]: Invalid value");
    // Namespaced objects go to a namespace every API server has; the rest is unchanged.
    expect(sent.map((s) => s.object.metadata.namespace)).toEqual([DRY_RUN_NAMESPACE, DRY_RUN_NAMESPACE]);
    expect(sent.every((s) => s.method === "POST")).toBe(true);
  });

  it("never quotes the server about a Secret: field kinds only", async () => {
    const canary = "Zq8xK2canary";
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "creds", namespace: "apps" },
      data: { [`${canary}/x`]: "c2VjcmV0" },
    } as unknown as KubeObject;
    const { client } = fakeHub(() => ({
      status: 422,
      message: `Secret "creds" is invalid: data[${canary}/x]: Invalid value: "${canary}/x"`,
      causes: [{ reason: "FieldValueInvalid", field: `data[${canary}/x]` }],
    }));
    const out = await validateOnHub(client, server(), [to("wec1", secret)], new Set(), {
      workloads: [secret],
    });
    expect(out.issues).toHaveLength(1);
    expect(JSON.stringify(out.issues)).not.toContain(canary);
    expect(out.issues[0]!.reason).toContain("v1 Secret apps/creds");
    expect(out.issues[0]!.reason).toContain("FieldValueInvalid");
  });

  it("sends each new content once: recorded content and repeats across WECs are not sent", async () => {
    const { client, sent } = fakeHub(() => ({ status: 422, message: "invalid", causes: [] }));
    const old = cm("old");
    const recorded = recordedContent({ b: { objects: { "/ConfigMap/apps/old": contentHash(goJson(old)) } } });
    const shared = cm("shared", { a: "1" });
    const out = await validateOnHub(
      client,
      server(),
      [to("wec1", old), to("wec1", shared), to("wec2", shared), to("wec3", shared)],
      recorded,
      {},
    );
    expect(sent).toHaveLength(1);
    expect(out.sent).toBe(1);
    expect(out.issues.map((i) => i.reason.slice(0, 40))).toEqual([
      'v1 ConfigMap apps/shared for WEC "wec1":',
      'v1 ConfigMap apps/shared for WEC "wec2":',
      'v1 ConfigMap apps/shared for WEC "wec3":',
    ]);
  });

  it("keeps verdicts per server and content across checks (in memory)", async () => {
    const { client, sent } = fakeHub(() => ok);
    const s = server();
    await validateOnHub(client, s, [to("wec1", cm("a"))], new Set(), {});
    await validateOnHub(client, s, [to("wec2", cm("a"))], new Set(), {});
    expect(sent).toHaveLength(1);
    await validateOnHub(client, server(), [to("wec1", cm("a"))], new Set(), {});
    expect(sent).toHaveLength(2);
  });

  it("leaves to the local rules what the hub cannot judge, and says which", async () => {
    const { client } = fakeHub((method, o) =>
      o.metadata.name === "forbidden"
        ? { status: 403, message: "configmaps is forbidden: User cannot create" }
        : o.metadata.name === "exists"
          ? method === "POST"
            ? { status: 409, message: "already exists" }
            : { status: 422, message: "spec.clusterIP: Invalid value: field is immutable" }
          : { status: 500, message: "webhook down" },
    );
    const custom = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } } as KubeObject;
    const out = await validateOnHub(
      client,
      server(),
      [to("wec1", cm("forbidden")), to("wec1", cm("exists")), to("wec1", cm("flaky")), to("wec1", custom)],
      new Set(),
      {},
    );
    expect(out.issues).toEqual([]);
    expect(out.localOnly.join("\n")).toContain("v1 ConfigMap apps/forbidden (the hub answered 403");
    expect(out.localOnly.join("\n")).toContain("apps/exists (an object of that name exists on the hub)");
    expect(out.localOnly.join("\n")).toContain("the hub answered 500: webhook down");
    expect(out.localOnly.join("\n")).toContain("the hub does not serve example.com/v1 Widget");
  });

  it("what the hub could not judge of a Secret is listed without the hub's words", async () => {
    const canary = "Qx7canary";
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "creds", namespace: "apps" },
      stringData: { p: canary },
    } as unknown as KubeObject;
    const { client } = fakeHub(() => ({ status: 403, message: `admission webhook denied: value ${canary}` }));
    const out = await validateOnHub(client, server(), [to("wec1", secret)], new Set(), {
      workloads: [secret],
    });
    expect(out.localOnly).toEqual(["v1 Secret apps/creds (the hub answered 403)"]);
    expect(JSON.stringify(out)).not.toContain(canary);
  });

  it("an object that exists on the hub is judged as its update", () => {
    expect(verdictOf({ status: 409 }, { status: 200 })).toEqual({ kind: "accepted" });
    expect(verdictOf({ status: 409 }, { status: 422, message: "x: Invalid value", causes: [] }).kind).toBe(
      "refused",
    );
  });

  it("refusals that depend on the hub's network or defaults are not verdicts", () => {
    for (const message of [
      'Service "s" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.5"]: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range',
      'Service "s" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
      'PriorityClass "p" is invalid: value: Forbidden: PriorityClass q is already marked as default',
    ])
      expect(verdictOf({ status: 422, message, causes: [] }).kind).toBe("unjudged");
    expect(verdictOf({ status: 400, message: "json: cannot unmarshal", causes: [] }).kind).toBe("refused");
  });
});
