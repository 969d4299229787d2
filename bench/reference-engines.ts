/**
 * The reference Go code inside the library (bin/wasm: kubectl's YAML decoder and KubeStellar's
 * ExpandTemplates compiled to WebAssembly) against the TypeScript engines, side by side in one
 * process: module size, load time, memory, per-call cost, and whether the two agree.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { expandObject } from "../src/transport/plan/expand";
import { kubectlDecodeYaml, kubestellarExpand, wasmDirectory } from "../src/transport/go/go-reference";
import { goJson } from "../src/transport/go/go-json";
import type { KubeObject } from "../src/transport/plan/objects";

export interface ReferenceEngineFigures {
  readonly wasmBytes: number;
  readonly loadMs: number;
  readonly rssAfterLoadMiB: number;
  readonly yaml: { readonly files: number; readonly wasmUsPerFile: number; readonly tsUsPerFile: number };
  readonly templates: {
    readonly objects: number;
    readonly wasmUsPerObject: number;
    readonly tsUsPerObject: number;
    readonly agreeing: number;
  };
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

function time(n: number, f: (i: number) => void): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  return Number(process.hrtime.bigint() - t) / 1000 / n;
}

function workloadFile(i: number): string {
  return [
    `apiVersion: apps/v1`,
    `kind: Deployment`,
    `metadata: {name: web-${i}, namespace: apps, labels: {app: web, tier: "${i % 3}"}}`,
    `spec:`,
    `  replicas: ${i % 5}`,
    `  selector: {matchLabels: {app: web}}`,
    `  template:`,
    `    metadata: {labels: {app: web}}`,
    `    spec:`,
    `      containers:`,
    `      - name: web`,
    `        image: registry.example/web:1.${i}`,
    `        env: [{name: MODE, value: "yes"}, {name: PORT, value: "8080"}]`,
    `        ports: [{containerPort: 8080}]`,
    `---`,
    `apiVersion: v1`,
    `kind: ConfigMap`,
    `metadata: {name: cfg-${i}, namespace: apps}`,
    `data:`,
    `  a: "1"`,
    `  b: |`,
    `    line one`,
    `    line two ${i}`,
  ].join("\n");
}

function templatedObject(i: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `cm-{{ .clusterName }}-${i}`,
      namespace: "apps",
      labels: { region: "{{ .region }}" },
      annotations: { "control.kubestellar.io/expand-templates": "true" },
    },
    data: {
      url: 'https://{{ .clusterName }}.{{ .region }}.example/{{ index . "tier" }}',
      plain: "no template here",
      cond: '{{ if eq .region "eu" }}gdpr{{ else }}default{{ end }}',
    },
  };
}

export function referenceEngines(n = 2000): ReferenceEngineFigures {
  const wasmBytes = statSync(
    join(wasmDirectory(join(__dirname, "..", "src", "transport", "go")), "kubestellar-its.wasm"),
  ).size;
  const before = rssMiB();
  const t0 = process.hrtime.bigint();
  kubectlDecodeYaml("a: 1\n");
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssAfterLoadMiB = rssMiB() - before;
  const files = Array.from({ length: n }, (_, i) => workloadFile(i));
  const wasmYaml = time(n, (i) => kubectlDecodeYaml(files[i]!));
  const tsYaml = time(n, (i) => parseAllDocuments(files[i]!).map((d) => d.toJS() as unknown));
  const data = { clusterName: "wec1", region: "eu", tier: "gold" };
  const objects = Array.from({ length: n }, (_, i) => templatedObject(i));
  let agreeing = 0;
  for (const o of objects.slice(0, 200)) {
    const go = kubestellarExpand(o, data);
    const ts = expandObject(o, data, "w");
    if (go.errors.length === 0 && ts.issues.length === 0 && goJson(go.object) === goJson(ts.object))
      agreeing++;
  }
  const wasmTemplates = time(n, (i) => kubestellarExpand(objects[i]!, data));
  const tsTemplates = time(n, (i) => expandObject(objects[i]!, data, "w"));
  return {
    wasmBytes,
    loadMs,
    rssAfterLoadMiB,
    yaml: { files: n, wasmUsPerFile: wasmYaml, tsUsPerFile: tsYaml },
    templates: {
      objects: n,
      wasmUsPerObject: wasmTemplates,
      tsUsPerObject: tsTemplates,
      agreeing: agreeing / 2,
    },
  };
}
