/**
 * The hub as the validator at preview: every object a transport resource would deliver, whose
 * content is new, is sent to the ITS API server as a server-side dry-run (nothing is written).
 * The server's own refusal fails the preview, naming where the object goes, the object and the
 * server's message; objects the hub cannot judge (a kind it does not serve, no permission, an
 * object that exists there) keep the library's local rules, and the preview says which.
 *
 * This module decides what to send, how to read the answers and what to say; the HTTP calls are
 * behind `DryRunClient` (src/kube/dry-run-client.ts), so the logic is tested against fakes.
 */
import type { DryRunAnswer, DryRunClient } from "../../../kube/dry-run-client";
import { isMapping, shorten, MESSAGE_BOUNDS } from "../../../kube";
import { forEachLimit } from "./limit";
import { hubConcurrency } from "../../../kube/hub-http";
import type { KubeObject } from "../../plan/objects";
import { describeObject } from "../../plan/objects";
import type { RedactableIssue } from "../../plan/redact";
import { redactText } from "../../plan/redact";
import type { WorkloadSources } from "../../plan/read";
import { secretSources, sourceOf } from "../../plan/secrets";

/** One object as a WEC receives it, and where it came from. */
export interface DeliveredObject {
  /** Where it goes, for messages: `WEC "wec1"`, or the WECs a Placement selects. */
  readonly where: string;
  /**
   * Where it goes, as a relative directory: `<set>/<wec>`, or `<set>/placement-<group>` for a
   * fan-out group (what `KSITS_RENDER_DIR` renders into).
   */
  readonly target: string;
  /** The object after sanitizing and template expansion. */
  readonly object: KubeObject;
  /** The workload entry it came from: `workloads[2]`, `yaml[0] document 3`. */
  readonly source: string;
  /** Hash of its canonical JSON, as the plan computed it (in memory: a Secret's is never recorded). */
  readonly content: string;
}

/** The namespace namespaced objects are dry-run in: it exists on every API server. */
export const DRY_RUN_NAMESPACE = "default";
/** Verdicts kept per provider process: enough for any stack, bounded for a long-lived one. */
const CACHE_LIMIT = 20_000;

/** What the hub said of one object's content. */
export type HubVerdict =
  | { readonly kind: "accepted" }
  | {
      readonly kind: "refused";
      readonly message: string;
      /** Text-free: the kind of each problem, and its field when that is the name or namespace. */
      readonly causes: readonly string[];
    }
  | { readonly kind: "unjudged"; readonly why: string };

export interface HubValidation {
  /** The hub's refusals, one per object and destination, as check failures. */
  readonly issues: RedactableIssue[];
  /** Objects the hub did not judge (local rules only), described, with why. */
  readonly localOnly: string[];
  /** How many distinct contents were sent to the hub in this check. */
  readonly sent: number;
}

/**
 * The content hashes a plan recorded (any `objects` map inside it): content the hub judged
 * before, at the preview or `up` that recorded it, is not sent again.
 */
export function recordedContent(plan: unknown): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = [plan];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (k === "objects" && isMapping(child)) {
        for (const h of Object.values(child)) if (typeof h === "string") out.add(h);
      } else stack.push(child);
    }
  }
  return out;
}

/**
 * The object as it is sent: a namespaced object moves into DRY_RUN_NAMESPACE (its own namespace
 * may not exist on the hub; its name was checked locally), nothing else changes.
 */
export function dryRunBody(object: KubeObject, namespaced: boolean): KubeObject {
  if (!namespaced) return object;
  return { ...object, metadata: { ...object.metadata, namespace: DRY_RUN_NAMESPACE } };
}

/**
 * Reads the API server's answers. Only "the object is invalid" (422) and "the request is
 * malformed" (400) refuse: they are about the object, so a WEC's API server says the same. Every
 * other answer (Forbidden, a webhook failing, throttling) is about the hub: not a verdict.
 */
export function verdictOf(create: DryRunAnswer, replace?: DryRunAnswer): HubVerdict {
  const answer = create.status === 409 && replace !== undefined ? replace : create;
  if (answer.status >= 200 && answer.status < 300) return { kind: "accepted" };
  const message = answer.message ?? `HTTP ${answer.status}`;
  if (answer === replace && /immutable|Conflict|resourceVersion/i.test(message)) {
    // The hub has an object of that name: its update can fail for reasons no WEC shares.
    return { kind: "unjudged", why: "an object of that name exists on the hub" };
  }
  const hubSpecific = HUB_SPECIFIC.find(([re]) => re.test(message));
  if (hubSpecific !== undefined) return { kind: "unjudged", why: hubSpecific[1] };
  if (answer.status === 422 || answer.status === 400) {
    const causes = (answer.causes ?? []).map((c) =>
      /^metadata\.(name|namespace)$/.test(c.field ?? "") ? `${c.field}: ${c.reason}` : c.reason,
    );
    return { kind: "refused", message, causes: [...new Set(causes)] };
  }
  return { kind: "unjudged", why: shorten(`the hub answered ${answer.status}: ${message}`, 200) };
}

/**
 * Refusals that depend on the hub's own state or network, not on the object: a WEC with another
 * service network or without a default PriorityClass may take the object. Not verdicts.
 */
const HUB_SPECIFIC: readonly (readonly [RegExp, string])[] = [
  [
    /provided IP|clusterIPs?\b.*(range|allocated)|nodePort|provided port|port is already allocated/i,
    "it asks for an address or port of the hub's service network",
  ],
  [/already marked as default/i, "the hub has a default of its own"],
  [/exceeded quota|LimitRange|maximum .* usage/i, "a quota or limit of the hub's namespace"],
];

/** Verdicts by server and content, kept across checks of one provider process. */
const verdictCache = new Map<string, HubVerdict>();

/** One dry-run of `object` (create, and when it exists, replace). */
async function judge(client: DryRunClient, object: KubeObject): Promise<HubVerdict> {
  const resource = await client.resource(object.apiVersion, object.kind);
  if (resource === undefined)
    return { kind: "unjudged", why: `the hub does not serve ${object.apiVersion} ${object.kind}` };
  const body = dryRunBody(object, resource.namespaced);
  const created = await client.create(resource, body);
  const replaced = created.status === 409 ? await client.replace(resource, body) : undefined;
  return verdictOf(created, replaced);
}

/**
 * Dry-runs on the hub every delivered object whose content `recorded` does not hold, each
 * distinct content once (cached by server and content hash, in memory only), and turns the
 * refusals into issues at the object's source. `inputs` decides what a message may quote: an
 * object from a secret entry (a Secret, or unreadable) is told by field and kind of problem only.
 */
export async function validateOnHub(
  client: DryRunClient,
  server: string,
  delivered: readonly DeliveredObject[],
  recorded: ReadonlySet<string>,
  inputs: WorkloadSources,
): Promise<HubValidation> {
  const byContent = new Map<string, DeliveredObject[]>();
  for (const d of delivered) {
    if (recorded.has(d.content)) continue;
    const key = `${server} ${d.content}`;
    const same = byContent.get(key);
    if (same === undefined) byContent.set(key, [d]);
    else same.push(d);
  }
  const toSend = [...byContent.keys()].filter((k) => !verdictCache.has(k));
  // This check's answers, the unjudged too (which are not cached).
  const answers = new Map<string, HubVerdict>();
  // The hub's pool (hub-http.ts): bounded, and a quarter as wide while the hub throttles.
  await forEachLimit(toSend, hubConcurrency(server), async (key) => {
    let verdict: HubVerdict;
    try {
      verdict = await judge(client, byContent.get(key)![0]!.object);
    } catch (err) {
      verdict = { kind: "unjudged", why: shorten(`the dry-run failed: ${String(err)}`, 200) };
    }
    if (verdictCache.size >= CACHE_LIMIT) verdictCache.delete(verdictCache.keys().next().value!);
    // A hub that could not judge may next time: only verdicts are kept.
    if (verdict.kind !== "unjudged") verdictCache.set(key, verdict);
    answers.set(key, verdict);
  });
  const secret = secretSources(inputs);
  const issues: RedactableIssue[] = [];
  const localOnly: string[] = [];
  for (const [key, objects] of byContent) {
    const verdict = answers.get(key) ?? verdictCache.get(key);
    if (verdict === undefined || verdict.kind === "accepted") continue;
    for (const d of objects) {
      const who = describeObject(d.object);
      const hidden = secret.has(sourceOf(d.source)) || d.object.kind === "Secret";
      if (verdict.kind === "unjudged") {
        // The hub's own words (a webhook's denial) may quote the object: not for a secret one.
        localOnly.push(`${who} (${hidden ? verdict.why.split(":")[0]! : verdict.why})`);
        continue;
      }
      const textFree = `${who} for ${d.where}: the ITS API server refuses it (server-side dry-run): ${
        verdict.causes.length > 0 ? verdict.causes.join(", ") : "invalid"
      } (the server's message is hidden: this object is or may be a Secret)`;
      const reason = hidden
        ? textFree
        : `${who} for ${d.where}: the ITS API server refuses it (server-side dry-run): ${shorten(
            redactText(verdict.message, inputs, secret),
            MESSAGE_BOUNDS.reason,
          )}`;
      issues.push({ path: d.source, reason, redacted: textFree });
    }
  }
  return { issues, localOnly, sent: toSend.length };
}
