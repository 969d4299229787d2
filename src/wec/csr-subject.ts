/**
 * The subject of a PKCS#10 certificate request as Go's `x509.ParseCertificateRequest` reads it
 * for OCM's approver: the common names and organisations. Parsed with `@peculiar/asn1-csr` (a
 * maintained, schema-driven DER decoder) rather than by hand: the request comes from whoever holds
 * a join credential, so the parser must be one that has met hostile encodings before.
 */
import type * as AsnCsr from "@peculiar/asn1-csr";
import type * as AsnSchema from "@peculiar/asn1-schema";

const COMMON_NAME_OID = "2.5.4.3";
const ORGANIZATION_OID = "2.5.4.10";
/** A request larger than this is not an OCM agent's (theirs are well under 2 KiB). */
const MAX_REQUEST_CHARS = 64 * 1024;

export interface CsrSubject {
  /** Every CN attribute, in order (OCM's agent writes exactly one). */
  readonly commonNames: readonly string[];
  /** Every O attribute, in order. */
  readonly organizations: readonly string[];
}

/** The string form of a DirectoryString-like value, or undefined for a non-string value. */
function directoryString(value: Record<string, unknown>): string | undefined {
  for (const key of [
    "utf8String",
    "printableString",
    "ia5String",
    "teletexString",
    "bmpString",
    "universalString",
  ]) {
    const v = value[key];
    if (typeof v === "string") return v;
  }
  return undefined;
}

/** The DER bytes of the single `CERTIFICATE REQUEST` PEM block in `pem`, or undefined. */
function pemDer(pem: string): Buffer | undefined {
  const m =
    /^-----BEGIN CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END CERTIFICATE REQUEST-----\s*$/.exec(
      pem.trim() + "\n",
    );
  return m === null ? undefined : Buffer.from(m[1]!.replace(/\s+/g, ""), "base64");
}

/**
 * The subject of `request` (`spec.request` as the API returns it: base64 of the PEM text), or
 * undefined when it is not exactly one PEM certificate request, does not decode, or names a CN
 * or O that is not a string. Never throws.
 */
export function csrSubject(request: string): CsrSubject | undefined {
  if (typeof request !== "string" || request.length > MAX_REQUEST_CHARS) return undefined;
  try {
    const der = pemDer(Buffer.from(request, "base64").toString("latin1"));
    if (der === undefined) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AsnConvert } = require("@peculiar/asn1-schema") as typeof AsnSchema;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CertificationRequest } = require("@peculiar/asn1-csr") as typeof AsnCsr;
    const csr = AsnConvert.parse(der, CertificationRequest);
    const commonNames: string[] = [];
    const organizations: string[] = [];
    for (const rdn of csr.certificationRequestInfo.subject) {
      for (const attribute of rdn) {
        if (attribute.type !== COMMON_NAME_OID && attribute.type !== ORGANIZATION_OID) continue;
        const value = directoryString(attribute.value as unknown as Record<string, unknown>);
        if (value === undefined) return undefined;
        (attribute.type === COMMON_NAME_OID ? commonNames : organizations).push(value);
      }
    }
    return { commonNames, organizations };
  } catch {
    return undefined;
  }
}
