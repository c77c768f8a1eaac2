// The operationIds the mock answers: the keys of its route table (packages/mock/src/http/routes.ts `routes`, with the
// tables it spreads in from routes-*.ts), read from the sources as written, so the list is the mock's own and never a
// second copy. An operation without a route answers `501 not_implemented` (packages/mock/src/http/handlers.ts), and the
// mock's conformance test (test/conformance/every-operation.test.ts) expects every operation of the spec answered.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { typescript } from './typescript.mjs';

const ROUTES = 'packages/mock/src/http/routes.ts';

/** The mock's route keys, or undefined when the mock's sources are not there (a workspace without the mock). */
export function mockRouteIds(root) {
  const file = join(root, ROUTES);
  if (!existsSync(file)) return undefined;
  const ids = new Set();
  collect(root, file, 'routes', ids, new Set());
  return ids;
}

/** What spec:check and spec:update report: route keys the spec lacks, and the spec's operations with no route. */
export function mockRouteProblems(root, operationIds) {
  const routes = mockRouteIds(root);
  if (!routes) return { stale: [], missing: [] };
  const spec = new Set(operationIds);
  return {
    stale: [...routes].filter((id) => !spec.has(id)).sort(),
    missing: [...spec].filter((id) => !routes.has(id)).sort(),
  };
}

function collect(root, file, name, ids, seen) {
  const ts = typescript();
  const key = `${file}#${name}`;
  if (seen.has(key)) return;
  seen.add(key);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const where = relative(root, file);
  let table;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) table = declaration.initializer;
  }
  while (table && (ts.isSatisfiesExpression(table) || ts.isAsExpression(table) || ts.isParenthesizedExpression(table)))
    table = table.expression;
  if (!table || !ts.isObjectLiteralExpression(table))
    throw new Error(`${where}: cannot read the route table "${name}" (expected an object literal)`);
  for (const member of table.properties) {
    if (ts.isSpreadAssignment(member) && ts.isIdentifier(member.expression)) {
      const [from, exported] = tableFile(root, source, file, member.expression.text);
      collect(root, from, exported, ids, seen);
      continue;
    }
    const memberName = member.name;
    if (memberName && (ts.isIdentifier(memberName) || ts.isStringLiteral(memberName))) ids.add(memberName.text);
    else throw new Error(`${where}: cannot read a key of the route table "${name}"`);
  }
}

/** Where a spread route table is declared, [file, name]: in this file, or in the module it is imported from. */
function tableFile(root, source, file, name) {
  const ts = typescript();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const element = bindings.elements.find((e) => e.name.text === name);
    if (!element) continue;
    const target = join(dirname(file), statement.moduleSpecifier.text);
    for (const candidate of [`${target}.ts`, join(target, 'index.ts'), target.replace(/\.js$/, '.ts')])
      if (existsSync(candidate)) return [candidate, element.propertyName?.text ?? name];
    throw new Error(`${relative(root, file)}: cannot find the module of the route table "${name}"`);
  }
  return [file, name];
}
