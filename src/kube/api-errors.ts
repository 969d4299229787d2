/**
 * Reading errors of the Kubernetes API client (`@kubernetes/client-node`, any major version): the
 * one place that knows where a status code and a server message sit in its error objects.
 */

/** HTTP status of a client-node error, if it is one. */
export function httpStatus(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown; response?: { statusCode?: unknown } };
  for (const v of [e?.code, e?.statusCode, e?.response?.statusCode]) if (typeof v === "number") return v;
  return undefined;
}

/** A short, credential-free description of an API error for messages. */
export function describeApiError(err: unknown): string {
  const e = err as { body?: unknown; message?: unknown };
  let body = e?.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      /* keep the text */
    }
  }
  const msg = (body as { message?: unknown } | undefined)?.message;
  const status = httpStatus(err);
  // client-node's ApiException message ends with every response header (audit IDs, flow schema
  // UIDs): noise in a message a user reads, so it stops before them.
  const text = (
    typeof msg === "string" ? msg : typeof e?.message === "string" ? e.message : String(err)
  ).replace(/\s*Headers: [\s\S]*$/, "");
  return status === undefined ? text : `HTTP ${status}: ${text}`;
}

/** `call`'s result, or undefined when the API server answers 404 (the object does not exist). */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw err;
  }
}
