import { describe, expect, it } from "vitest";
import { checkBinding } from "../../../../src/transport/delivery/binding/binding-inputs";
import { checkBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";
import { goJson } from "../../../../src/transport/go/go-json";
import { redactError } from "../../../../src/transport/plan/redact";
import { TEST_KUBECONFIG as KC } from "../../../support/transport-fixtures";

type Obj = Record<string, unknown>;

/** Put in every value of Secret workloads, in every notation; it must never be shown. */
const CANARY = "Zq7canaryXv93";
const EXPAND = { "control.kubestellar.io/expand-templates": "true" };
const meta = (extra: Obj = {}): Obj => ({ name: "s", namespace: "shop", ...extra });

const OBJECT_CASES: [string, Obj][] = [
  [
    "Secret, templated value with an unknown function",
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta({ annotations: EXPAND }),
      stringData: { password: `pw{{${CANARY}}}` },
    },
  ],
  [
    "Secret, template that does not parse",
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta({ annotations: EXPAND }),
      stringData: { password: `{{ ${CANARY}` },
    },
  ],
  [
    "Secret, missing property named in the template",
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta({ annotations: EXPAND }),
      data: { password: `{{.${CANARY}}}` },
    },
  ],
  [
    "Secret, invalid label value",
    { apiVersion: "v1", kind: "Secret", metadata: meta({ labels: { a: `${CANARY}!` } }), type: CANARY },
  ],
  [
    "SecretList, item without kind, bad template",
    {
      apiVersion: "v1",
      kind: "SecretList",
      items: [{ metadata: meta({ annotations: EXPAND }), stringData: { password: `pw{{${CANARY}}}` } }],
    },
  ],
  [
    'SecretList, item with kind "", bad label',
    {
      apiVersion: "v1",
      kind: "SecretList",
      items: [{ kind: "", metadata: meta({ labels: { a: `-${CANARY}-` } }), data: { p: CANARY } }],
    },
  ],
  [
    "List holding a Secret with a bad template",
    {
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: meta({ annotations: EXPAND }),
          stringData: { p: `{{${CANARY} 1}}` },
        },
      ],
    },
  ],
  [
    "List inside a List",
    {
      apiVersion: "v1",
      kind: "List",
      items: [{ kind: "List", items: [{ kind: "Secret", data: { p: CANARY } }] }],
    },
  ],
];

const SECRET_HEAD = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: shop\n";
const YAML_CASES: [string, string][] = [
  ["block, unresolved alias", `${SECRET_HEAD}stringData:\n  password: *${CANARY}\n`],
  ["block, a null key beside the value", `${SECRET_HEAD}stringData:\n  ~: ${CANARY}\n`],
  ["block, bad indentation", `${SECRET_HEAD}stringData:\n  password: ${CANARY}\n     other: ${CANARY}\n`],
  ["block, unterminated quote", `${SECRET_HEAD}stringData:\n  password: "${CANARY}\n`],
  ["block, a tab as indentation", `${SECRET_HEAD}stringData:\n\tpassword: ${CANARY}\n`],
  ["block, an unknown tag handle", `${SECRET_HEAD}stringData:\n  password: !x!${CANARY} x\n`],
  [
    "flow, unresolved alias",
    `{apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {password: *${CANARY}}}`,
  ],
  [
    "flow, unterminated",
    `{apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {password: ${CANARY}`,
  ],
  [
    "JSON, a missing comma",
    `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"p":"${CANARY}" "q":"${CANARY}"}}`,
  ],
  [
    "JSON, unterminated string",
    `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"p":"${CANARY}}}`,
  ],
  [
    "SecretList with a bad template",
    `apiVersion: v1\nkind: SecretList\nitems:\n- metadata: {name: s, namespace: shop, annotations: {control.kubestellar.io/expand-templates: "true"}}\n  stringData: {p: "pw{{${CANARY}}}"}\n`,
  ],
  [
    "List of a Secret with an unresolved alias",
    `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  stringData: {p: *${CANARY}}\n`,
  ],
  [
    "second document after a ConfigMap",
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${SECRET_HEAD}data:\n  p: &a ${CANARY}\n  q: *b${CANARY}\n`,
  ],
];

const CLUSTERS = [{ name: "wec1", labels: { env: "prod" }, properties: { region: "eu" } }];
const base = {
  providerVersion: "1",
  owner: "proj/stack/app",
  itsKubeconfig: KC,
  options: { waitFor: "None" as const },
};
const CHECKS = [
  [
    "ManifestWorkBundle",
    (w: { workloads?: Obj[]; yaml?: string[] }) =>
      checkBundle({}, { ...base, clusterName: "wec1", bundleSetName: "app", ...w }),
  ],
  [
    "BindingBundles",
    (w: { workloads?: Obj[]; yaml?: string[] }) =>
      checkBinding(
        {},
        { ...base, legacyOwnerPrefix: "proj/stack/app-", setName: "app", clusters: CLUSTERS, ...w },
      ),
  ],
  [
    "HubFanOut",
    (w: { workloads?: Obj[]; yaml?: string[] }) =>
      checkFanOut(
        {},
        {
          ...base,
          setName: "app",
          namespace: "fanout",
          clusterSelectors: [{ matchLabels: { env: "prod" } }],
          clusters: CLUSTERS,
          ...w,
        },
      ),
  ],
] as const;

/** What `check` returns that is plain: everything but the (secret) workloads and kubeconfig. */
function plainOf(inputs: object | undefined): string {
  const copy: Obj = { ...inputs };
  delete copy.workloads;
  delete copy.yaml;
  delete copy.itsKubeconfig;
  return goJson(copy);
}

describe.each(CHECKS)("%s check: nothing of a Secret in its failures", (_name, check) => {
  it.each(OBJECT_CASES)("object: %s", (_what, workload) => {
    const r = check({ workloads: [workload] });
    expect(r.failures?.length ?? 0).toBeGreaterThan(0);
    for (const f of r.failures ?? []) expect(f.reason).not.toContain(CANARY);
    expect(plainOf(r.inputs)).not.toContain(CANARY);
  });

  it.each(YAML_CASES)("YAML: %s", (_what, text) => {
    const r = check({ yaml: [text] });
    expect(r.failures?.length ?? 0).toBeGreaterThan(0);
    for (const f of r.failures ?? []) {
      expect(f.reason).not.toContain(CANARY);
      // The kind of problem and where it is stay: a line for text that did not parse.
      expect(f.reason).toMatch(/^yaml\[0\]/);
    }
    expect(plainOf(r.inputs)).not.toContain(CANARY);
  });

  it("a ConfigMap keeps its useful message", () => {
    const r = check({
      workloads: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: meta({ annotations: EXPAND }),
          data: { p: `{{${CANARY}}}` },
        },
      ],
    });
    expect(r.failures?.map((f) => f.reason).join("\n")).toContain(`function "${CANARY}" not defined`);
  });
});

describe("provider errors", () => {
  it("lose every word of a Secret's values, keeping the rest", () => {
    const inputs = {
      workloads: [{ apiVersion: "v1", kind: "Secret", metadata: meta(), stringData: { p: `x-${CANARY}` } }],
    };
    const err = redactError(
      new Error(`admission webhook denied: Invalid value: "x-${CANARY}" in shop/s`),
      inputs,
    );
    expect(err.message).not.toContain(CANARY);
    expect(err.stack).not.toContain(CANARY);
    expect(err.message).toContain("admission webhook denied");
  });
});
