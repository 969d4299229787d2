import { describe, expect, it } from "vitest";
import { parseProgramConfig, parseStackConfig } from "../../../src/program/config";

const valid = {
  itses: [{ name: "its1", kubeconfigFile: "hub.kubeconfig" }],
  wecs: [
    { name: "wec1", its: "its1", labels: { "location-group": "edge" }, properties: { zone: "a" } },
    { name: "wec2", its: "its1", labels: { "location-group": "edge" } },
  ],
  workloads: [{ name: "shop", files: ["examples/workloads/shop.yaml"] }],
  bindings: [
    {
      name: "shop",
      its: "its1",
      workloads: ["shop"],
      clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
      waitFor: "Applied",
    },
  ],
};

function message(raw: object): string {
  try {
    parseProgramConfig(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("parseProgramConfig", () => {
  it("accepts a complete platform and defaults missing lists to empty", () => {
    expect(parseProgramConfig(valid)).toEqual(valid);
    expect(parseProgramConfig({})).toEqual({ itses: [], wecs: [], workloads: [], bindings: [] });
  });
  it("takes each WEC's join identity and CSR approval", () => {
    const wecs = [
      { name: "wec1", its: "its1", joinIdentity: "system:serviceaccount:open-cluster-management:join-wec1" },
      { name: "wec2", its: "its1", csrApproval: "AnyBootstrapIdentity" },
    ];
    expect(parseProgramConfig({ ...valid, wecs }).wecs).toEqual(wecs);
  });

  it("names every broken reference and duplicate by its config path", () => {
    expect(
      message({
        ...valid,
        wecs: [...valid.wecs, { name: "wec1", its: "its9" }],
        bindings: [{ ...valid.bindings[0], its: "its2", workloads: ["shop", "blog"] }],
      }),
    ).toBe(
      [
        "invalid stack configuration:",
        '  - wecs[2].name: "wec1" is declared twice (also wecs[0])',
        '  - wecs[2].its: "its9" is not a declared ITS (declared: its1)',
        '  - bindings[0].its: "its2" is not a declared ITS (declared: its1)',
        '  - bindings[0].workloads[1]: "blog" is not a declared workload set (declared: shop)',
      ].join("\n"),
    );
  });

  it.each([
    [
      { ...valid, itses: [{ name: "its1" }] },
      '  - itses[0].kubeconfigFile: is required for an "external" ITS',
    ],
    [
      { ...valid, itses: [{ name: "its1", type: "vcluster", kubeconfigFile: "x" }] },
      '  - itses[0].hostingKubeconfigFile: is required for a "vcluster" ITS',
    ],
    [
      { ...valid, wecs: [{ name: "WEC_1", its: "its1" }] },
      `  - wecs[0].name: "WEC_1" must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
    [
      { ...valid, itses: [{ name: "its1", type: "kind", kubeconfigFile: "x" }] },
      '  - itses[0].type: must be one of "vcluster", "host", "external"; got "kind"',
    ],
    [
      { ...valid, bindings: [{ ...valid.bindings[0], waitFor: "Ready" }] },
      '  - bindings[0].waitFor: must be one of "None", "Applied", "Available"; got "Ready"',
    ],
    [
      { ...valid, wecs: [{ name: "wec1", its: "its1", properties: { "my-zone": "a" } }] },
      `  - wecs[0].properties.my-zone: property key "my-zone" is not a Go identifier (letters, digits and '_', not starting with a digit, not a Go keyword), so KubeStellar templates could never use it; got "a"`,
    ],
    [
      { ...valid, wecs: [{ name: "wec1", its: "its1", csrApproval: "Anyone" }] },
      '  - wecs[0].csrApproval: must be one of "JoinIdentity", "AnyBootstrapIdentity"; got "Anyone"',
    ],
    [
      { ...valid, wecs: [{ name: "wec1", its: "its1", joinIdentity: "" }] },
      '  - wecs[0].joinIdentity: must be a user name, e.g. system:serviceaccount:<namespace>:<name>; got ""',
    ],
  ])("rejects %j", (raw, expected) => {
    expect(message(raw)).toBe(`invalid stack configuration:\n${expected}`);
  });
});

describe("parseStackConfig", () => {
  const all = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [`kubestellar-its:${k}`, JSON.stringify(v)]));

  it("reads the program's keys and ignores other namespaces", () => {
    expect(parseStackConfig("kubestellar-its", { ...all(valid), "kubernetes:context": "x" })).toEqual(valid);
  });

  it("reports a misspelt key, an unstructured value and config problems together", () => {
    let message = "";
    try {
      parseStackConfig("kubestellar-its", {
        ...all({ ...valid, wecs: [{ name: "wec1", its: "its9" }] }),
        "kubestellar-its:binding": "[]",
        "kubestellar-its:workloads": "not json",
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "invalid stack configuration:",
      "  - kubestellar-its:binding: unknown config key; the program reads kubestellar-its:itses, kubestellar-its:wecs, kubestellar-its:workloads, kubestellar-its:bindings",
      "  - kubestellar-its:workloads: must be a list (structured config in the stack file, or `pulumi config set --path`)",
      '  - wecs[0].its: "its9" is not a declared ITS (declared: its1)',
      '  - bindings[0].workloads[0]: "shop" is not a declared workload set (declared: none)',
    ]);
  });

  it("accepts bindings whose names once gave per-WEC bundle resources the same name, and a hub fan-out binding", () => {
    // Before 0.3.0 a binding had one resource per WEC (`${binding}-${wec}`): "a" on "b-c" and
    // "a-b" on "c" collided. Now each binding has one child, so they are fine.
    const c = parseProgramConfig({
      ...valid,
      wecs: [
        { name: "b-c", its: "its1", labels: { x: "y" } },
        { name: "c", its: "its1", labels: { x: "y" } },
      ],
      bindings: [
        ...["a", "a-b"].map((name) => ({
          name,
          its: "its1",
          workloads: ["shop"],
          clusterSelectors: [{ matchLabels: { x: "y" } }],
        })),
        {
          name: "fleet",
          its: "its1",
          workloads: ["shop"],
          clusterSelectors: [{ matchLabels: { x: "y" } }],
          delivery: "HubFanOut",
          fanOutNamespace: "fleet-fanout",
        },
      ],
    });
    expect(c.bindings.map((b) => [b.name, b.delivery ?? "PerWec"])).toEqual([
      ["a", "PerWec"],
      ["a-b", "PerWec"],
      ["fleet", "HubFanOut"],
    ]);
  });

  it("refuses an unknown delivery in a binding", () => {
    expect(() =>
      parseProgramConfig({
        ...valid,
        bindings: [
          {
            name: "x",
            its: "its1",
            workloads: ["shop"],
            clusterSelectors: [],
            delivery: "Hub",
          },
        ],
      }),
    ).toThrow('bindings[0].delivery: must be one of "PerWec", "HubFanOut"; got "Hub"');
  });
});
