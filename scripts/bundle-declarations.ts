/**
 * One self-contained .d.ts for an entry module: the compiler writes the declarations of the entry and of each
 * module they import, and every declaration the entry's exports reach is copied into one file, in the compiler's
 * own words (and JSDoc). The result imports nothing, so a package ships it alone. Only the names the entry
 * exports stay exported; what they reference becomes local to the file.
 *
 * It refuses (throws) what it would have to rewrite: a name imported under another name, a namespace or default
 * import, an `import("…")` type the compiler inferred, two declarations of one name from different modules, or an
 * import of a package. Each has a one-line fix in the sources (an annotation, a rename).
 */
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A name as one module sees it: declared there, imported, or re-exported from another module. */
type Binding = { kind: 'local' } | { kind: 'import'; from: string; name: string } | { kind: 'unsupported'; what: string };

interface Module {
  readonly file: string;
  readonly dts: ts.SourceFile;
  /** Top-level declarations by name (several for overloads and merged interfaces), in file order. */
  readonly declarations: Map<string, ts.Statement[]>;
  readonly bindings: Map<string, Binding>;
  /** Exported name → what it names in this module. */
  readonly exports: Map<string, Binding & { local?: string }>;
  readonly starExports: string[];
}

/** A declaration by where it is declared: `file#name`. */
const keyOf = (file: string, name: string): string => `${file}#${name}`;

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  declaration: true,
  emitDeclarationOnly: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  types: ['node'],
  lib: ['lib.es2023.d.ts'],
};

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.map((d) => (ts.isIdentifier(d.name) ? d.name.text : '')).filter(Boolean);
  }
  const named = statement as ts.Statement & { name?: ts.Node };
  const isDeclaration =
    ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement);
  return isDeclaration && named.name && ts.isIdentifier(named.name) ? [named.name.text] : [];
}

const hasExport = (statement: ts.Statement): boolean =>
  (ts.canHaveModifiers(statement) ? ts.getModifiers(statement) ?? [] : []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The module a relative specifier names, as a source path; undefined for a package, which the bundle cannot ship. */
function target(file: string, specifier: ts.Expression): string | undefined {
  const text = (specifier as ts.StringLiteral).text;
  return text.startsWith('.') ? resolve(dirname(file), text) : undefined;
}

const packageImport = (specifier: ts.Expression, name: string): Binding => ({ kind: 'unsupported', what: `${name} from the package ${(specifier as ts.StringLiteral).text}` });

/** The local names an import declaration binds. */
function importedNames(clause: ts.ImportClause | undefined): string[] {
  const named = clause?.namedBindings;
  const names = clause?.name ? [clause.name.text] : [];
  if (named && ts.isNamespaceImport(named)) names.push(named.name.text);
  if (named && ts.isNamedImports(named)) names.push(...named.elements.map((e) => e.name.text));
  return names;
}

function readModule(file: string, text: string): Module {
  const dts = ts.createSourceFile(`${file}.d.ts`, text, ts.ScriptTarget.ES2022, true);
  const declarations = new Map<string, ts.Statement[]>();
  const bindings = new Map<string, Binding>();
  const exports = new Map<string, Binding & { local?: string }>();
  const starExports: string[] = [];
  for (const statement of dts.statements) {
    for (const name of declaredNames(statement)) {
      declarations.set(name, [...(declarations.get(name) ?? []), statement]);
      bindings.set(name, { kind: 'local' });
      if (hasExport(statement)) exports.set(name, { kind: 'local', local: name });
    }
    if (ts.isImportDeclaration(statement)) {
      const from = target(file, statement.moduleSpecifier);
      const clause = statement.importClause;
      if (from === undefined) {
        for (const name of importedNames(clause)) bindings.set(name, packageImport(statement.moduleSpecifier, name));
        continue;
      }
      if (clause?.name) bindings.set(clause.name.text, { kind: 'unsupported', what: `the default import ${clause.name.text}` });
      const named = clause?.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { kind: 'unsupported', what: `the namespace import ${named.name.text}` });
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          const name = (element.propertyName ?? element.name).text;
          bindings.set(element.name.text, name === element.name.text ? { kind: 'import', from, name } : { kind: 'unsupported', what: `${name}, imported as ${element.name.text}` });
        }
      }
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier ? target(file, statement.moduleSpecifier) : undefined;
      if (statement.moduleSpecifier && from === undefined) throw new Error(`${file}: re-exports the package ${statement.moduleSpecifier.getText()}, which the bundle cannot ship`);
      const clause = statement.exportClause;
      if (!clause && from) starExports.push(from);
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          const name = (element.propertyName ?? element.name).text;
          if (name !== element.name.text) throw new Error(`${file}: exports ${name} as ${element.name.text}; export it under its own name`);
          exports.set(name, from ? { kind: 'import', from, name } : { kind: 'local', local: name });
        }
      }
    }
    if (ts.isExportAssignment(statement)) throw new Error(`${file}: has an \`export =\` or \`export default\`, which the bundle does not carry`);
  }
  return { file, dts, declarations, bindings, exports, starExports };
}

/** The names a declaration refers to (types, `typeof` values, heritage), each as the identifier that starts it. */
function referencedNames(statement: ts.Statement, file: string): Set<string> {
  const names = new Set<string>();
  const first = (name: ts.EntityName | ts.Expression): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else if (ts.isQualifiedName(name)) first(name.left);
    else if (ts.isPropertyAccessExpression(name)) first(name.expression);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportTypeNode(node)) throw new Error(`${file}: the compiler wrote ${node.getText()} for an inferred type; annotate the export with a named type`);
    if (ts.isTypeReferenceNode(node)) first(node.typeName);
    else if (ts.isTypeQueryNode(node)) first(node.exprName);
    else if (ts.isExpressionWithTypeArguments(node)) first(node.expression);
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return names;
}

/** A statement's text with its own JSDoc (not the file's opening comment), exported or not as the bundle needs. */
function statementText(statement: ts.Statement, dts: ts.SourceFile, exported: boolean): string {
  const text = dts.text;
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  const own = comments.filter((c) => c.pos > 0 && text.startsWith('/**', c.pos)).at(-1);
  const doc = own ? `${text.slice(own.pos, own.end)}\n` : '';
  let body = text.slice(statement.getStart(dts), statement.end);
  if (hasExport(statement) && !exported) body = body.replace(/^export\s+/, '');
  if (!hasExport(statement) && exported) body = `export ${body}`;
  return doc + body;
}

export function bundleDeclarations(entry: string, header: string): string {
  const program = ts.createProgram([entry], OPTIONS);
  const emitted = new Map<string, string>();
  const modules = new Map<string, Module>();
  const moduleOf = (file: string): Module => {
    const known = modules.get(file);
    if (known) return known;
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file}: not a module of the program of ${entry}`);
    const problems = [...program.getSyntacticDiagnostics(source), ...program.getDeclarationDiagnostics(source)];
    if (problems.length > 0) throw new Error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dirname(entry), getNewLine: () => '\n' }));
    program.emit(source, (name, text) => emitted.set(name, text), undefined, true);
    const text = emitted.get(file.replace(/\.ts$/, '.d.ts'));
    if (text === undefined) throw new Error(`${file}: the compiler wrote no declarations`);
    const module = readModule(file, text);
    modules.set(file, module);
    return module;
  };

  /** Where an exported name of a module is declared. */
  const resolveExport = (file: string, name: string, seen = new Set<string>()): { file: string; name: string } => {
    if (seen.has(keyOf(file, name))) throw new Error(`${file}: ${name} is re-exported in a cycle`);
    seen.add(keyOf(file, name));
    const module = moduleOf(file);
    const exported = module.exports.get(name);
    if (exported?.kind === 'local') return resolveBinding(module, exported.local ?? name, seen);
    if (exported?.kind === 'import') return resolveExport(exported.from, exported.name, seen);
    const from = module.starExports.find((f) => exportsName(f, name));
    if (from) return resolveExport(from, name, seen);
    throw new Error(`${file}: exports no ${name}`);
  };
  const exportsName = (file: string, name: string): boolean =>
    moduleOf(file).exports.has(name) || moduleOf(file).starExports.some((f) => exportsName(f, name));
  const resolveBinding = (module: Module, name: string, seen = new Set<string>()): { file: string; name: string } => {
    const binding = module.bindings.get(name);
    if (binding?.kind === 'local') return { file: module.file, name };
    if (binding?.kind === 'import') return resolveExport(binding.from, binding.name, seen);
    if (binding?.kind === 'unsupported') throw new Error(`${module.file}: the library's types reach ${binding.what}; import it by name`);
    throw new Error(`${module.file}: ${name} is neither declared nor imported there`);
  };

  // The entry's exports, then everything they reach, breadth first.
  const main = moduleOf(entry);
  const publicKeys = new Set([...main.exports.keys()].map((name) => resolveExport(entry, name)).map((d) => keyOf(d.file, d.name)));
  const needed = new Map<string, { file: string; name: string }>();
  const queue = [...main.exports.keys()].map((name) => resolveExport(entry, name));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const key = keyOf(next.file, next.name);
    if (needed.has(key)) continue;
    needed.set(key, next);
    const module = moduleOf(next.file);
    for (const statement of module.declarations.get(next.name) ?? []) {
      for (const name of referencedNames(statement, module.file)) if (module.bindings.has(name)) queue.push(resolveBinding(module, name));
    }
  }

  // One name, one declaration: the bundle is one scope.
  const owners = new Map<string, string>();
  for (const { file, name } of needed.values()) {
    const owner = owners.get(name);
    if (owner && owner !== file) throw new Error(`${name} is declared in both ${owner} and ${file}, and the library's types reach both: rename one`);
    owners.set(name, file);
  }

  // The entry first (the API), then each module's declarations in its own order, under the module's path.
  const root = dirname(entry);
  const sections: string[] = [header];
  const files = [entry, ...new Set([...needed.values()].map((d) => d.file).filter((f) => f !== entry))];
  for (const file of files) {
    const module = moduleOf(file);
    const statements = module.dts.statements.filter((s) => declaredNames(s).some((name) => needed.has(keyOf(file, name))));
    const texts = statements.map((s) => statementText(s, module.dts, declaredNames(s).some((name) => publicKeys.has(keyOf(file, name)))));
    sections.push(`// ${relative(dirname(root), file)}\n${texts.join('\n')}`);
  }
  return `${sections.join('\n\n')}\n\nexport {};\n`;
}
