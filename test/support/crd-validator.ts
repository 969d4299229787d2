import Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

/** The real upstream CRDs (verbatim copies kept in the repository; see test/fixtures/crds/README.md). */
export const CRD_DIR = join(__dirname, "..", "fixtures", "crds");

type Schema = Record<string, unknown>;

/**
 * Makes a CRD's structural schema checkable by a JSON-schema validator the way the API server
 * checks it with strict field validation:
 * - objects with `properties` reject unknown fields unless `x-kubernetes-preserve-unknown-fields`;
 * - `x-kubernetes-embedded-resource` objects need `apiVersion` and `kind` (as the API server demands);
 * - `x-kubernetes-int-or-string` accepts an integer or a string.
 * CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
export function toStrictJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toStrictJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) out[k] = toStrictJsonSchema(v);
  if (src["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    if (out.anyOf === undefined) out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (src["x-kubernetes-embedded-resource"] === true) {
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), "apiVersion", "kind"])];
    out.properties = {
      ...(out.properties ?? {}),
      apiVersion: { type: "string", minLength: 1 },
      kind: { type: "string", minLength: 1 },
      metadata: {
        type: "object",
        properties: {
          name: {
            type: "string",
            pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
          },
        },
      },
    };
  }
  if (
    src.properties !== undefined &&
    src["x-kubernetes-preserve-unknown-fields"] !== true &&
    src.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

interface CrdVersion {
  name: string;
  schema: { openAPIV3Schema: Schema };
}

/** `apiVersion/kind` → validator, for every CRD under `test/fixtures/crds`. */
export function loadCrdValidators(): Map<string, ValidateFunction> {
  // The API server applies a schema's defaults before it validates (a ManifestWorkReplicaSet's
  // required cascadeDeletionPolicy defaults to Background), so the validator does too.
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true });
  addFormats(ajv);
  for (const f of ["int32", "int64", "double", "float", "byte"]) ajv.addFormat(f, true);
  const validators = new Map<string, ValidateFunction>();
  for (const dir of readdirSync(CRD_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    for (const file of readdirSync(join(CRD_DIR, dir)).filter(
      (f) => f.endsWith(".yaml") && !f.startsWith("patch.") && !f.startsWith("kustomized"),
    )) {
      for (const doc of parseAllDocuments(readFileSync(join(CRD_DIR, dir, file), "utf8"))) {
        const crd = doc.toJS() as {
          kind?: string;
          spec?: { group: string; names: { kind: string }; versions: CrdVersion[] };
        };
        if (crd?.kind !== "CustomResourceDefinition" || crd.spec === undefined) continue;
        for (const v of crd.spec.versions) {
          const schema = toStrictJsonSchema(v.schema.openAPIV3Schema) as Schema;
          // metadata is validated by the API server as ObjectMeta, not by the CRD schema.
          (schema.properties as Schema).metadata = {
            type: "object",
            required: ["name"],
            properties: { name: { type: "string", minLength: 1 } },
          };
          validators.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(schema));
        }
      }
    }
  }
  return validators;
}

/** Validation errors of `obj` against its CRD, as readable strings; [] when valid. */
export function crdErrors(validators: Map<string, ValidateFunction>, obj: Record<string, unknown>): string[] {
  const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
  const validate = validators.get(key);
  if (validate === undefined) throw new Error(`no CRD schema for ${key}`);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || "/"} ${e.message ?? ""}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
  );
}
