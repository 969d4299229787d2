/**
 * Unhandled rejections while the bad-input corpus runs inline programs (the Automation API runs
 * them in this process). While a program runs, Pulumi's own listener takes its rejections and
 * reports them to the engine; outside that window vitest would. Installing a listener makes
 * vitest leave every rejection to it, so this one sorts them: a run whose gRPC client reused an
 * exited engine's connection (engine-connections.ts says why and prevents it) is counted, and
 * anything else is kept; the test fails on either.
 */
export const INLINE_CHANNEL_FLAKE = "14 UNAVAILABLE: No connection established";

function text(reason: unknown): string {
  return reason instanceof Error ? `${reason.message}\n${reason.stack ?? ""}` : String(reason);
}

export interface RejectionWatch {
  /** How many runs since the last call had their engine channel fail with INLINE_CHANNEL_FLAKE. */
  takeInlineChannelFlakes(): number;
  /** Every other rejection no one handled since the last call. */
  takeOthers(): string[];
  stop(): void;
}

export function watchUnhandledRejections(): RejectionWatch {
  let flakes = 0;
  let others: string[] = [];
  const listener = (reason: unknown) => {
    if (text(reason).includes(INLINE_CHANNEL_FLAKE)) flakes++;
    // vitest's listener, this one, and Pulumi's while a program runs: then Pulumi reports it.
    else if (process.listenerCount("unhandledRejection") <= 2) others.push(text(reason));
  };
  process.on("unhandledRejection", listener);
  return {
    takeInlineChannelFlakes: () => {
      const n = flakes;
      flakes = 0;
      return n;
    },
    takeOthers: () => {
      const o = others;
      others = [];
      return o;
    },
    stop: () => process.off("unhandledRejection", listener),
  };
}
