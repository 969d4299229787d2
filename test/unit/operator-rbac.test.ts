import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildClusterManagerOperator } from "../../src/hub/operator";

const FIXTURES = join(__dirname, "..", "fixtures", "ocm-rbac");

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs?: string[];
}

/** Every (group, resource, name, verb) a set of rules grants, one string each. */
function grants(rules: readonly Rule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules)
    for (const g of r.apiGroups ?? [])
      for (const res of r.resources ?? [])
        for (const n of r.resourceNames ?? ["*"])
          for (const v of r.verbs ?? []) out.add(`${g}|${res}|${n}|${v}`);
  return out;
}

const upstream = (file: string): Rule[] =>
  (parse(readFileSync(join(FIXTURES, file), "utf8")) as { rules: Rule[] }).rules;

describe("the hub operator's RBAC is OCM's own (v1.2.1)", () => {
  const library = buildClusterManagerOperator({ registry: "r", tag: "t" }).clusterRole.rules as Rule[];
  const wanted = grants(upstream("cluster-manager.cluster_role.yaml"));
  const granted = grants(library);

  it("grants every upstream rule and nothing more", () => {
    expect([...wanted].filter((g) => !granted.has(g))).toEqual([]);
    expect([...granted].filter((g) => !wanted.has(g))).toEqual([]);
    expect(wanted.size).toBeGreaterThan(300);
  });
  it("includes what the issue found missing: nodes (sizing by control-plane nodes) and tokenreviews", () => {
    for (const v of ["get", "list", "watch"]) expect(granted.has(`|nodes|*|${v}`)).toBe(true);
    expect(granted.has("authentication.k8s.io|tokenreviews|*|create")).toBe(true);
  });
  it("the comparison fails when one upstream rule is dropped from the library's role", () => {
    for (let i = 0; i < library.length; i++) {
      const without = grants(library.filter((_, j) => j !== i));
      expect(
        [...wanted].some((g) => !without.has(g)),
        `rule ${i}`,
      ).toBe(true);
    }
  });
});
