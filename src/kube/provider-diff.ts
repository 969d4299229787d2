import { kubeconfigServer } from "./kubeconfig";

/** How `diffOwnInputs` compares: the kubeconfig whose API server names the resource, and the encoding. */
export interface DiffOptions<T> {
  /**
   * The kubeconfig input: pointing it at another API server replaces the resource (the old one
   * stays on the old server otherwise); new credentials for the same server are an update.
   */
  readonly server?: keyof T & string;
  /** How values are compared. @default JSON.stringify */
  readonly encode?: (value: unknown) => string;
}

/**
 * Every dynamic provider's diff over its own inputs `keys`, never `__provider`, whose serialized
 * text changes with every build of the library: `replaceOn` are the keys whose change needs a
 * new resource, and `options.server` the kubeconfig whose API server does (see `DiffOptions`).
 */
export function diffOwnInputs<T extends object>(
  olds: Partial<T>,
  news: T,
  keys: readonly (keyof T & string)[],
  replaceOn: readonly (keyof T & string)[],
  options: DiffOptions<T> = {},
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const encode = options.encode ?? ((v: unknown) => JSON.stringify(v) ?? "undefined");
  const changed = keys.filter((k) => encode(olds[k] ?? null) !== encode(news[k] ?? null));
  const replaces: string[] = changed.filter((k) => replaceOn.includes(k));
  const server = options.server;
  if (server !== undefined) {
    const old = olds[server];
    if (
      (typeof old === "string" ? kubeconfigServer(old) : undefined) !== kubeconfigServer(String(news[server]))
    )
      if (!replaces.includes(server)) replaces.push(server);
  }
  return { changes: changed.length > 0 || replaces.length > 0, replaces, deleteBeforeReplace: false };
}
