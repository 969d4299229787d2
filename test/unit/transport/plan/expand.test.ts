import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/transport/plan/objects";
import {
  clusterProperties,
  expandObject,
  expandString,
  MAX_EXPANDED_STRING,
} from "../../../../src/transport/plan/expand";
import { goJson } from "../../../../src/transport/go/go-json";

const props = clusterProperties({
  clusterName: "wec1",
  labels: { region: "east", "location-group": "edge", tier: "label-tier" },
  annotations: { tier: "annotation-tier", owner: "ops" },
  data: { owner: "data-owner", clusterURL: "https://c/1" },
});

describe("clusterProperties precedence: data > annotations > labels > clusterName", () => {
  it("merges and drops non-identifier keys", () => {
    expect(props).toEqual({
      clusterName: "wec1",
      region: "east",
      tier: "annotation-tier",
      owner: "data-owner",
      clusterURL: "https://c/1",
    });
  });
  it("lets data override clusterName", () => {
    expect(clusterProperties({ clusterName: "a", data: { clusterName: "b" } }).clusterName).toBe("b");
  });
});

describe("expandString", () => {
  it.each([
    ["no template", "plain", "plain", []],
    ["one reference", "https://loki/{{ .clusterName }}", "https://loki/wec1", []],
    ["no spaces", "{{.region}}-{{.owner}}", "east-data-owner", []],
    ["trim markers", "a   {{- .region -}}   b", "aeastb", []],
    [
      "missing key",
      "{{ .zone }}",
      "",
      [
        `map has no entry for key "zone" (this WEC's properties: clusterName, clusterURL, owner, region, tier)`,
      ],
    ],
    ["built-in functions, as KubeStellar runs them", '{{ printf "%s-%03d" .region 7 }}', "east-007", []],
    [
      "pipelines and conditionals",
      '{{ if eq .tier "gold" }}{{ .owner | printf "%q" }}{{ else }}none{{ end }}',
      "none",
      [],
    ],
    [
      "range over the properties, keys sorted",
      "{{ range $k, $v := . }}{{ $k }};{{ end }}",
      "clusterName;clusterURL;owner;region;tier;",
      [],
    ],
    [
      "range over a missing key",
      "{{ range .x }}y{{ end }}",
      "",
      [`map has no entry for key "x" (this WEC's properties: clusterName, clusterURL, owner, region, tier)`],
    ],
    ["no other function", "{{ upper .region }}", "", ['template: template:1: function "upper" not defined']],
    ["unclosed", "x {{ .region", "", ["template: template:1: unclosed action"]],
  ])("%s", (_n, input, text, issues) => {
    expect(expandString(input, props)).toMatchObject({ text, issues });
  });

  it("bounds the output", () => {
    const big = { clusterName: "c", blob: "x".repeat(200 * 1024) };
    const r = expandString("{{ .blob }}{{ .blob }}", big);
    expect(r.issues).toEqual([
      `expands to more than ${MAX_EXPANDED_STRING} bytes; the library bounds template expansion`,
    ]);
  });
});

describe("expandObject", () => {
  const templated: KubeObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "cfg",
      namespace: "app",
      annotations: { "control.kubestellar.io/expand-templates": "true" },
    },
    data: {
      url: "https://loki/{{ .clusterName }}",
      "{{ .region }}": "keys are not expanded",
      list: ["{{ .region }}"],
    },
  };

  it("expands leaf strings, never keys", () => {
    expect(expandObject(templated, props, "workloads[0]")).toEqual({
      object: {
        ...templated,
        data: { url: "https://loki/wec1", "{{ .region }}": "keys are not expanded", list: ["east"] },
      },
      expanded: true,
      issues: [],
    });
  });

  it("leaves objects without the opt-in annotation untouched (same reference)", () => {
    const plain = { ...templated, metadata: { name: "cfg" } };
    const r = expandObject(plain, props, "w");
    expect(r.object).toBe(plain);
    expect(r.expanded).toBe(false);
  });

  it("names the object, the field and the key of a missing property", () => {
    const bad = { ...templated, data: { url: "{{ .zone }}" } };
    expect(expandObject(bad, props, "workloads[2]").issues).toEqual([
      {
        path: "workloads[2].data.url",
        reason: `v1 ConfigMap app/cfg, field data.url, for WEC "wec1": map has no entry for key "zone" (this WEC's properties: clusterName, clusterURL, owner, region, tier)`,
        // What a Secret's problem says instead: nothing of the template or the properties.
        redacted: `v1 ConfigMap app/cfg, field data.url, for WEC "wec1": the template fails when executed (the template is not shown: it may be secret)`,
      },
    ]);
  });
});

describe("keys and whitespace as Go reads them", () => {
  it("a property or data key named __proto__ is data, not a prototype", () => {
    const data = JSON.parse('{"__proto__": "from-configmap", "zone": "z1"}') as Record<string, string>;
    const props = clusterProperties({ clusterName: "wec1", data });
    expect(Object.keys(props)).toEqual(["clusterName", "__proto__", "zone"]);
    const obj = JSON.parse(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","annotations":{"control.kubestellar.io/expand-templates":"true"}},"data":{"__proto__":"{{ .__proto__ }}"}}',
    );
    const r = expandObject(obj, props, "workloads[0]");
    expect(r.issues).toEqual([]);
    expect(JSON.stringify(r.object.data)).toBe('{"__proto__":"from-configmap"}');
    expect(goJson(r.object)).toContain('"data":{"__proto__":"from-configmap"}');
  });

  it("trim markers trim only Go's spaces (space, tab, CR, LF), never other Unicode spaces", () => {
    const props = { a: "A" };
    expect(expandString("x \t\r\n{{- .a -}} \n\ty", props).text).toBe("xAy");
    expect(expandString("x\u00a0{{- .a -}}\u2003y", props).text).toBe("x\u00a0A\u2003y");
    // Inside the action, too: a no-break space is not a separator in Go.
    expect(expandString("{{\u00a0.a }}", props).issues).toHaveLength(1);
  });
});

describe("bounded messages", () => {
  it("a huge action and thousands of properties are not echoed whole", () => {
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, "v"]));
    const missing = expandString("{{ .nope }}", many).issues[0]!;
    expect(missing.length).toBeLessThan(400);
    expect(missing).toMatch(/… \(4980 more\)\)$/);
    const huge = expandString(`{{ ${"x".repeat(1 << 20)} }}`, many).issues[0]!;
    expect(huge.length).toBeLessThan(200);
  });
});
