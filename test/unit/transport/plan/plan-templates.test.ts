import { describe, expect, it } from "vitest";
import { planBundles } from "../../../../src/transport/plan/plan";
import { InputValidationError } from "../../../../src/kube/errors";

/**
 * KubeStellar expands every string of an object that opted in, its name, namespace and labels
 * too (customize.ExpandTemplates): such an object is judged as expanded for each WEC.
 */
const EXPAND = { "control.kubestellar.io/expand-templates": "true" };

const templated = (metadata: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { ...metadata, annotations: EXPAND },
  data: { zone: "{{ .zone }}" },
});

function manifests(clusterName: string, objects: unknown[], data: Record<string, string>): unknown[] {
  const r = planBundles({ setName: "app", clusterName, objects, properties: { data } });
  return r.works.flatMap(
    (w) => (w as { spec: { workload: { manifests: unknown[] } } }).spec.workload.manifests,
  );
}

function problems(clusterName: string, objects: unknown[], data: Record<string, string>): string[] {
  try {
    planBundles({ setName: "app", clusterName, objects, properties: { data } });
  } catch (e) {
    if (e instanceof InputValidationError) return e.issues.map((i) => `${i.path}: ${i.reason}`);
    throw e;
  }
  return [];
}

describe("templates in identity fields, where KubeStellar has them", () => {
  it("a templated name, namespace and label are expanded for each WEC, then checked", () => {
    const obj = templated({
      name: "cm-{{ .clusterName }}",
      namespace: "{{ .clusterName }}-apps",
      labels: { region: "{{ .region }}" },
    });
    for (const wec of ["east1", "west2"]) {
      const [m] = manifests(wec, [obj], { zone: "z", region: `r-${wec}` }) as {
        metadata: { name: string; namespace: string; labels: Record<string, string> };
      }[];
      expect(m!.metadata).toMatchObject({
        name: `cm-${wec}`,
        namespace: `${wec}-apps`,
        labels: { region: `r-${wec}` },
      });
    }
  });

  it("a name that expands to something the API server refuses is refused for that WEC, by path", () => {
    const obj = templated({ name: "{{ .app }}", namespace: "apps" });
    expect(problems("wec1", [obj], { zone: "z", app: "ok-name" })).toEqual([]);
    const refused = problems("wec2", [obj], { zone: "z", app: "Not A Name" });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(
      /^workloads\[0\]\.metadata\.name: v1 ConfigMap apps\/Not A Name: metadata\.name "Not A Name"/,
    );
  });

  it("two objects that expand to one identity on a WEC are refused there", () => {
    const a = templated({ name: "cm-{{ .x }}", namespace: "apps" });
    const b = templated({ name: "cm-{{ .y }}", namespace: "apps" });
    expect(problems("wec1", [a, b], { zone: "z", x: "1", y: "2" })).toEqual([]);
    expect(problems("wec2", [a, b], { zone: "z", x: "same", y: "same" }).join("\n")).toMatch(/cm-same/);
  });

  it("an object that did not opt in is checked as given (its braces are text)", () => {
    const obj = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm-{{ .clusterName }}", namespace: "apps" },
    };
    expect(problems("wec1", [obj], {})[0]).toMatch(/metadata\.name "cm-\{\{ \.clusterName \}\}"/);
  });
});
