/**
 * Generates the multi-language package's schema (`provider/schema.json`) from the TypeScript
 * sources with the TypeScript compiler: every exposed component's Args properties (inherited ones
 * too) become `inputProperties`, its public `pulumi.Output` members become `properties`, each with
 * its TSDoc as the description and its `@default` appended; `as const` enums become enum types;
 * named interfaces become object types. `src/package/exposure.ts` says which components, which
 * members stay TypeScript-only and which are secrets. Anything else (a union, an inline object
 * type, a member in neither list) is a problem the generator reports instead of guessing: the
 * schema test (test/unit/package/schema.test.ts) fails on it, and `npm run schema` writes the file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { EXPOSED_COMPONENTS, PACKAGE_NAME, RESOURCE_REFERENCES, typeToken } from "../src/package/exposure";

const ROOT = path.join(__dirname, "..");
const ENTRY = path.join(ROOT, "components", "index.ts");
/** Where the schema is committed (and shipped with the package, read by the provider). */
export const SCHEMA_FILE = path.join(ROOT, "provider", "schema.json");

type Spec = Record<string, unknown>;

/** The generated schema and what could not be expressed in it (empty when all is well). */
export interface GeneratedSchema {
  readonly schema: Spec;
  readonly problems: readonly string[];
}

/** Builds the schema from the sources; never throws for a source problem, reports it. */
export function generateSchema(): GeneratedSchema {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([ENTRY], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  if (entry === undefined) throw new Error(`schema-gen: cannot read ${ENTRY}`);
  const moduleSymbol = checker.getSymbolAtLocation(entry);
  if (moduleSymbol === undefined) throw new Error(`schema-gen: ${ENTRY} is not a module`);
  const exported = new Map<string, ts.Symbol>();
  for (const s of checker.getExportsOfModule(moduleSymbol)) exported.set(s.name, resolveAlias(checker, s));
  return new Generator(checker, exported).run();
}

function resolveAlias(checker: ts.TypeChecker, s: ts.Symbol): ts.Symbol {
  return s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
}

/** TSDoc text of a symbol with its `@default` appended, as a schema description. */
function describe(checker: ts.TypeChecker, s: ts.Symbol): string {
  const text = ts.displayPartsToString(s.getDocumentationComment(checker)).trim();
  const tag = s.getJsDocTags(checker).find((t) => t.name === "default");
  if (tag === undefined) return text;
  const raw = ts.displayPartsToString(tag.text).trim();
  // `@default - the resource name` is prose; `@default "none"` is a value.
  const value = raw.startsWith("- ") ? raw.slice(2) : raw === "" ? "none" : `\`${raw}\``;
  return `${text}\n\nDefault: ${value}.`.trim();
}

function isPublicInstanceMember(d: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(d);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) === 0;
}

class Generator {
  private readonly types: Record<string, Spec> = {};
  private readonly problems: string[] = [];

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly exported: ReadonlyMap<string, ts.Symbol>,
  ) {}

  run(): GeneratedSchema {
    const resources: Record<string, Spec> = {};
    for (const c of EXPOSED_COMPONENTS) {
      const spec = this.component(c);
      if (spec !== undefined) resources[typeToken(c.className)] = spec;
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
      description: string;
      keywords: string[];
      license: string;
    };
    const schema: Spec = {
      name: PACKAGE_NAME,
      displayName: "KubeStellar ITS",
      version: pkg.version,
      description: pkg.description,
      keywords: [...pkg.keywords, "category/cloud", "kind/component"],
      license: pkg.license,
      publisher: "kubestellar-its",
      language: {
        python: {
          packageName: "pulumi_kubestellar_its",
          // Without it the SDK says version 0.0.0 and the engine looks for that plugin version.
          respectSchemaVersion: true,
          pyproject: { enabled: true },
        },
        go: {
          importBasePath: "kubestellar-its/sdk/go/kubestellarits",
          generateResourceContainerTypes: true,
          respectSchemaVersion: true,
        },
      },
      resources,
      types: Object.fromEntries(Object.entries(this.types).sort(([a], [b]) => a.localeCompare(b))),
    };
    return { schema, problems: this.problems };
  }

  private component(c: (typeof EXPOSED_COMPONENTS)[number]): Spec | undefined {
    const cls = this.exported.get(c.className);
    const decl = cls?.declarations?.find(ts.isClassDeclaration);
    if (cls === undefined || decl === undefined) {
      this.problems.push(`${c.className}: not a class exported by components/index.ts`);
      return undefined;
    }
    const args = this.exported.get(c.argsName);
    if (args === undefined) {
      this.problems.push(`${c.className}: ${c.argsName} is not exported by components/index.ts`);
      return undefined;
    }
    const inputProperties: Record<string, Spec> = {};
    const requiredInputs: string[] = [];
    const argsType = this.checker.getDeclaredTypeOfSymbol(args);
    const seenInputs = new Set<string>();
    for (const prop of this.checker.getPropertiesOfType(argsType)) {
      seenInputs.add(prop.name);
      if (prop.name in c.typeScriptOnlyInputs) continue;
      const where = `${c.argsName}.${prop.name}`;
      const spec = this.property(prop, where, c.secretInputs.includes(prop.name));
      if (spec === undefined) continue;
      inputProperties[prop.name] = spec;
      if (!(prop.flags & ts.SymbolFlags.Optional)) requiredInputs.push(prop.name);
    }
    for (const name of [...Object.keys(c.typeScriptOnlyInputs), ...c.secretInputs]) {
      if (!seenInputs.has(name))
        this.problems.push(
          `${c.className}: exposure names input "${name}", which ${c.argsName} does not have`,
        );
    }
    const properties: Record<string, Spec> = {};
    const required: string[] = [];
    const seenMembers = new Set<string>();
    for (const member of decl.members) {
      if (!(ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member))) continue;
      if (!isPublicInstanceMember(member) || !ts.isIdentifier(member.name)) continue;
      const name = member.name.text;
      seenMembers.add(name);
      if (name in c.typeScriptOnlyMembers) continue;
      const where = `${c.className}.${name}`;
      const typeNode = member.type;
      const output = typeNode !== undefined ? outputArgument(typeNode) : undefined;
      if (output === undefined) {
        this.problems.push(
          `${where}: a public member that is not a pulumi.Output; make it one or list it in typeScriptOnlyMembers (src/package/exposure.ts)`,
        );
        continue;
      }
      const symbol = this.checker.getSymbolAtLocation(member.name);
      const { spec, optional } = this.typeSpec(output, where);
      if (spec === undefined) continue;
      properties[name] = {
        ...spec,
        ...(symbol ? { description: describe(this.checker, symbol) } : {}),
        ...(c.secretOutputs.includes(name) ? { secret: true } : {}),
      };
      if (!optional) required.push(name);
    }
    for (const name of [...Object.keys(c.typeScriptOnlyMembers), ...c.secretOutputs]) {
      if (!seenMembers.has(name))
        this.problems.push(`${c.className}: exposure names member "${name}", which the class does not have`);
    }
    return {
      isComponent: true,
      description: describe(this.checker, cls),
      inputProperties,
      ...(requiredInputs.length > 0 ? { requiredInputs } : {}),
      properties,
      ...(required.length > 0 ? { required } : {}),
    };
  }

  /** The spec of an interface property (input or object-type field). */
  private property(prop: ts.Symbol, where: string, secret: boolean): Spec | undefined {
    const decl = prop.declarations?.find(ts.isPropertySignature);
    if (decl?.type === undefined) {
      this.problems.push(`${where}: no declared type`);
      return undefined;
    }
    const { spec } = this.typeSpec(decl.type, where);
    if (spec === undefined) return undefined;
    return { ...spec, description: describe(this.checker, prop), ...(secret ? { secret: true } : {}) };
  }

  /** The schema type of a TypeScript type node; `optional` when it admits `undefined`. */
  private typeSpec(node: ts.TypeNode, where: string): { spec?: Spec; optional: boolean } {
    if (ts.isParenthesizedTypeNode(node)) return this.typeSpec(node.type, where);
    if (ts.isUnionTypeNode(node)) {
      const rest = node.types.filter(
        (t) =>
          t.kind !== ts.SyntaxKind.UndefinedKeyword &&
          !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword),
      );
      const [only] = rest;
      if (rest.length !== 1 || only === undefined) {
        this.problems.push(
          `${where}: a union type (${node.getText()}) has no schema type; use one type or an enum`,
        );
        return { optional: true };
      }
      return { ...this.typeSpec(only, where), optional: rest.length !== node.types.length };
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { spec: { type: "string" }, optional: false };
      case ts.SyntaxKind.NumberKeyword:
        return { spec: { type: "number" }, optional: false };
      case ts.SyntaxKind.BooleanKeyword:
        return { spec: { type: "boolean" }, optional: false };
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.AnyKeyword:
        return { spec: { $ref: "pulumi.json#/Any" }, optional: false };
    }
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)
      return this.typeSpec(node.type, where);
    if (ts.isArrayTypeNode(node)) return this.arrayOf(node.elementType, where);
    if (ts.isTypeReferenceNode(node)) return this.reference(node, where);
    this.problems.push(`${where}: the type ${node.getText()} has no schema type; name it as an interface`);
    return { optional: false };
  }

  private arrayOf(element: ts.TypeNode, where: string): { spec?: Spec; optional: boolean } {
    const items = this.typeSpec(element, `${where}[]`).spec;
    return { spec: items && { type: "array", items }, optional: false };
  }

  private reference(node: ts.TypeReferenceNode, where: string): { spec?: Spec; optional: boolean } {
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    const args = node.typeArguments ?? [];
    const [first, second] = args;
    switch (name) {
      case "Input":
      case "Output":
      case "Required":
      case "Readonly":
        if (first !== undefined) return this.typeSpec(first, where);
        break;
      case "Array":
      case "ReadonlyArray":
        if (first !== undefined) return this.arrayOf(first, where);
        break;
      case "Record":
        if (second !== undefined) {
          const value = this.typeSpec(second, `${where}{}`).spec;
          return { spec: value && { type: "object", additionalProperties: value }, optional: false };
        }
        break;
    }
    const resource = RESOURCE_REFERENCES[name];
    if (resource !== undefined)
      return { spec: { $ref: `#/resources/${typeToken(resource)}` }, optional: false };
    const found = this.checker.getSymbolAtLocation(node.typeName);
    const symbol = found && resolveAlias(this.checker, found);
    const enumValues = symbol && this.enumMembers(symbol);
    if (symbol !== undefined && enumValues !== undefined) {
      this.types[typeToken(name)] ??= {
        type: "string",
        description: describe(this.checker, symbol),
        enum: enumValues,
      };
      return { spec: { $ref: `#/types/${typeToken(name)}` }, optional: false };
    }
    const iface = symbol?.declarations?.find(ts.isInterfaceDeclaration);
    if (symbol !== undefined && iface !== undefined) {
      return { spec: { $ref: `#/types/${this.objectType(name, symbol, where)}` }, optional: false };
    }
    const alias = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
    if (alias !== undefined) return this.typeSpec(alias.type, where);
    this.problems.push(`${where}: the type ${node.getText()} has no schema type`);
    return { optional: false };
  }

  /**
   * An interface as an object type (each once; its fields described like inputs). A trailing
   * `Args` is dropped from the type's name: the SDKs add their own (`BindingClusterArgs` in Go and
   * Python is the input form of the schema's `BindingCluster`).
   */
  private objectType(name: string, symbol: ts.Symbol, where: string): string {
    const token = typeToken(name.replace(/(?<=.)Args$/, ""));
    if (token in this.types) return token;
    const spec: Spec = { type: "object", description: describe(this.checker, symbol) };
    this.types[token] = spec;
    const properties: Record<string, Spec> = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(this.checker.getDeclaredTypeOfSymbol(symbol))) {
      const field = this.property(prop, `${where} → ${name}.${prop.name}`, false);
      if (field === undefined) continue;
      properties[prop.name] = field;
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    spec["properties"] = properties;
    if (required.length > 0) spec["required"] = required;
    return token;
  }

  /** The members of an `as const` enum (a const object of string literals with a same-named type). */
  private enumMembers(symbol: ts.Symbol): Spec[] | undefined {
    if (!(symbol.flags & ts.SymbolFlags.Variable) || !(symbol.flags & ts.SymbolFlags.TypeAlias))
      return undefined;
    const variable = symbol.declarations?.find(ts.isVariableDeclaration);
    let init = variable?.initializer;
    while (init !== undefined && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)))
      init = init.expression;
    if (init === undefined || !ts.isObjectLiteralExpression(init)) return undefined;
    const members: Spec[] = [];
    for (const p of init.properties) {
      if (!ts.isPropertyAssignment(p) || !ts.isStringLiteral(p.initializer)) return undefined;
      const memberSymbol = this.checker.getSymbolAtLocation(p.name);
      const description = memberSymbol ? describe(this.checker, memberSymbol) : "";
      members.push({
        name: p.name.getText().replace(/^"|"$/g, ""),
        value: p.initializer.text,
        ...(description ? { description } : {}),
      });
    }
    return members;
  }
}

/** `X` of a `pulumi.Output<X>` type node, else undefined. */
function outputArgument(node: ts.TypeNode): ts.TypeNode | undefined {
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
  return name === "Output" ? node.typeArguments?.[0] : undefined;
}

/** The schema as committed: two-space JSON and a final newline. */
export function schemaText(schema: Spec): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
