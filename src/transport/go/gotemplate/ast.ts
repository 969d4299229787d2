import type { NumberLiteral } from "./numbers";

/** Nodes of a parsed Go template (the subset of `text/template/parse` node types the language has). */
export type Node =
  | { readonly type: "text"; readonly bytes: string; readonly blank: boolean }
  | { readonly type: "action"; readonly pipe: Pipe }
  | ControlNode
  | { readonly type: "template"; readonly name: string; readonly pipe?: Pipe }
  | { readonly type: "break" | "continue" }
  | { readonly type: "end" | "else" };

/** `{{if}}`, `{{with}}` and `{{range}}`: a pipeline, a body and an optional `{{else}}` body. */
export interface ControlNode {
  readonly type: "if" | "with" | "range";
  readonly pipe: Pipe;
  readonly list: Node[];
  readonly elseList?: Node[];
}

export interface Pipe {
  readonly type: "pipe";
  /** Declared or assigned variables (`$x :=`, `$k, $v :=`, `$x =`). */
  readonly decl: string[];
  readonly isAssign: boolean;
  readonly cmds: Command[];
}

export interface Command {
  readonly args: Arg[];
}

export type Arg =
  | { readonly type: "field"; readonly idents: string[] }
  | { readonly type: "variable"; readonly idents: string[] }
  | { readonly type: "dot" }
  | { readonly type: "nil" }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "number"; readonly number: NumberLiteral }
  | { readonly type: "string"; readonly bytes: string; readonly quoted: string }
  | { readonly type: "identifier"; readonly name: string }
  | { readonly type: "chain"; readonly node: Arg; readonly fields: string[] }
  | Pipe;

/** How Go prints a node in messages (`parse.Node.String`), enough to name it. */
export function describeArg(arg: Arg): string {
  switch (arg.type) {
    case "field":
      return arg.idents.map((i) => `.${i}`).join("");
    case "variable":
      return arg.idents.join(".");
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(arg.value);
    case "number":
      return arg.number.text;
    case "string":
      return arg.quoted;
    case "identifier":
      return arg.name;
    case "chain":
      return `${describeArg(arg.node)}${arg.fields.map((f) => `.${f}`).join("")}`;
    case "pipe":
      return `(${arg.cmds.map((c) => c.args.map(describeArg).join(" ")).join(" | ")})`;
  }
}
