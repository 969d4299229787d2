/**
 * The engine sends a provider that accepts secrets (every `@pulumi/pulumi/provider` server does)
 * secret values wrapped in the wire's secret envelope. The transport's implementations take plain
 * values, as the dynamic-provider host gives them; what came as a secret goes back as one.
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecretEnvelope(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `value` without secret envelopes, at any depth, and whether it held one. */
export function unwrapSecrets(value: unknown): { plain: unknown; secret: boolean } {
  if (isSecretEnvelope(value)) return { plain: unwrapSecrets(value.value).plain, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(unwrapSecrets);
    return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    let secret = false;
    const plain: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const u = unwrapSecrets(v);
      plain[k] = u.plain;
      secret ||= u.secret;
    }
    return { plain, secret };
  }
  return { plain: value, secret: false };
}

/** A property map without envelopes, and the top-level keys that held a secret. */
export function plainProperties(props: unknown): { plain: Record<string, unknown>; secretKeys: Set<string> } {
  const plain: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries((props ?? {}) as Record<string, unknown>)) {
    const u = unwrapSecrets(v);
    plain[k] = u.plain;
    if (u.secret) secretKeys.add(k);
  }
  return { plain, secretKeys };
}

/** `outs` with the keys that came in as secrets wrapped as secrets again. */
export function resecret(outs: unknown, secretKeys: ReadonlySet<string>): unknown {
  if (typeof outs !== "object" || outs === null || secretKeys.size === 0) return outs;
  return Object.fromEntries(
    Object.entries(outs as Record<string, unknown>).map(([k, v]) =>
      secretKeys.has(k) && v !== undefined ? [k, { [SIG_KEY]: SECRET_SIG, value: v }] : [k, v],
    ),
  );
}
