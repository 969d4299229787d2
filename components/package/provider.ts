import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { dynamicProviders } from "../../src/provider/dynamic-entry";
import type { DynamicProviderKind } from "../../src/provider/dynamic-entry";
import { EXPOSED_COMPONENTS, PACKAGE_NAME, typeToken } from "../../src/package/exposure";
import { ClusterManager } from "../hub/cluster-manager";
import { InventoryTransportSpace } from "../its/inventory-transport-space";
import { WorkloadBinding } from "../binding/workload-binding";
import { WorkloadExecutionCluster } from "../wec/workload-execution-cluster";
import { packageRoot, packageVersion } from "./package-root";
import { plainProperties, resecret } from "./secrets";

/** A component class as `construct` calls it. */
type ComponentClass = new (
  name: string,
  args: never,
  opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

/** The exposed components' classes by type token (the table in src/package/exposure.ts names them). */
const CLASSES: Readonly<Record<string, ComponentClass>> = {
  [typeToken("InventoryTransportSpace")]: InventoryTransportSpace,
  [typeToken("ClusterManager")]: ClusterManager,
  [typeToken("WorkloadExecutionCluster")]: WorkloadExecutionCluster,
  [typeToken("WorkloadBinding")]: WorkloadBinding,
};

interface PropertySpec {
  readonly $ref?: string;
  readonly items?: PropertySpec;
}

interface PackageSchema {
  readonly resources: Record<
    string,
    { readonly inputProperties: Record<string, PropertySpec>; readonly properties: Record<string, unknown> }
  >;
}

/** Whether an input is a component (or a list of them) in the schema: a resource reference. */
function isReference(spec: PropertySpec | undefined): boolean {
  return (spec?.$ref ?? spec?.items?.$ref ?? "").startsWith("#/resources/");
}

/**
 * The value of an input that holds resource references. The engine wraps a list of references
 * in an Output (its elements have dependencies), but the components take them as plain values
 * (`wecs` is "a plain list"): the references are known at preview too, so they are unwrapped
 * here, through the Output's own (internal) `isKnown` and `promise()`.
 */
async function referenceValue(name: string, value: unknown): Promise<unknown> {
  if (!pulumi.Output.isInstance(value)) return value;
  const output = value as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
  if (!(await output.isKnown)) {
    throw new Error(
      `${name} must name components declared in the program (known at preview), not a computed value`,
    );
  }
  return output.promise();
}

/** The resource type of a URN (the last part of its qualified type). */
function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

/**
 * The multi-language component provider: `construct` builds the TypeScript components for YAML,
 * Python, Go and other programs, and the transport's own resources (`kubestellar-its:index:<kind>`,
 * registered by those components in this process, see `LibraryResource`) are served here by the
 * same implementations a TypeScript program's dynamic resources load.
 */
export class KubestellarItsProvider implements pulumi.provider.Provider {
  readonly version = packageVersion();
  private readonly schemaText = fs.readFileSync(path.join(packageRoot(), "provider", "schema.json"), "utf8");
  private readonly packageSchema = JSON.parse(this.schemaText) as PackageSchema;
  /** Components constructed in this process, by URN: what resource references to them resolve to. */
  private readonly constructed = new Map<string, pulumi.ComponentResource>();

  constructor() {
    const constructed = this.constructed;
    pulumi.runtime.registerResourceModule(PACKAGE_NAME, "index", {
      version: this.version,
      construct(name: string, type: string, urn: string): pulumi.Resource {
        const found = constructed.get(urn);
        if (found === undefined) {
          throw new Error(
            `${type} "${name}" is not a component this provider constructed in this deployment; pass a component declared in the same program (and through the same provider)`,
          );
        }
        return found;
      },
    });
  }

  getSchema(): Promise<string> {
    return Promise.resolve(this.schemaText);
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<pulumi.provider.ConstructResult> {
    const Class = CLASSES[type];
    const outputs = this.packageSchema.resources[type]?.properties;
    if (Class === undefined || outputs === undefined) {
      const known = EXPOSED_COMPONENTS.map((c) => typeToken(c.className)).join(", ");
      throw new Error(`kubestellar-its: unknown resource type ${type}; this provider constructs ${known}`);
    }
    const specs = this.packageSchema.resources[type]?.inputProperties ?? {};
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
      if (value === undefined) continue;
      args[key] = isReference(specs[key]) ? await referenceValue(key, value) : value;
    }
    const component = new Class(name, args as never, options);
    const urn = await new Promise<string>((resolve) => component.urn.apply(resolve));
    this.constructed.set(urn, component);
    const members = component as unknown as Record<string, pulumi.Input<unknown>>;
    const state = Object.fromEntries(Object.keys(outputs).map((k) => [k, members[k]]));
    return { urn, state };
  }

  // ---- The transport's resources (custom resources of this package) ----------------------

  private impl(urn: string): pulumi.dynamic.ResourceProvider {
    const kind = urnType(urn).split(":").pop() as DynamicProviderKind;
    const impl = (dynamicProviders as Record<string, unknown>)[kind];
    if (impl === undefined) throw new Error(`kubestellar-its: no resource kind ${kind} (${urn})`);
    return impl as pulumi.dynamic.ResourceProvider;
  }

  async check(urn: string, olds: unknown, news: unknown): Promise<pulumi.provider.CheckResult> {
    const impl = this.impl(urn);
    const n = plainProperties(news);
    if (impl.check === undefined) return { inputs: news };
    const result = await impl.check(plainProperties(olds).plain, n.plain);
    return { inputs: resecret(result.inputs ?? n.plain, n.secretKeys), failures: result.failures ?? [] };
  }

  async diff(id: string, urn: string, olds: unknown, news: unknown): Promise<pulumi.provider.DiffResult> {
    const impl = this.impl(urn);
    if (impl.diff === undefined) return {};
    return impl.diff(id, plainProperties(olds).plain, plainProperties(news).plain);
  }

  async create(urn: string, inputs: unknown): Promise<pulumi.provider.CreateResult> {
    const p = plainProperties(inputs);
    const result = await this.impl(urn).create(p.plain);
    return { id: result.id, outs: resecret(result.outs, p.secretKeys) };
  }

  async read(id: string, urn: string, props: unknown): Promise<pulumi.provider.ReadResult> {
    const impl = this.impl(urn);
    const p = plainProperties(props);
    if (impl.read === undefined) return { id, props };
    const result = await impl.read(id, p.plain);
    return {
      id: result.id ?? id,
      props: resecret(result.props, p.secretKeys),
      ...(result.inputs !== undefined ? { inputs: resecret(result.inputs, p.secretKeys) } : {}),
    };
  }

  async update(id: string, urn: string, olds: unknown, news: unknown): Promise<pulumi.provider.UpdateResult> {
    const impl = this.impl(urn);
    const n = plainProperties(news);
    if (impl.update === undefined) return { outs: news };
    const result = await impl.update(id, plainProperties(olds).plain, n.plain);
    return { outs: resecret(result.outs, n.secretKeys) };
  }

  async delete(id: string, urn: string, props: unknown): Promise<void> {
    const impl = this.impl(urn);
    if (impl.delete !== undefined) await impl.delete(id, plainProperties(props).plain);
  }
}
