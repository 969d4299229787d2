import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { planBundles } from "../../../../src/transport/plan/plan";
import { readObjects } from "../../../../src/transport/plan/read";
import { workloadsHoldSecret, yamlHoldsSecret } from "../../../../src/transport/plan/secrets";

type Obj = Record<string, unknown>;

/**
 * Secret-ness must be decided on the objects as delivered. Many list notations are generated
 * (List, SecretList, v1 List, nested lists, items with kind "", without kind, with kind Secret,
 * apiVersion variants), each as an object and as YAML, and detection is compared with what the
 * real reader and planner deliver: a plan whose ManifestWorks carry a Secret must be secret; a
 * workload the reader or planner refuses must be secret when the reader saw a Secret in it.
 */
const ITEM_KINDS = [undefined, "", "Secret", "ConfigMap"] as const;
const ITEM_VERSIONS = [undefined, "", "v1", "v2"] as const;
const LIST_KINDS = ["List", "SecretList", "ConfigMapList", "", undefined] as const;
const LIST_VERSIONS = ["v1", "", undefined] as const;
const PAYLOADS: readonly Obj[] = [
  { stringData: { password: "hunter2" } },
  { data: { password: "aHVudGVyMg==" } },
];

function item(kind: string | undefined, apiVersion: string | undefined, n: number, payload: Obj): Obj {
  return {
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(kind === undefined ? {} : { kind }),
    metadata: { name: `s${n}`, namespace: "default" },
    ...payload,
  };
}

function list(kind: string | undefined, apiVersion: string | undefined, items: unknown[]): Obj {
  return {
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(kind === undefined ? {} : { kind }),
    items,
  };
}

function notations(): { what: string; workload: Obj }[] {
  const out: { what: string; workload: Obj }[] = [];
  let n = 0;
  for (const lk of LIST_KINDS)
    for (const lv of LIST_VERSIONS)
      for (const ik of ITEM_KINDS)
        for (const iv of ITEM_VERSIONS)
          for (const payload of PAYLOADS) {
            const it = item(ik, iv, n++, payload);
            const cm = item("ConfigMap", "v1", n++, { data: { a: "b" } });
            const what = `${lv ?? "-"}/${lk ?? "-"} item ${iv ?? "-"}/${ik ?? "-"} ${Object.keys(payload)[0]}`;
            out.push({ what, workload: list(lk, lv, [it]) });
            out.push({ what: `${what} after a ConfigMap`, workload: list(lk, lv, [cm, it]) });
            out.push({ what: `${what} nested`, workload: list(lk, lv, [list("List", "v1", [it])]) });
            out.push({ what: `${what} nested typed`, workload: list("List", "v1", [list(lk, lv, [it])]) });
          }
  return out;
}

/** Whether the real reader and planner deliver a Secret, and whether they refuse the input. */
function delivered(inputs: { workloads?: Obj[]; yaml?: string[] }): {
  refused: boolean;
  readSecret: boolean;
  deliveredSecret: boolean;
} {
  const issues: { path: string; reason: string }[] = [];
  const { objects, paths } = readObjects(inputs, issues);
  const readSecret = objects.some((o) => (o as Obj | null)?.kind === "Secret");
  if (issues.length > 0) return { refused: true, readSecret, deliveredSecret: false };
  try {
    const r = planBundles({ setName: "s", clusterName: "wec1", objects, paths });
    const manifests = r.works.flatMap(
      (w) => (w.spec as { workload: { manifests: Obj[] } }).workload.manifests,
    );
    return { refused: false, readSecret, deliveredSecret: manifests.some((m) => m.kind === "Secret") };
  } catch {
    return { refused: true, readSecret, deliveredSecret: false };
  }
}

describe("secret-ness is decided on the objects as delivered", () => {
  const cases = notations();

  it(`agrees with delivery for ${cases.length} list notations as objects and as YAML`, () => {
    let deliveredSecrets = 0;
    for (const { what, workload } of cases) {
      const forms = [
        { form: "object", inputs: { workloads: [workload] }, detect: () => workloadsHoldSecret([workload]) },
        {
          form: "YAML",
          inputs: { yaml: [stringify(workload)] },
          detect: () => yamlHoldsSecret([stringify(workload)]),
        },
        {
          form: "JSON",
          inputs: { yaml: [JSON.stringify(workload)] },
          detect: () => yamlHoldsSecret([JSON.stringify(workload)]),
        },
      ];
      for (const f of forms) {
        const d = delivered(f.inputs);
        const secret = f.detect();
        const label = `${f.form} ${what}`;
        if (!d.refused) expect(secret, label).toBe(d.deliveredSecret);
        else if (d.readSecret) expect(secret, label).toBe(true);
        if (d.deliveredSecret) deliveredSecrets++;
      }
    }
    // The generator reaches the notations of the defect: typed lists delivering a Secret.
    expect(deliveredSecrets).toBeGreaterThan(100);
  });

  it.each([
    [
      "SecretList, items without kind",
      list("SecretList", "v1", [item(undefined, undefined, 1, PAYLOADS[0]!)]),
    ],
    ['SecretList, items with kind ""', list("SecretList", "v1", [item("", undefined, 1, PAYLOADS[1]!)])],
    ["List, item kind Secret", list("List", "v1", [item("Secret", "v1", 1, PAYLOADS[0]!)])],
  ])("%s: delivered as a Secret, so detected", (_what, workload) => {
    expect(delivered({ workloads: [workload] }).deliveredSecret).toBe(true);
    expect(workloadsHoldSecret([workload])).toBe(true);
    expect(yamlHoldsSecret([stringify(workload)])).toBe(true);
  });

  it("a ConfigMapList of items without kind is not secret", () => {
    const workload = list("ConfigMapList", "v1", [item(undefined, undefined, 1, { data: { a: "b" } })]);
    expect(delivered({ workloads: [workload] }).deliveredSecret).toBe(false);
    expect(workloadsHoldSecret([workload])).toBe(false);
  });
});
