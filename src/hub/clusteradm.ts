import type { FeatureGate } from "./cluster-manager";

/** Environment variable names the `clusteradm` scripts read; the kubeconfigs and token never appear in the script text. */
export const CLUSTERADM_ENV = {
  /** Path or name of the clusteradm binary. */
  binary: "CLUSTERADM",
  /** Kubeconfig of the cluster clusteradm acts on (written to a 0600 temp file, removed on exit). */
  kubeconfig: "CLUSTERADM_KUBECONFIG",
  /** `clusteradm join --hub-token`. */
  hubToken: "CLUSTERADM_HUB_TOKEN",
  /** `clusteradm join --hub-apiserver`. */
  hubApiServer: "CLUSTERADM_HUB_APISERVER",
} as const;

/** Single-quotes a word for POSIX sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** Runs clusteradm with KUBECONFIG pointing at a private temp file holding `$CLUSTERADM_KUBECONFIG`. */
function withKubeconfig(args: readonly string[]): string {
  return [
    "set -eu",
    "umask 077",
    'kc="$(mktemp)"',
    `trap 'rm -f "$kc"' EXIT`,
    `printf '%s' "$${CLUSTERADM_ENV.kubeconfig}" > "$kc"`,
    `KUBECONFIG="$kc" "$${CLUSTERADM_ENV.binary}" ${args.join(" ")}`,
  ].join("\n");
}

/** `--feature-gates=A=true,B=false`, or nothing. */
function featureGateFlag(gates: readonly FeatureGate[]): string[] {
  if (gates.length === 0) return [];
  return [shellQuote(`--feature-gates=${gates.map((g) => `${g.feature}=${g.mode === "Enable"}`).join(",")}`)];
}

export interface ClusteradmInitInput {
  readonly timeoutSeconds: number;
  readonly imageRegistry?: string;
  readonly bundleVersion?: string;
  readonly featureGates?: readonly FeatureGate[];
}

/**
 * `clusteradm init --wait`: installs (or, on an existing hub, re-applies) the OCM cluster manager.
 * Its stdout holds the join token, so the Command must mark `stdout` secret.
 */
export function clusteradmInitScript(p: ClusteradmInitInput): string {
  const args = ["init", "--wait", `--timeout=${p.timeoutSeconds}`];
  if (p.imageRegistry !== undefined) args.push(shellQuote(`--image-registry=${p.imageRegistry}`));
  if (p.bundleVersion !== undefined) args.push(shellQuote(`--bundle-version=${p.bundleVersion}`));
  args.push(...featureGateFlag(p.featureGates ?? []));
  return withKubeconfig(args);
}

/** `clusteradm clean`: removes the cluster manager on destroy. */
export function clusteradmCleanScript(): string {
  return withKubeconfig(["clean"]);
}

/** `clusteradm join` for one WEC, hub token and URL from the environment. */
export function clusteradmJoinScript(p: {
  readonly clusterName: string;
  readonly singleton: boolean;
}): string {
  const args = [
    "join",
    `--hub-token "$${CLUSTERADM_ENV.hubToken}"`,
    `--hub-apiserver "$${CLUSTERADM_ENV.hubApiServer}"`,
    shellQuote(`--cluster-name=${p.clusterName}`),
    "--wait",
  ];
  if (p.singleton) args.push("--singleton");
  return withKubeconfig(args);
}

/** `clusteradm unjoin` for one WEC: removes the klusterlet on destroy. */
export function clusteradmUnjoinScript(clusterName: string): string {
  return withKubeconfig(["unjoin", shellQuote(`--cluster-name=${clusterName}`)]);
}
