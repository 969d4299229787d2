/**
 * The error `p` rejects with, so a test can inspect it (its class, message, the partial state a
 * provider error carries); fails the test when `p` resolves or rejects with a non-Error.
 */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}
