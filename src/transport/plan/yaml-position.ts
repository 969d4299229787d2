/**
 * Where in the file a YAML error kubectl reports is: kubectl's message names a line of the
 * document it failed on (go-yaml counts from that document's first line) and no column. This
 * finds the document as kubectl's reader splits the stream (at lines starting with `---`),
 * turns the line into the file's, and adds a column where a second parser (the `yaml` package)
 * finds its first error on that same line. kubectl stays the judge of what is valid; this only
 * points at the place. Pure.
 */
import { parseDocument } from "yaml";

/** One document as kubectl's YAML reader cuts the stream: its text and its first line in the file (1-based). */
interface Chunk {
  readonly text: string;
  readonly firstLine: number;
}

/** kubectl's reader: a line starting with `---` ends a document (it is in neither). */
function chunks(text: string): Chunk[] {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const out: Chunk[] = [];
  let start = 0;
  const push = (end: number) => out.push({ text: lines.slice(start, end).join("\n"), firstLine: start + 1 });
  lines.forEach((line, i) => {
    if (line.startsWith("---")) {
      push(i);
      start = i + 1;
    }
  });
  push(lines.length);
  return out;
}

/** A document kubectl skips: nothing but blank lines and comments (it decodes to null). */
function isEmpty(chunk: Chunk): boolean {
  return chunk.text.split("\n").every((l) => l.trim() === "" || l.trim().startsWith("#"));
}

/** What a position adds to kubectl's message: `file line 12, column 3`, or undefined when unknown. */
export interface YamlPosition {
  readonly line: number;
  readonly column?: number;
  /** True when kubectl named no line and the place is the second parser's first error. */
  readonly near: boolean;
}

/**
 * The file position of kubectl's `message` about the document after the `decoded` documents it
 * read (empty documents, which kubectl skips, are skipped here too). Undefined when the document
 * cannot be found or neither parser names a line.
 */
export function yamlErrorPosition(text: string, decoded: number, message: string): YamlPosition | undefined {
  const doc = chunks(text).filter((c) => !isEmpty(c))[decoded];
  if (doc === undefined) return undefined;
  const first = parseDocument(doc.text, { prettyErrors: true }).errors[0]?.linePos?.[0];
  const goLine = /\byaml: line (\d+):/.exec(message)?.[1];
  if (goLine === undefined) {
    return first === undefined
      ? undefined
      : { line: doc.firstLine + first.line - 1, column: first.col, near: true };
  }
  const line = Number(goLine);
  return {
    line: doc.firstLine + line - 1,
    ...(first !== undefined && first.line === line ? { column: first.col } : {}),
    near: false,
  };
}

/** ` (file line 12, column 3)`, ` (near file line 4, column 6)`, ` (file line 12)` or "". */
export function describePosition(position: YamlPosition | undefined): string {
  if (position === undefined) return "";
  const column = position.column === undefined ? "" : `, column ${position.column}`;
  return ` (${position.near ? "near " : ""}file line ${position.line}${column})`;
}
