/**
 * The one retry policy of every call the library makes to a Kubernetes API server (the ITS hub,
 * a WEC, a KubeFlex hosting cluster), as client-go retries: 429 Too Many Requests (API Priority
 * and Fairness) for any request, honouring `Retry-After`; 500/502/503/504 and dropped connections
 * (reset, refused, timed out, TLS handshake cut) for requests that are safe to repeat (reads,
 * server-side apply, deletes by name, dry-runs); a POST only when nothing can have been done
 * (refused before sending, or the server asked to retry). Bounded exponential backoff with
 * jitter (half to all of each step), a cap per attempt and a deadline per call; the final error
 * says how many attempts it took and what the last one answered. Pure: time, sleep and
 * randomness are passed in.
 */
import { httpStatus } from "./api-errors";

/** The bounds of the policy. Every call the library makes to an API server uses these. */
export interface RetryPolicy {
  /** Attempts per call, the first one included. */
  readonly attempts: number;
  /** The first backoff; each next one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  /** The longest backoff between two attempts. */
  readonly maxDelayMs: number;
  /** The longest `Retry-After` honoured (a server asking for more gets this). */
  readonly maxRetryAfterMs: number;
  /** No attempt starts after this long since the first one. */
  readonly deadlineMs: number;
}

/**
 * The defaults: 10 attempts, 200 ms doubling to 10 s, within 90 s: a hub restart (≈ 10–30 s
 * of refused connections) or a throttled burst is absorbed; a hub that stays down fails the
 * call in well under the 10 minutes of a typical pipeline step. `KSITS_RETRY_ATTEMPTS` and
 * `KSITS_RETRY_DEADLINE_SECONDS` tune them for the whole process.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 10,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
  deadlineMs: 90_000,
};

/** The policy with the process's `KSITS_RETRY_*` overrides (invalid values are ignored). */
export function retryPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): RetryPolicy {
  const positive = (v: string | undefined) => {
    const n = Number(v);
    return v !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const attempts = positive(env.KSITS_RETRY_ATTEMPTS);
  const deadline = positive(env.KSITS_RETRY_DEADLINE_SECONDS);
  return {
    ...DEFAULT_RETRY_POLICY,
    ...(attempts === undefined ? {} : { attempts }),
    ...(deadline === undefined ? {} : { deadlineMs: deadline * 1000 }),
  };
}

/** What one attempt gave, as the policy judges it. */
export type Outcome =
  | { readonly kind: "answer"; readonly status: number; readonly retryAfterMs?: number }
  | { readonly kind: "error"; readonly error: unknown };

/** Error codes of a connection that dropped or never formed. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);
const NETWORK_WORDS =
  /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|network socket disconnected|TLS handshake|Client network socket|no answer within|other side closed|fetch failed/i;

/** The error code of `err` or of its cause (fetch wraps the socket's error). */
function codeOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === "string") return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** Whether `err` is a connection that dropped or never formed, not an answer of the server. */
export function isNetworkError(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  const text = err instanceof Error ? `${err.message} ${cause instanceof Error ? cause.message : ""}` : "";
  return NETWORK_WORDS.test(text);
}

/** The connection dropped before its TLS handshake finished: no request went out on it. */
const BEFORE_TLS = /before secure TLS connection was established/i;

/** Whether the request never reached the server (so even a POST can be sent again). */
function neverSent(err: unknown): boolean {
  const code = codeOf(err);
  if (code === "ECONNREFUSED" || code === "EAI_AGAIN" || code === "UND_ERR_CONNECT_TIMEOUT") return true;
  for (
    let e = err as { message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (typeof e.message === "string" && BEFORE_TLS.test(e.message)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Methods that may be repeated: reading, applying, deleting by name, or a dry-run. */
export function isRepeatable(method: string, path: string): boolean {
  return method !== "POST" || /[?&]dryRun=All\b/.test(path);
}

/**
 * Whether an attempt's outcome should be retried, and why (for the log and the final error);
 * undefined when it is final (a success, or an answer retrying cannot change).
 */
export function retryReason(method: string, path: string, outcome: Outcome): string | undefined {
  const repeatable = isRepeatable(method, path);
  if (outcome.kind === "answer") {
    const { status, retryAfterMs } = outcome;
    if (status === 429) return "HTTP 429 Too Many Requests";
    if ([500, 502, 503, 504].includes(status) && (repeatable || retryAfterMs !== undefined))
      return `HTTP ${status}`;
    return undefined;
  }
  if (!isNetworkError(outcome.error)) return undefined;
  if (!repeatable && !neverSent(outcome.error)) return undefined;
  const code = codeOf(outcome.error);
  return code ?? (outcome.error instanceof Error ? outcome.error.message : String(outcome.error));
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1): the server's
 * `Retry-After` when it gave one (capped), jittered up to half as long again, else the doubling
 * backoff, jittered between half and all of it.
 */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  // Never sooner than the server asked, and spread over up to half as long again: the calls a
  // pool has in flight get their 429s together, and coming back together overflows the queue again.
  if (retryAfterMs !== undefined) {
    const asked = Math.min(retryAfterMs, policy.maxRetryAfterMs);
    return Math.round(asked * (1 + random() / 2));
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** What the retry loop needs from the world. */
export interface RetryClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** Reports a retry; the caller decides how often to show it. */
export type RetryNotice = (notice: {
  readonly what: string;
  readonly reason: string;
  readonly attempt: number;
  readonly delayMs: number;
}) => void;

/** Thrown when the attempts or the deadline run out: the last answer or error, and how many attempts. */
export class RetriesExhaustedError extends Error {
  constructor(
    what: string,
    public readonly attempts: number,
    public readonly last: string,
    public override readonly cause?: unknown,
  ) {
    super(`${what}: ${last} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"})`);
  }
}

/**
 * Runs `attempt` until its outcome is final, within the policy. `attempt` returns the outcome
 * and the value to return when final; a final error is rethrown as it is. When retries run out,
 * an answer is returned as it is (the caller reports the status) and an error becomes a
 * `RetriesExhaustedError`.
 */
export async function retrying<T>(
  what: { readonly method: string; readonly path: string },
  attempt: () => Promise<{ outcome: Outcome; value?: T }>,
  policy: RetryPolicy,
  clock: RetryClock,
  notice?: RetryNotice,
): Promise<T> {
  const start = clock.now();
  const label = `${what.method} ${what.path.split("?")[0]}`;
  for (let n = 1; ; n++) {
    let result: { outcome: Outcome; value?: T };
    try {
      result = await attempt();
    } catch (error) {
      result = { outcome: { kind: "error", error } };
    }
    const reason = retryReason(what.method, what.path, result.outcome);
    if (reason === undefined) {
      if (result.outcome.kind === "error") throw result.outcome.error;
      return result.value as T;
    }
    const retryAfter = result.outcome.kind === "answer" ? result.outcome.retryAfterMs : undefined;
    const delay = backoffMs(policy, n, retryAfter, clock.random);
    const outOfTime = clock.now() + delay - start > policy.deadlineMs;
    if (n >= policy.attempts || outOfTime) {
      if (result.outcome.kind === "answer") return result.value as T;
      throw new RetriesExhaustedError(label, n, reason, result.outcome.error);
    }
    notice?.({ what: label, reason, attempt: n, delayMs: delay });
    await clock.sleep(delay);
  }
}

/**
 * Whether a failed status read is worth reading again: the hub did not answer, or answered that
 * it is busy or restarting (each read already retried under the policy, retry.ts). Anything else
 * (403, 404, a bad request) ends the wait at once.
 */
export function isTransientReadError(err: unknown): boolean {
  if (err instanceof RetriesExhaustedError || isNetworkError(err)) return true;
  const status = httpStatus(err);
  return status === 429 || (status !== undefined && status >= 500);
}
