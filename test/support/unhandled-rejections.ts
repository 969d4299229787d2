/**
 * Unhandled rejections in the e2e tier, judged per test instead of by vitest's end-of-run
 * report (the e2e project sets `dangerouslyIgnoreUnhandledErrors`, so this file is what keeps
 * them failing): every one fails the test it happened in, except the one known flake of inline
 * programs (the Automation API runs them in this process), whose gRPC channel to the engine
 * sometimes does not come up on a loaded machine. That flake can also make an inline `preview`
 * end "successfully" before the program ran; the bad-input corpus asks `takeInlineChannelFlakes`
 * and runs such a case again.
 */
import { afterEach } from "vitest";

export const INLINE_CHANNEL_FLAKE = "14 UNAVAILABLE: No connection established";

const seen: unknown[] = [];
process.on("unhandledRejection", (reason) => {
  seen.push(reason);
});

function text(reason: unknown): string {
  return reason instanceof Error ? `${reason.message}\n${reason.stack ?? ""}` : String(reason);
}

/** How many inline-channel flakes were seen since the last call (and forgets them). */
export function takeInlineChannelFlakes(): number {
  let count = 0;
  for (let i = seen.length - 1; i >= 0; i--) {
    if (text(seen[i]).includes(INLINE_CHANNEL_FLAKE)) {
      seen.splice(i, 1);
      count++;
    }
  }
  return count;
}

afterEach(async () => {
  // Rejections surface a tick or two after the operation that caused them.
  await new Promise((resolve) => setTimeout(resolve, 50));
  takeInlineChannelFlakes();
  const others = seen.splice(0);
  if (others.length > 0) {
    throw new Error(`unhandled rejection(s) during this test:\n${others.map(text).join("\n---\n")}`);
  }
});
