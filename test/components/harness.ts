import * as pulumi from "@pulumi/pulumi";

/** One registration as the mock monitor saw it (inputs still carry secret wrappers). */
export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
  custom?: boolean;
  id?: string;
}

/** One resource as its constructor saw it (through a legacy transformation): parent and provider objects. */
export interface Constructed {
  type: string;
  name: string;
  resource: pulumi.Resource;
  parent?: pulumi.Resource;
  provider?: pulumi.ProviderResource;
  opts: pulumi.CustomResourceOptions;
}

export const registered: Registered[] = [];
export const constructed: Constructed[] = [];

/** Extra mock state per registration, e.g. the data of a `Secret.get`. */
export type StateHook = (args: pulumi.runtime.MockResourceArgs) => Record<string, any> | undefined;

/** Installs mocks that record every registration; `hook` may add outputs. Call once per test file. */
export async function installMocks(hook?: StateHook): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          provider: args.provider,
          custom: args.custom,
          id: args.id,
        });
        const extra = hook?.(args) ?? {};
        return { id: args.id ?? `${args.name}-id`, state: { ...args.inputs, ...extra } };
      },
      call: (args) => args.inputs,
    },
    "proj",
    "stack",
    false,
  );
}

/** A legacy transformation (they run under mocks) that records parent and provider of each child. */
export const recorder: pulumi.ResourceTransformation = (args) => {
  constructed.push({
    type: args.type,
    name: args.name,
    resource: args.resource,
    parent: args.opts.parent,
    provider: (args.opts as pulumi.CustomResourceOptions).provider,
    opts: args.opts,
  });
  return undefined;
};

export function reset(): void {
  registered.length = 0;
  constructed.length = 0;
}

export function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/**
 * Waits until every registration already started has reached the (mock) monitor. Registration is
 * asynchronous, so "nothing was registered" is only true once this resolves; checked right after
 * a constructor throws, it would pass even for a component that registered before throwing.
 */
export async function drainRegistrations(): Promise<void> {
  // The runtime's own queue of outstanding RPCs (what `pulumi.runtime.disconnect` awaits).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
  if (settings.waitForRPCs === undefined)
    throw new Error("@pulumi/pulumi no longer has runtime.settings.waitForRPCs");
  await settings.waitForRPCs();
}

/** Waits until every constructed resource is registered (URN resolved) and no new ones appear. */
export async function settle(): Promise<void> {
  let seen = -1;
  while (seen !== constructed.length) {
    seen = constructed.length;
    await Promise.all(constructed.map((c) => value(c.resource.urn)));
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `urn:…::<name>-id` is how the mocks name a provider reference; this returns `<name>`. */
export function providerName(ref: string | undefined): string | undefined {
  if (ref === undefined || ref === "") return undefined;
  const urn = ref.split("::").slice(0, -1).join("::");
  return urn.split("::").pop();
}

/** The child rows a test compares exactly: type, name, parent name, provider name. */
export function rows(): { type: string; name: string; parent?: string; provider?: string }[] {
  return constructed.map((c) => {
    const reg = registered.find((r) => r.name === c.name && r.type === c.type);
    const row: { type: string; name: string; parent?: string; provider?: string } = {
      type: c.type,
      name: c.name,
    };
    const parent =
      c.parent === undefined ? undefined : constructed.find((p) => p.resource === c.parent)?.name;
    if (parent !== undefined) row.parent = parent;
    const provider = providerName(reg?.provider);
    if (provider !== undefined) row.provider = provider;
    return row;
  });
}

export function inputsOf(name: string): Record<string, any> {
  const reg =
    registered.find((r) => r.name === name && r.custom === true) ?? registered.find((r) => r.name === name);
  if (reg === undefined) throw new Error(`no registration named ${name}`);
  return reg.inputs;
}

/** Removes Pulumi's secret wrappers, recursively. */
export function unwrap(v: any): any {
  if (pulumi.runtime.isRpcSecret(v)) return unwrap(pulumi.runtime.unwrapRpcSecret(v));
  if (Array.isArray(v)) return v.map(unwrap);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
  return v;
}

export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}
