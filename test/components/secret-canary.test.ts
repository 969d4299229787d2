import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type * as Lib from "../../components";
import { constructed, installMocks, registered, reset, settle } from "./harness";
import type { RejectionWatch } from "../support/unhandled-rejections";
import { inventoryTransportSpaceArgsSchema, kubeStellarCoreChartArgsSchema } from "../../src/its";
import { clusterManagerArgsSchema } from "../../src/hub";
import { workloadExecutionClusterArgsSchema } from "../../src/wec";
import { workloadBindingArgsSchema } from "../../src/binding";
import { watchUnhandledRejections } from "../support/unhandled-rejections";

/**
 * A secret canary fed into every string argument of every component and dynamic resource, one
 * argument at a time, as a `pulumi.secret` (what a user's secret config or another resource's
 * secret output is): it must appear in no error the constructor throws, no rejection it leaves
 * behind, and no plain (non-secret) input of anything it registers.
 */
const CANARY = "canary-7Q2xZp9V";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
let lib: typeof Lib;
let watch: RejectionWatch;

const KC = stringify({
  apiVersion: "v1",
  kind: "Config",
  clusters: [
    { name: "c", cluster: { server: "https://hub.example:6443", "certificate-authority-data": "Q0E=" } },
  ],
  users: [{ name: "u", user: { token: "admin" } }],
  contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
  "current-context": "c",
});

beforeAll(async () => {
  await installMocks((args) =>
    args.type.endsWith(":ClusterAcceptance") ? { accepted: true, joined: true, refusedCsrs: [] } : undefined,
  );
  lib = await import("../../components");
  watch = watchUnhandledRejections();
});
afterAll(() => watch.stop());

/** `value` with every secret-wrapped part replaced: what would be plain in state. */
function plainParts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainParts);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270") return "<secret>";
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plainParts(v)]));
  }
  return value;
}

/** The top-level keys of an args schema whose values are strings (or string enums). */
function stringKeys(schema: z.ZodTypeAny): string[] {
  let s: z.ZodTypeAny = schema;
  while (!("shape" in s._def) && !(typeof (s as { shape?: unknown }).shape === "object")) {
    const d = s._def as { schema?: z.ZodTypeAny; left?: z.ZodTypeAny; innerType?: z.ZodTypeAny };
    s = d.schema ?? d.left ?? d.innerType!;
  }
  const shape = (s as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
  return Object.keys(shape).filter((k) => {
    const r = shape[k]!.safeParse(12345);
    return !r.success && r.error.issues.some((i) => i.code === "invalid_type" && i.expected === "string");
  });
}

interface Case {
  component: string;
  build: (args: Record<string, unknown>) => unknown;
  base: Record<string, unknown>;
  keys: string[];
}

/** Runs one construction with `key` set to the secret canary; everything it left behind, as text. */
async function leaks(c: Case, key: string): Promise<string> {
  reset();
  const seen: string[] = [];
  try {
    c.build({ ...c.base, [key]: pulumi.secret(CANARY) });
  } catch (e) {
    seen.push(String((e as Error).message));
  }
  await Promise.race([
    settle().catch((e: unknown) => seen.push(String(e))),
    new Promise((r) => setTimeout(r, 1500)),
  ]);
  await new Promise((r) => setTimeout(r, 50));
  seen.push(...watch.takeOthers(), JSON.stringify(registered.map((r) => plainParts(r.inputs))));
  return seen.join("\n");
}

const cases = (): Case[] => {
  const binding = {
    itsKubeconfig: KC,
    clusters: [{ name: "wec1", labels: { a: "b" } }],
    clusterSelectors: [{ matchLabels: { a: "b" } }],
    workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "d" } }],
  };
  return [
    {
      component: "InventoryTransportSpace",
      build: (a) => new lib.InventoryTransportSpace("its", a),
      base: { type: "external", kubeconfig: KC },
      keys: stringKeys(inventoryTransportSpaceArgsSchema),
    },
    {
      component: "KubeStellarCoreChart",
      build: (a) => new lib.KubeStellarCoreChart("core", a as never),
      base: { kubeconfig: KC },
      keys: stringKeys(kubeStellarCoreChartArgsSchema),
    },
    {
      component: "ClusterManager",
      build: (a) => new lib.ClusterManager("hub", a),
      base: { kubeconfig: KC, installer: "none" },
      keys: stringKeys(clusterManagerArgsSchema),
    },
    {
      component: "WorkloadExecutionCluster (klusterlet join)",
      build: (a) => new lib.WorkloadExecutionCluster("wec1", a),
      base: { itsKubeconfig: KC, join: "klusterlet", wecKubeconfig: KC },
      keys: stringKeys(workloadExecutionClusterArgsSchema),
    },
    {
      component: "WorkloadBinding (PerWec)",
      build: (a) => new lib.WorkloadBinding("b", a as never),
      base: binding,
      keys: stringKeys(workloadBindingArgsSchema),
    },
    {
      component: "WorkloadBinding (HubFanOut)",
      build: (a) => new lib.WorkloadBinding("f", a as never),
      base: { ...binding, delivery: "HubFanOut" },
      keys: stringKeys(workloadBindingArgsSchema),
    },
    {
      component: "ManifestWorkBundle",
      build: (a) => new lib.ManifestWorkBundle("m", a as never),
      base: { itsKubeconfig: KC, clusterName: "wec1", workloads: binding.workloads },
      keys: [
        "itsKubeconfig",
        "clusterName",
        "bundleSetName",
        "waitFor",
        "bindingName",
        "deletePropagationPolicy",
      ],
    },
    {
      component: "ClusterAcceptance",
      build: (a) => new lib.ClusterAcceptance("a", a as never),
      base: { kubeconfig: KC, clusterName: "wec1" },
      keys: ["kubeconfig", "clusterName", "joinIdentity", "csrApproval"],
    },
    {
      component: "BootstrapToken",
      build: (a) => new lib.BootstrapToken("t", a as never),
      base: { kubeconfig: KC },
      keys: ["kubeconfig", "serviceAccount"],
    },
    {
      component: "HubCheck",
      build: (a) => new lib.HubCheck("h", a as never),
      base: { kubeconfig: KC },
      keys: ["kubeconfig"],
    },
  ];
};

describe("a secret canary in any string argument leaks nowhere", () => {
  it("the harness sees a canary that is not secret (the check can fail)", async () => {
    reset();
    new lib.WorkloadExecutionCluster("wec1", { itsKubeconfig: KC, labels: { region: CANARY } });
    await settle();
    expect(JSON.stringify(registered.map((r) => plainParts(r.inputs)))).toContain(CANARY);
  });
  it("every component and dynamic resource, every string argument", async () => {
    let tried = 0;
    const found: string[] = [];
    for (const c of cases()) {
      expect(c.keys.length, c.component).toBeGreaterThan(0);
      for (const key of c.keys) {
        tried++;
        const text = await leaks(c, key);
        if (text.includes(CANARY))
          found.push(
            `${c.component}.${key}: ${text.slice(Math.max(0, text.indexOf(CANARY) - 200), text.indexOf(CANARY) + 40)}`,
          );
      }
    }
    console.log(`secret canary: ${tried} arguments tried, ${found.length} leaks`);
    expect(found).toEqual([]);
    expect(tried).toBeGreaterThan(40);
    expect(constructed.length).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
