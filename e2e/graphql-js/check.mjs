// What every standard GraphQL tool does with the CRM's API, done by the reference
// implementation: read the running server's schema with the full introspection query
// (`getIntrospectionQuery`, as GraphiQL, Apollo and code generators send it), build a client
// schema from the answer, check that it is exactly `schema.graphql`, and validate every
// operation of the browser app against it.
//
// Usage: node check.mjs <endpoint URL> <schema.graphql> <folder of .graphql operations>
// Prints what it checked; exits non-zero, saying why, when anything differs or is invalid.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  parse,
  printSchema,
  validate,
  validateSchema,
} from "graphql";

const [endpoint, sdlPath, operationsDir] = process.argv.slice(2);
if (!operationsDir) {
  console.error("usage: node check.mjs <endpoint URL> <schema.graphql> <operations folder>");
  process.exit(2);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

// Every option a code generator may turn on, but the schema's own description: async-graphql 7
// answers `__schema { description }` with a fixed text about schemas in general, which no SDL
// carries (and graphql-js's default leaves it out too).
const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  inputValueDeprecation: true,
});
const response = await fetch(endpoint, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ query, operationName: "IntrospectionQuery" }),
});
const answer = await response.json();
if (answer.errors || !answer.data) {
  fail(`the introspection query was refused (HTTP ${response.status}): ${JSON.stringify(answer.errors)}`);
}

const served = buildClientSchema(answer.data);
const problems = validateSchema(served);
if (problems.length > 0) {
  fail(`the introspected schema is invalid:\n${problems.map((p) => p.message).join("\n")}`);
}

// Both printed by graphql-js, types and fields in one order: equal text is an equal schema.
const canonical = (schema) => printSchema(lexicographicSortSchema(schema));
const servedText = canonical(served);
const fileText = canonical(buildSchema(readFileSync(sdlPath, "utf8")));
if (servedText !== fileText) {
  const servedLines = servedText.split("\n");
  const fileLines = fileText.split("\n");
  const at = servedLines.findIndex((line, i) => line !== fileLines[i]);
  const context = (lines) => lines.slice(Math.max(0, at - 3), at + 4).join("\n");
  fail(
    `the served schema differs from ${sdlPath} at line ${at + 1} of the printed schemas:\n` +
      `--- served\n${context(servedLines)}\n--- ${sdlPath}\n${context(fileLines)}`,
  );
}

const files = readdirSync(operationsDir).filter((name) => name.endsWith(".graphql")).sort();
if (files.length === 0) {
  fail(`no .graphql operations in ${operationsDir}`);
}
let operations = 0;
const invalid = [];
for (const file of files) {
  const document = parse(readFileSync(join(operationsDir, file), "utf8"));
  operations += document.definitions.filter((d) => d.kind === "OperationDefinition").length;
  for (const error of validate(served, document)) {
    invalid.push(`${file}: ${error.message}`);
  }
}
if (invalid.length > 0) {
  fail(`operations of the app the served schema refuses:\n${invalid.join("\n")}`);
}
const types = Object.keys(served.getTypeMap()).filter((name) => !name.startsWith("__")).length;
console.log(`graphql-js: the served schema (${types} types) is ${sdlPath}; ${operations} operations in ${files.length} files are valid`);
