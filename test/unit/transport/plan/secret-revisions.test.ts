import { describe, expect, it } from "vitest";
import { checkBinding } from "../../../../src/transport/delivery/binding/binding-inputs";
import type { BindingInputs } from "../../../../src/transport/delivery/binding/binding-inputs";
import { contentHash } from "../../../../src/transport/plan/bundle";
import { expandWecPlan } from "../../../../src/transport/plan/binding-plan";
import type { BindingPlan } from "../../../../src/transport/plan/binding-plan";
import { checkBundle, planFromInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import type { BundleInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import type { FanOutInputs } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import { goJson } from "../../../../src/transport/go/go-json";
import type { CheckResult } from "../../../../src/transport/delivery/shared/provider-common";
import {
  TEST_KUBECONFIG as KC,
  SHOP_NAMESPACE as ns,
  SHOP_REGION as templated,
  SHOP_SETTINGS as cm,
} from "../../../support/transport-fixtures";

type Obj = Record<string, unknown>;

const PIN = "4821";
const secret = (pin: string, extra: Obj = {}, name = "pin"): Obj => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: "shop", ...extra },
  stringData: { pin },
});
/** The same Secret templated per WEC, and as a typed list item: every way a Secret arrives. */
const templatedSecret = (pin: string): Obj =>
  secret(
    `${pin}-{{.region}}`,
    { annotations: { "control.kubestellar.io/expand-templates": "true" } },
    "tpin",
  );
const secretList = (pin: string): Obj => ({
  apiVersion: "v1",
  kind: "SecretList",
  items: [{ metadata: { name: "pin2", namespace: "shop" }, stringData: { pin } }],
});
const workloadsWith = (pin: string): Obj[] => [
  ns,
  cm,
  templated,
  secret(pin),
  secretList(pin),
  templatedSecret(pin),
];

const CLUSTERS = [
  { name: "wec1", labels: { env: "prod" }, properties: { region: "eu" } },
  { name: "wec2", labels: { env: "prod" }, properties: { region: "us" } },
];

function bundleInputs(pin: string): BundleInputs {
  return {
    providerVersion: "1",
    owner: "proj/stack/app",
    itsKubeconfig: KC,
    clusterName: "wec1",
    bundleSetName: "app",
    workloads: workloadsWith(pin),
    properties: { region: "eu" },
    // One object per ManifestWork: an edit shows exactly which work changes.
    options: { maxObjects: 1, waitFor: "None" },
  };
}
function bindingInputs(pin: string): BindingInputs {
  return {
    providerVersion: "1",
    owner: "proj/stack/app",
    legacyOwnerPrefix: "proj/stack/app-",
    itsKubeconfig: KC,
    setName: "app",
    clusters: CLUSTERS,
    workloads: workloadsWith(pin),
    options: { maxObjects: 1, waitFor: "None" },
  };
}
function fanOutInputs(pin: string): FanOutInputs {
  return {
    providerVersion: "1",
    owner: "proj/stack/app",
    itsKubeconfig: KC,
    setName: "app",
    namespace: "fanout",
    clusterSelectors: [{ matchLabels: { env: "prod" } }],
    clusters: CLUSTERS,
    workloads: workloadsWith(pin),
    options: { maxObjects: 1, waitFor: "None" },
  };
}

type Inputs = { plan?: unknown; workloads?: Obj[] };

interface Delivery {
  readonly name: string;
  readonly inputs: (pin: string) => Inputs;
  readonly check: (olds: Inputs, news: Inputs) => CheckResult<Inputs>;
}

function delivery<I extends Inputs>(
  name: string,
  inputs: (pin: string) => I,
  check: (olds: Partial<I>, news: I) => CheckResult<I>,
): Delivery {
  return { name, inputs, check: (olds, news) => check(olds as Partial<I>, news as I) };
}

const DELIVERIES: readonly Delivery[] = [
  delivery("ManifestWorkBundle", bundleInputs, checkBundle),
  delivery("BindingBundles", bindingInputs, (o, n) => checkBinding(o, n)),
  delivery("HubFanOut", fanOutInputs, checkFanOut),
];

function checked(d: Delivery, olds: Inputs, news: Inputs): Inputs {
  const r = d.check(olds, news);
  if (r.failures !== undefined) throw new Error(JSON.stringify(r.failures));
  return r.inputs!;
}

/** What is plain in the state and the preview: the inputs `check` returns, without the secret workloads. */
function plain(inputs: object): string {
  const copy: Obj = { ...inputs };
  delete copy.workloads;
  delete copy.yaml;
  delete copy.itsKubeconfig;
  return goJson(copy);
}

/** Every hash an attacker could compute for a candidate PIN, by every formula the library used. */
function candidateHashes(pin: string): string[] {
  const objects = [
    secret(pin),
    { apiVersion: "v1", kind: "Secret", metadata: { name: "pin2", namespace: "shop" }, stringData: { pin } },
    ...["eu", "us"].map((r) => ({ ...templatedSecret(pin), stringData: { pin: `${pin}-${r}` } })),
  ];
  return objects.flatMap((o) => [
    contentHash(goJson(o)),
    contentHash(JSON.stringify(o)),
    contentHash(Buffer.from(goJson(o))),
  ]);
}

const candidates = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, "0"));

describe.each(DELIVERIES)("$name: a Secret's PIN cannot be recovered from the plan", (d) => {
  it("a dictionary of all 10^4 PINs finds nothing, on create and after an edit", () => {
    const first = checked(d, {}, d.inputs(PIN));
    const edited = checked(d, first, d.inputs("1234"));
    for (const recorded of [plain(first), plain(edited)]) {
      expect(recorded).toMatch(/secret-r[12]/);
      const started = Date.now();
      const found = candidates.filter((pin) => candidateHashes(pin).some((h) => recorded.includes(h)));
      expect(found).toEqual([]);
      // Planning each candidate through `check` gives one and the same plain plan: it singles out none.
      const plans = new Set(
        candidates
          .filter((_, i) => i % 50 === 0 || i === 4821)
          .map((pin) => plain(checked(d, {}, d.inputs(pin)))),
      );
      expect(plans.size).toBe(1);
      expect(Date.now() - started).toBeLessThan(60_000);
    }
  });
});

describe.each(DELIVERIES)("$name: the plan does not tell a Secret's length either", (d) => {
  it("a 1-character and a 64-character value give the same plain plan on create", () => {
    const short = plain(checked(d, {}, d.inputs("1")));
    const long = plain(checked(d, {}, d.inputs("9".repeat(64))));
    expect(long).toBe(short);
  });
});

describe("the dictionary harness itself", () => {
  it("finds the value of an object that is not a Secret (content hashes are kept for those)", () => {
    const configMap = (pin: string): Obj => ({
      ...secret(pin),
      kind: "ConfigMap",
      data: { pin },
      stringData: undefined,
    });
    const clean = (pin: string): Obj => JSON.parse(JSON.stringify(configMap(pin))) as Obj;
    const recorded = plain(checked(DELIVERIES[0]!, {}, { ...bundleInputs(PIN), workloads: [clean(PIN)] }));
    const found = candidates.filter((pin) => recorded.includes(contentHash(goJson(clean(pin)))));
    expect(found).toEqual([PIN]);
  });
});

/** Work name → visible hash, per WEC or group where the delivery has several. */
function works(plan: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, at: string): void => {
    if (value === null || typeof value !== "object") return;
    const v = value as { hash?: unknown; key?: unknown };
    if (typeof v.hash === "string" && typeof v.key === "string") out[at] = v.hash;
    else for (const [k, x] of Object.entries(value)) walk(x, at === "" ? k : `${at}/${k}`);
  };
  walk(plan, "");
  return out;
}

/** The object entries of the work at `path` (a binding's are kept once per packing). */
function objectsOf(plan: unknown, path: string): Record<string, string> {
  const entry = path.split("/").reduce<unknown>((o, p) => (o as Obj)[p], plan) as {
    objects?: Record<string, string>;
  };
  if (entry.objects !== undefined) return entry.objects;
  const [, wec, , name] = path.split("/") as [string, string, string, string];
  return expandWecPlan(plan as BindingPlan, wec)![name]!.objects;
}

function changedWorks(a: unknown, b: unknown): string[] {
  const x = works(a);
  const y = works(b);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k] !== y[k]).sort();
}

describe.each(DELIVERIES)("$name: Secret revisions track edits", (d) => {
  it("an unchanged Secret changes nothing; check is deterministic for the same olds and news", () => {
    const first = checked(d, {}, d.inputs(PIN));
    const again = checked(d, first, d.inputs(PIN));
    expect(again.plan).toEqual(first.plan);
    // preview and up call check with the same olds and news: the same plan.
    expect(goJson(checked(d, first, d.inputs("9999")).plan)).toBe(
      goJson(checked(d, first, d.inputs("9999")).plan),
    );
    expect(goJson(checked(d, {}, d.inputs(PIN)).plan)).toBe(goJson(first.plan));
  });

  it("editing the Secrets' value rewrites exactly their works, and the revision moves on each edit", () => {
    const first = checked(d, {}, d.inputs(PIN));
    const edited = checked(d, first, d.inputs("1234"));
    const changed = changedWorks(first.plan, edited.plan);
    expect(changed.length).toBeGreaterThan(0);
    // Only works holding a Secret change (one object per work: their names are all there is to see).
    const secretWorks = Object.keys(works(first.plan)).filter((k) =>
      Object.values(objectsOf(first.plan, k)).some((v) => v.startsWith("secret-r")),
    );
    expect(changed.every((k) => secretWorks.includes(k))).toBe(true);
    expect(goJson(edited.plan)).toContain("secret-r2");
    const back = checked(d, edited, d.inputs(PIN));
    expect(changedWorks(edited.plan, back.plan)).toEqual(changed);
    expect(goJson(back.plan)).toContain("secret-r3");
    // An edit of a ConfigMap beside the Secrets leaves their works alone.
    const news = d.inputs("1234");
    const other = checked(d, edited, {
      ...news,
      workloads: (news.workloads ?? []).map((w) => (w === cm ? { ...cm, data: { color: "red" } } : w)),
    });
    expect(changedWorks(edited.plan, other.plan).every((k) => !secretWorks.includes(k))).toBe(true);
    expect(changedWorks(edited.plan, other.plan).length).toBeGreaterThan(0);
  });

  it("create and update re-plan exactly what check planned (its revisions stand)", () => {
    const first = checked(d, {}, d.inputs(PIN));
    const edited = checked(d, first, d.inputs("1234"));
    if (d.name === "ManifestWorkBundle") {
      expect(planFromInputs(edited as BundleInputs, (edited as BundleInputs).plan, "recorded").plan).toEqual(
        edited.plan,
      );
    }
    expect(edited.plan).not.toEqual(first.plan);
  });
});

describe("upgrading from a plan that recorded a Secret's content hash", () => {
  it("moves only the Secret's works to revisions; the other works keep their hashes", () => {
    const now = checked(DELIVERIES[0]!, {}, bundleInputs(PIN));
    // The previous release recorded content hashes for every object, Secrets included.
    const old = JSON.parse(
      goJson(now.plan).replace(/secret-r1/g, contentHash(goJson(secret(PIN)))),
    ) as BundleInputs["plan"];
    const next = checked(DELIVERIES[0]!, { ...now, plan: old }, bundleInputs(PIN));
    const changed = changedWorks(old, next.plan);
    const before = works(old);
    const secretWorks = Object.keys(before).filter((k) =>
      Object.values(old![k]!.objects).some((v) => v === contentHash(goJson(secret(PIN)))),
    );
    expect(changed.every((k) => secretWorks.includes(k))).toBe(true);
    expect(goJson(next.plan)).not.toContain(contentHash(goJson(secret(PIN))));
  });
});
