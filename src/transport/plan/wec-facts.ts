/**
 * One WEC as the binding-wide transport resources (`BindingBundles`, `HubFanOut`) receive it: its
 * name (= its mailbox namespace) and what its templates expand from. One shape and one schema for
 * both modes.
 */
import { z } from "zod";
import { dnsLabel } from "../../kube";

/**
 * One WEC a binding-wide transport resource delivers to, with what its templates expand from.
 * Public as `FanOutCluster`; inlined in the API reference, where this name is not exported.
 * @inline
 */
export interface WecFacts {
  /** The WEC's name, which is also its mailbox namespace on the ITS. */
  readonly name: string;
  /** Its ManagedCluster labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Its ManagedCluster annotations. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Its customization properties (the ConfigMap `<wec>` in `customization-properties`). @default {} */
  readonly properties?: Readonly<Record<string, string>>;
}

export const wecFactsSchema = z
  .object({
    name: dnsLabel,
    labels: z.record(z.string()).optional(),
    annotations: z.record(z.string()).optional(),
    properties: z.record(z.string()).optional(),
  })
  .strict();
