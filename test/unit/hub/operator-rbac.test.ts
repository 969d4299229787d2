import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildClusterManagerOperator } from "../../../src/hub/operator";
import { buildKlusterletOperator } from "../../../src/wec/klusterlet-operator";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "ocm-rbac");

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

const roles = [
  {
    operator: "hub (cluster-manager)",
    file: "cluster-manager.cluster_role.yaml",
    library: () => buildClusterManagerOperator({ registry: "r", tag: "t" }).clusterRole.rules as Rule[],
    // What the issue found missing: nodes (sizing by control-plane nodes) and tokenreviews.
    mustHave: [
      "|nodes|*|get",
      "|nodes|*|list",
      "|nodes|*|watch",
      "authentication.k8s.io|tokenreviews|*|create",
    ],
  },
  {
    operator: "klusterlet",
    file: "klusterlet.cluster_role.yaml",
    library: () => buildKlusterletOperator({ registry: "r", tag: "t" }).clusterRole.rules as Rule[],
    // To create the agents' roles it must escalate and bind; it reads its bootstrap Secret by name.
    mustHave: [
      "rbac.authorization.k8s.io|clusterroles|*|escalate",
      "rbac.authorization.k8s.io|clusterroles|*|bind",
      "|secrets|bootstrap-hub-kubeconfig|get",
      "|nodes|*|list",
    ],
  },
];

describe.each(roles)("the $operator operator's RBAC is OCM's own (v1.2.1)", ({ file, library, mustHave }) => {
  const rules = library();
  const wanted = grants(upstream(file));
  const granted = grants(rules);

  it("grants every upstream rule and nothing more", () => {
    expect([...wanted].filter((g) => !granted.has(g))).toEqual([]);
    expect([...granted].filter((g) => !wanted.has(g))).toEqual([]);
    expect(wanted.size).toBeGreaterThan(100);
  });
  it("includes the rules the operator is known to need", () => {
    for (const g of mustHave) expect(granted.has(g), g).toBe(true);
  });
  it("the comparison fails when one upstream rule is dropped from the library's role", () => {
    for (let i = 0; i < rules.length; i++) {
      const without = grants(rules.filter((_, j) => j !== i));
      expect(
        [...wanted].some((g) => !without.has(g)),
        `rule ${i}`,
      ).toBe(true);
    }
  });
});
