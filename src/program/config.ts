import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { workloadBindingArgsBaseSchema } from "../binding";
import { ClusterManagerInstaller, clusterManagerArgsBaseSchema } from "../hub";
import { ItsType, inventoryTransportSpaceArgsBaseSchema } from "../its";
import { dnsLabel, InputValidationError, showList, withRules, zodIssues } from "../kube";
import type { InputIssue } from "../kube";
import { bundleOptionRules, bundleOptionsShape, refineBundleSetName } from "../transport";
import type { WorkloadBindingArgs } from "../binding";
import type { WorkloadExecutionClusterArgs } from "../wec";
import { workloadExecutionClusterArgsBaseSchema } from "../wec";

/**
 * What the program means when a config field is left out. Where it differs from the component's
 * own default, the program's is the GitOps one: an existing cluster and hub, nothing installed.
 */
export const PROGRAM_DEFAULTS = {
  itsType: ItsType.External,
  clusterManagerInstaller: ClusterManagerInstaller.None,
} as const;

/** One ITS in stack config (`kubestellar-its:itses`). */
export interface ProgramItsConfig {
  /** ITS name (also the KubeFlex ControlPlane name). */
  name: string;
  /** `vcluster`, `host` or `external`. @default "external" */
  type?: ItsType;
  /** Path of the ITS kubeconfig (`external`); its content is kept a secret. @default - none */
  kubeconfigFile?: string;
  /** Path of the hosting cluster kubeconfig (`vcluster`, `host`). @default - none */
  hostingKubeconfigFile?: string;
  /** How the OCM hub gets there. @default "none" */
  clusterManagerInstaller?: ClusterManagerInstaller;
}

/** The fields a WEC entry shares with `WorkloadExecutionClusterArgs` (same meaning, same defaults). */
type SharedWecFields =
  | "labels"
  | "annotations"
  | "properties"
  | "accept"
  | "join"
  | "joinIdentity"
  | "csrApproval"
  | "klusterletOperator";

/** One WEC in stack config (`kubestellar-its:wecs`): `WorkloadExecutionClusterArgs` fields plus files. */
export interface ProgramWecConfig extends pulumi.Unwrap<Pick<WorkloadExecutionClusterArgs, SharedWecFields>> {
  /** WEC name = ManagedCluster name = mailbox namespace. */
  name: string;
  /** Name of the ITS it registers with. */
  its: string;
  /** Path of the WEC kubeconfig, for `klusterlet`/`clusteradm` joins. @default - none */
  wecKubeconfigFile?: string;
}

/** A named set of workload objects (`kubestellar-its:workloads`). */
export interface ProgramWorkloadConfig {
  /** Name bindings refer to. */
  name: string;
  /** YAML files, relative to the project directory. @default [] */
  files?: string[];
}

/** A binding (`kubestellar-its:bindings`): `WorkloadBindingArgs` selectors and bundle options. */
export interface ProgramBindingConfig extends pulumi.Unwrap<
  Omit<WorkloadBindingArgs, "its" | "itsKubeconfig" | "clusters" | "wecs" | "workloads" | "yaml">
> {
  /** Binding name; also the ManifestWork name prefix. */
  name: string;
  /** The ITS whose WECs are selected. */
  its: string;
  /** Names of workload sets to place. */
  workloads: string[];
}

/** The whole stack configuration of the root program. */
export interface ProgramConfig {
  itses: ProgramItsConfig[];
  wecs: ProgramWecConfig[];
  workloads: ProgramWorkloadConfig[];
  bindings: ProgramBindingConfig[];
}

// Each entry reuses the component schemas for what it shares with a component, so a value is
// judged the same in stack config as in a TypeScript program.
const itsSchema = z
  .object({
    name: dnsLabel,
    type: inventoryTransportSpaceArgsBaseSchema.shape.type,
    kubeconfigFile: z.string().min(1).optional(),
    hostingKubeconfigFile: z.string().min(1).optional(),
    clusterManagerInstaller: clusterManagerArgsBaseSchema.shape.installer,
  })
  .strict();

const wecSchema = workloadExecutionClusterArgsBaseSchema
  .pick({
    labels: true,
    annotations: true,
    properties: true,
    accept: true,
    join: true,
    joinIdentity: true,
    csrApproval: true,
    klusterletOperator: true,
  })
  .extend({ name: dnsLabel, its: z.string(), wecKubeconfigFile: z.string().min(1).optional() })
  .strict();

const workloadSchema = z
  .object({ name: z.string().min(1), files: z.array(z.string().min(1)).optional() })
  .strict();

const bindingSchema = withRules(
  z
    .object({
      ...bundleOptionsShape,
      clusterSelectors: workloadBindingArgsBaseSchema.shape.clusterSelectors,
      delivery: workloadBindingArgsBaseSchema.shape.delivery,
      fanOutNamespace: workloadBindingArgsBaseSchema.shape.fanOutNamespace,
      allowWithdrawAll: workloadBindingArgsBaseSchema.shape.allowWithdrawAll,
      // The binding's name is its bundle set name.
      name: dnsLabel.superRefine(refineBundleSetName),
      its: z.string(),
      workloads: z.array(z.string()).min(1, "must name at least one workload set"),
    })
    .strict(),
  bundleOptionRules,
);

export const programConfigSchema = z
  .object({
    itses: z.array(itsSchema),
    wecs: z.array(wecSchema),
    workloads: z.array(workloadSchema),
    bindings: z.array(bindingSchema),
  })
  .strict() satisfies z.ZodType<ProgramConfig>;

function duplicates(kind: keyof ProgramConfig, names: readonly string[]): InputIssue[] {
  const seen = new Map<string, number>();
  const issues: InputIssue[] = [];
  names.forEach((n, i) => {
    const first = seen.get(n);
    if (first !== undefined)
      issues.push({
        path: `${kind}[${i}].name`,
        reason: `"${n}" is declared twice (also ${kind}[${first}])`,
      });
    else seen.set(n, i);
  });
  return issues;
}

function reference(path: string, what: string, name: string, declared: readonly string[]): InputIssue[] {
  return declared.includes(name)
    ? []
    : [
        {
          path,
          reason: `"${name}" is not a declared ${what} (declared: ${declared.length === 0 ? "none" : showList(declared)})`,
        },
      ];
}

/** The config keys of the program, in its namespace (`kubestellar-its:<key>`). */
export const PROGRAM_CONFIG_KEYS = ["itses", "wecs", "workloads", "bindings"] as const;

/**
 * Keys set in the program's config namespace that it does not read (a misspelt key would
 * otherwise be ignored and, say, a binding deploy nothing). `keys` are the full config keys of
 * the stack, e.g. `kubestellar-its:bindings`. Pure.
 */
export function unknownConfigKeyIssues(namespace: string, keys: readonly string[]): InputIssue[] {
  const allowed: readonly string[] = PROGRAM_CONFIG_KEYS;
  return keys
    .filter((k) => k.startsWith(`${namespace}:`) && !allowed.includes(k.slice(namespace.length + 1)))
    .map((k) => ({
      path: k,
      reason: `unknown config key; the program reads ${PROGRAM_CONFIG_KEYS.map((a) => `${namespace}:${a}`).join(", ")}`,
    }));
}

/**
 * Validates the stack configuration: each entry's shape, unique names, every reference (a
 * WEC's ITS, a binding's ITS and workloads).
 * Paths are config keys, e.g. `wecs[1].its`. Throws one `InputValidationError` listing every
 * problem.
 */
export function parseProgramConfig(raw: Partial<Record<keyof ProgramConfig, unknown>>): ProgramConfig {
  const input = {
    itses: raw.itses ?? [],
    wecs: raw.wecs ?? [],
    workloads: raw.workloads ?? [],
    bindings: raw.bindings ?? [],
  };
  const parsed = programConfigSchema.safeParse(input);
  if (!parsed.success)
    throw new InputValidationError(
      "stack configuration",
      zodIssues(parsed.error, input, "", programConfigSchema),
    );
  const c = parsed.data;
  const itsNames = c.itses.map((i) => i.name);
  const workloadNames = c.workloads.map((w) => w.name);
  const issues: InputIssue[] = [
    ...duplicates("itses", itsNames),
    ...duplicates(
      "wecs",
      c.wecs.map((w) => w.name),
    ),
    ...duplicates("workloads", workloadNames),
    ...duplicates(
      "bindings",
      c.bindings.map((b) => b.name),
    ),
  ];
  c.itses.forEach((its, i) => {
    const type = its.type ?? PROGRAM_DEFAULTS.itsType;
    if (type === ItsType.External && its.kubeconfigFile === undefined) {
      issues.push({ path: `itses[${i}].kubeconfigFile`, reason: 'is required for an "external" ITS' });
    }
    if (type !== ItsType.External && its.hostingKubeconfigFile === undefined) {
      issues.push({ path: `itses[${i}].hostingKubeconfigFile`, reason: `is required for a "${type}" ITS` });
    }
  });
  c.wecs.forEach((w, i) => issues.push(...reference(`wecs[${i}].its`, "ITS", w.its, itsNames)));
  c.bindings.forEach((b, i) => {
    issues.push(...reference(`bindings[${i}].its`, "ITS", b.its, itsNames));
    b.workloads.forEach((w, j) =>
      issues.push(...reference(`bindings[${i}].workloads[${j}]`, "workload set", w, workloadNames)),
    );
  });
  if (issues.length > 0) throw new InputValidationError("stack configuration", issues);
  return c;
}

/**
 * The program's configuration from the stack's whole config (`pulumi.runtime.allConfig()`: full
 * keys, JSON values): every problem at once — keys of the namespace the program does not read,
 * values that are not structured, and everything `parseProgramConfig` checks. Pure.
 */
export function parseStackConfig(namespace: string, all: Readonly<Record<string, string>>): ProgramConfig {
  const issues = unknownConfigKeyIssues(namespace, Object.keys(all));
  const raw: Partial<Record<keyof ProgramConfig, unknown>> = {};
  for (const key of PROGRAM_CONFIG_KEYS) {
    const text = all[`${namespace}:${key}`];
    if (text === undefined) continue;
    try {
      raw[key] = JSON.parse(text);
    } catch {
      issues.push({
        path: `${namespace}:${key}`,
        reason: "must be a list (structured config in the stack file, or `pulumi config set --path`)",
      });
    }
  }
  let config: ProgramConfig | undefined;
  try {
    config = parseProgramConfig(raw);
  } catch (e) {
    if (!(e instanceof InputValidationError)) throw e;
    issues.push(...e.issues);
  }
  if (issues.length > 0 || config === undefined)
    throw new InputValidationError("stack configuration", issues);
  return config;
}
