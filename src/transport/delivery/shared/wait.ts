/**
 * The one wait loop of the transport providers: read a status until it is done or the time is up,
 * polling fast at first (agents usually apply within a second) and backing off to every 2 s,
 * logging progress every 10 s. Time, sleep and logging come from the provider's env, so tests run
 * it on a fake clock.
 */
import type { ProgressLog, ProviderEnv } from "../../../kube";
import { describeApiError } from "../../../kube";
import { isTransientReadError } from "../../../kube/retry";

/** What every transport provider gets from its env besides its client (src/kube/provider-env.ts). */
export type TransportEnv<C> = ProviderEnv<C>;
export type { ProgressLog };

export interface PollOptions<S> {
  readonly timeoutMs: number;
  /** Reads the status again. */
  readonly read: () => Promise<S>;
  readonly done: (status: S) => boolean;
  /** The progress line logged every 10 s. */
  readonly progress: (status: S, waitedMs: number) => string;
  /** The error message when the time is up. */
  readonly timedOut: (status: S, waitedMs: number) => string;
}

const FIRST_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 2000;
const LOG_EVERY_MS = 10_000;

/**
 * `first`, or the status read again until `done`; throws `timedOut`'s message at the deadline. A
 * read that fails transiently (a reset, a hub restarting, throttling) does not end the wait: the
 * last good status stands and the error shows in the progress line; the deadline still holds.
 */
export async function pollUntil<S>(env: TransportEnv<unknown>, first: S, o: PollOptions<S>): Promise<S> {
  let status = first;
  const start = env.now();
  let lastLog = start;
  let interval = FIRST_INTERVAL_MS;
  let lastError: string | undefined;
  while (!o.done(status)) {
    const waited = env.now() - start;
    if (waited >= o.timeoutMs)
      throw new Error(
        `${o.timedOut(status, waited)}${lastError === undefined ? "" : ` (last read: ${lastError})`}`,
      );
    if (env.now() - lastLog >= LOG_EVERY_MS) {
      env.log(
        `${o.progress(status, waited)}${lastError === undefined ? "" : ` (the last read failed: ${lastError}; still waiting)`}`,
      );
      lastLog = env.now();
    }
    await env.sleep(Math.min(interval, o.timeoutMs - waited));
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
    try {
      status = await o.read();
      lastError = undefined;
    } catch (err) {
      if (!isTransientReadError(err)) throw err;
      lastError = describeApiError(err);
    }
  }
  return status;
}
