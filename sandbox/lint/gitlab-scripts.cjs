// Prints each job's before_script, script and after_script of a GitLab CI file as one bash
// script, NUL-separated, for ShellCheck (sandbox/ci-lint.sh). A script entry YAML read as
// something other than a string (an unquoted ": " makes a map) fails: GitLab would not run it.
const { readFileSync } = require("node:fs");
const { parse } = require("yaml");

const file = process.argv[2];
const doc = parse(readFileSync(file, "utf8"));
for (const [job, def] of Object.entries(doc)) {
  if (job.startsWith(".") || typeof def !== "object" || def === null || !("script" in def)) continue;
  const lines = ["before_script", "script", "after_script"].flatMap((k) => def[k] ?? []);
  const bad = lines.filter((l) => typeof l !== "string");
  if (bad.length > 0) {
    console.error(`${file}: job ${job}: script entries that are not strings: ${JSON.stringify(bad)}`);
    process.exit(1);
  }
  process.stdout.write(`#!/usr/bin/env bash\n# ${job}\n${lines.join("\n")}\n\0`);
}
