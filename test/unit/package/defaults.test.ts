import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { BINDING_CLUSTER_DEFAULTS, WORKLOAD_BINDING_DEFAULTS } from "../../../src/binding/defaults";
import { BOOTSTRAP_TOKEN_DEFAULTS, CLUSTER_MANAGER_DEFAULTS } from "../../../src/hub/defaults";
import {
  BOOTSTRAP_SECRET_DEFAULTS,
  CORE_CHART_BOOTSTRAP_SECRET_DEFAULTS,
  CORE_CHART_DEFAULTS,
  CORE_CHART_ITS_DEFAULTS,
  ITS_DEFAULTS,
} from "../../../src/its/defaults";
import { PROGRAM_DEFAULTS } from "../../../src/program/config";
import {
  BUNDLE_OPTION_DEFAULTS,
  MANIFEST_WORK_BUNDLE_DEFAULTS,
  SERVER_SIDE_APPLY_DEFAULTS,
} from "../../../src/transport/plan/defaults";
import { ACCEPTANCE_DEFAULTS, WEC_DEFAULTS } from "../../../src/wec/defaults";

const ROOT = join(__dirname, "..", "..", "..");

/**
 * Each Args interface, the file that declares it, and the DEFAULTS object its component's code
 * reads (`docKey` maps a DEFAULTS key to the field where that differs).
 */
const TABLE: {
  iface: string;
  file: string;
  defaults: Readonly<Record<string, unknown>>;
  docKey?: Record<string, string>;
}[] = [
  { iface: "InventoryTransportSpaceArgs", file: "src/its/schema.ts", defaults: ITS_DEFAULTS },
  { iface: "BootstrapSecretArgs", file: "src/its/schema.ts", defaults: BOOTSTRAP_SECRET_DEFAULTS },
  { iface: "KubeStellarCoreChartArgs", file: "src/its/core-chart-schema.ts", defaults: CORE_CHART_DEFAULTS },
  { iface: "CoreChartItsArgs", file: "src/its/core-chart-schema.ts", defaults: CORE_CHART_ITS_DEFAULTS },
  {
    iface: "CoreChartBootstrapSecretArgs",
    file: "src/its/core-chart-schema.ts",
    defaults: CORE_CHART_BOOTSTRAP_SECRET_DEFAULTS,
  },
  { iface: "ClusterManagerArgs", file: "src/hub/schema.ts", defaults: CLUSTER_MANAGER_DEFAULTS },
  {
    iface: "BootstrapTokenArgs",
    file: "components/hub/bootstrap-token.ts",
    defaults: BOOTSTRAP_TOKEN_DEFAULTS,
  },
  { iface: "WorkloadExecutionClusterArgs", file: "src/wec/schema.ts", defaults: WEC_DEFAULTS },
  {
    iface: "ClusterAcceptanceArgs",
    file: "components/wec/cluster-acceptance.ts",
    defaults: ACCEPTANCE_DEFAULTS,
  },
  { iface: "WorkloadBindingArgs", file: "src/binding/schema.ts", defaults: WORKLOAD_BINDING_DEFAULTS },
  { iface: "BindingClusterArgs", file: "src/binding/schema.ts", defaults: BINDING_CLUSTER_DEFAULTS },
  { iface: "BundleOptionsArgs", file: "src/transport/plan/options.ts", defaults: BUNDLE_OPTION_DEFAULTS },
  {
    iface: "ServerSideApplyArgs",
    file: "src/transport/plan/manifest-work.ts",
    defaults: SERVER_SIDE_APPLY_DEFAULTS,
  },
  {
    iface: "ManifestWorkBundleArgs",
    file: "src/transport/plan/options.ts",
    defaults: MANIFEST_WORK_BUNDLE_DEFAULTS,
  },
  {
    iface: "ProgramItsConfig",
    file: "src/program/config.ts",
    defaults: PROGRAM_DEFAULTS,
    docKey: { itsType: "type" },
  },
];

/** field → the JSON value its TSDoc `@default` states (prose defaults such as `- none` are left out). */
function documentedDefaults(file: string, iface: string): Record<string, unknown> {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === iface,
  );
  if (decl === undefined) throw new Error(`${iface} not found in ${file}`);
  const out: Record<string, unknown> = {};
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member)) continue;
    const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
    if (tag === undefined) continue;
    const text = ts.getTextOfJSDocComment(tag.comment)?.trim() ?? "";
    if (text.startsWith("-")) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`${iface}.${member.name.getText()}: @default ${text} is neither JSON nor "- prose"`);
    }
    // A template such as "<controlPlaneName>-bootstrap" is derived, not a constant.
    if (typeof value === "string" && value.includes("<")) continue;
    out[member.name.getText()] = value;
  }
  return out;
}

describe("each component's DEFAULTS are what its TSDoc says", () => {
  it.each(TABLE)("$iface", ({ iface, file, defaults, docKey }) => {
    const documented = documentedDefaults(file, iface);
    const fromCode: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(defaults)) fromCode[docKey?.[key] ?? key] = value;
    expect(fromCode).toEqual(documented);
  });

  it("a changed @default is caught (the check can fail)", () => {
    const documented = documentedDefaults("src/wec/schema.ts", "WorkloadExecutionClusterArgs");
    // The parser found the documented defaults (not an empty table that nothing equals) ...
    expect(documented.leaseDurationSeconds).toBe(WEC_DEFAULTS.leaseDurationSeconds);
    expect(Object.keys(documented).length).toBeGreaterThanOrEqual(Object.keys(WEC_DEFAULTS).length);
    // ... so one changed value is a difference.
    expect({ ...WEC_DEFAULTS, leaseDurationSeconds: 61 }).not.toEqual(documented);
  });
});
