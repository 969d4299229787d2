/**
 * The one way a provider turns a kubeconfig into a `@kubernetes/client-node` `KubeConfig`.
 * client-node parses with js-yaml, whose errors quote the lines around the problem: for a
 * malformed kubeconfig that is the token or the key itself, printed in the `pulumi up` failure.
 * Here a parse error keeps only its line and column. Required at call time (dynamic providers
 * load client-node from the library's own install).
 */
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };

/** Thrown instead of client-node's error when a kubeconfig cannot be read; never quotes it. */
export class KubeconfigReadError extends Error {}

/** A loaded `KubeConfig` for `kubeconfig`; a parse failure says where, not what. */
export function clientKubeconfig(kubeconfig: string): ClientNode.KubeConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s = require("@kubernetes/client-node") as typeof ClientNode;
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromString(kubeconfig);
  } catch (e) {
    const at = /\((\d+):(\d+)\)/.exec(e instanceof Error ? e.message : "");
    const where = at === null ? "" : ` (line ${at[1]}, column ${at[2]})`;
    throw new KubeconfigReadError(
      `the kubeconfig could not be read${where}; its text is not shown because it holds credentials`,
    );
  }
  return kc;
}
