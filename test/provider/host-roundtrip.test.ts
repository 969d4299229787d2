import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeWorkApi } from "../support/fake-work-api";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = join(__dirname, "..", "..");
const CANARY = "canary-token-5f0c1d";
const URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/kubestellar-its:ManifestWorkBundle::app";

/**
 * Serializes the provider the way `dynamic.Resource` does, in a plain Node process running the
 * compiled CommonJS build (as `pulumi up` would), and returns the `__provider` text.
 */
function serializeProvider(): string {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const { bundleResourceProvider } = require(${JSON.stringify(join(ROOT, "bin/components/transport/manifest-work-bundle.js"))});
    const provider = bundleResourceProvider();
    pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })
      .then((sf) => process.stdout.write(JSON.stringify({ text: sf.text, secrets: sf.containsSecrets })))
      .catch((e) => { console.error(e); process.exit(1); });`;
  const out = JSON.parse(execFileSync("node", ["-e", script], { cwd: ROOT, encoding: "utf8" })) as {
    text: string;
    secrets: boolean;
  };
  expect(out.secrets).toBe(false);
  return out.text;
}

function kubeconfig(server: string): string {
  return `apiVersion: v1\nkind: Config\nclusters: [{name: hub, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: ${CANARY}}}]\ncontexts: [{name: c, context: {cluster: hub, user: u}}]\ncurrent-context: c\n`;
}

function call<T>(client: any, method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
  );
}

const toStruct = (o: unknown) => structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(o)));

let host: ChildProcess;
let client: any;
let api: FakeWorkApi;
let server: string;
let providerText: string;

beforeAll(async () => {
  execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
  providerText = serializeProvider();
  api = new FakeWorkApi();
  server = await api.start();
  host = spawn("node", [require.resolve("@pulumi/pulumi/cmd/dynamic-provider"), "127.0.0.1:1"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    host.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    host.once("exit", (code) => reject(new Error(`provider host exited with ${code}`)));
  });
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const configure = new provproto.ConfigureRequest();
  configure.setArgs(toStruct({}));
  await call(client, "configure", configure);
}, 120_000);

afterAll(async () => {
  client?.close();
  host?.kill();
  await api?.stop();
});

function inputs(value: string) {
  return {
    __provider: providerText,
    providerVersion: "1",
    owner: "proj/test/app",
    itsKubeconfig: kubeconfig(server),
    clusterName: "wec1",
    bundleSetName: "app",
    workloads: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "app" }, data: { v: "1" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", namespace: "app" }, data: { v: value } },
    ],
    yaml: [],
    clusterLabels: {},
    clusterAnnotations: {},
    properties: {},
    options: { maxObjects: 2, waitFor: "Applied", waitTimeoutSeconds: 30 },
  };
}

async function check(olds: object, news: object): Promise<Record<string, any>> {
  const req = new provproto.CheckRequest();
  req.setUrn(URN);
  req.setOlds(toStruct(olds));
  req.setNews(toStruct(news));
  const res = await call<any>(client, "check", req);
  expect(res.getFailuresList().map((f: any) => f.getReason())).toEqual([]);
  return res.getInputs().toJavaScript();
}

describe("ManifestWorkBundle through the real dynamic-provider host over gRPC", () => {
  it("serializes without capturing credentials or library objects", () => {
    expect(providerText).not.toContain(CANARY);
    expect(providerText).toContain("dynamic-entry");
    expect(providerText.length).toBeLessThan(20_000);
  });

  it("plans at check when the ITS API server is unreachable (a preview goes on), and create refuses, naming itsKubeconfig, with no stack", async () => {
    const unreachable = { ...inputs("2"), itsKubeconfig: kubeconfig("https://127.0.0.1:1") };
    const checked = await check({}, unreachable);
    expect(Object.keys(checked.plan)).toEqual(["app-0", "app-1"]);
    const create = new provproto.CreateRequest();
    create.setUrn(URN);
    create.setProperties(toStruct(checked));
    const error = await call<any>(client, "create", create).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /itsKubeconfig: cannot reach the ITS API server https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    // The engine prints the gRPC message: no stack frame, no credential.
    expect(error?.message).not.toMatch(/\n\s+at /);
    expect(error?.message).not.toContain(CANARY);
  });

  it("checks, creates, diffs, updates one bundle, reads and deletes", async () => {
    const checked = await check({}, inputs("2"));
    expect(Object.keys(checked.plan)).toEqual(["app-0", "app-1"]);

    const create = new provproto.CreateRequest();
    create.setUrn(URN);
    create.setProperties(toStruct(checked));
    const created = await call<any>(client, "create", create);
    expect(created.getId()).toBe("wec1/app");
    const outs = created.getProperties().toJavaScript();
    expect(outs.bundleNames).toEqual(["app-0", "app-1"]);
    expect(outs.status["app-1"].applied).toBe(true);
    expect([...api.works.keys()]).toEqual(["wec1/app-0", "wec1/app-1"]);

    const diff = async (olds: object, news: object) => {
      const req = new provproto.DiffRequest();
      req.setId("wec1/app");
      req.setUrn(URN);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      return (await call<any>(client, "diff", req)).getChanges();
    };
    const again = await check(checked, { ...inputs("2"), __provider: providerText + "\n// new code" });
    expect(await diff(outs, again)).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);

    const edited = await check(checked, inputs("3"));
    expect(await diff(outs, edited)).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    api.requests.length = 0;
    const update = new provproto.UpdateRequest();
    update.setId("wec1/app");
    update.setUrn(URN);
    update.setOlds(toStruct(outs));
    update.setNews(toStruct(edited));
    const updated = (await call<any>(client, "update", update)).getProperties().toJavaScript();
    expect(api.requests.filter((r) => r.startsWith("PATCH"))).toEqual([
      "PATCH /apis/work.open-cluster-management.io/v1/namespaces/wec1/manifestworks/app-1",
    ]);
    expect(updated.plan["app-1"].generation).toBe(2);

    const read = new provproto.ReadRequest();
    read.setId("wec1/app");
    read.setUrn(URN);
    read.setProperties(toStruct(updated));
    const readBack = (await call<any>(client, "read", read)).getProperties().toJavaScript();
    expect(readBack.plan).toEqual(updated.plan);

    const del = new provproto.DeleteRequest();
    del.setId("wec1/app");
    del.setUrn(URN);
    del.setProperties(toStruct(updated));
    await call(client, "delete", del);
    expect(api.works.size).toBe(0);
  });
});
