// The project's own import graph, read with the TypeScript parser: every module under
// app/, components/, emails/, lib/, worker/, scripts/ and proxy.ts, and the modules it
// imports (relative or `@/` paths; packages are left out). Type-only imports are kept
// as edges but marked, so a check can ask both "is there a loop, even through types?"
// and "what code does loading this module run?".
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type ImportEdge = { to: string; typeOnly: boolean };
export type ImportGraph = Map<string, ImportEdge[]>;

const ROOTS = ["app", "components", "emails", "lib", "worker", "scripts", "proxy.ts", "instrumentation.ts"];
const SKIP = new Set(["node_modules", "generated", ".next", "__tests__"]);
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx", ".mjs", ".js"];

function sourceFiles(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (statSync(full, { throwIfNoEntry: false })?.isFile()) return [entry];
  if (!statSync(full, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(full).flatMap((name) => (SKIP.has(name) ? [] : sourceFiles(root, path.join(entry, name))));
}

function resolveSpecifier(root: string, from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const extension of ["", ...EXTENSIONS]) {
    const candidate = path.normalize(base + extension);
    if (statSync(path.join(root, candidate), { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

/** `import type …`, `import { type A, type B }`, `export type … from`: nothing runs. */
function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // a bare `import "x"` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const to = resolveSpecifier(root, file, specifier);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, isTypeOnly(node));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      // A dynamic import() loads its module only when it runs: an edge for loops, code all the same.
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) add(argument.text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

export function readImportGraph(root: string): ImportGraph {
  const files = ROOTS.flatMap((entry) => sourceFiles(root, entry)).filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith(".d.ts"));
  return new Map(files.map((file) => [file, importsOf(root, file)]));
}

/** Every loop (strongly connected component of more than one module, or a module importing itself). */
export function importLoops(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a tree of a few hundred modules.
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const connect = (node: string) => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const { to } of graph.get(node) ?? []) {
      if (!indices.has(to)) {
        connect(to);
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(to)!));
      } else if (onStack.has(to)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(to)!));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = (graph.get(node) ?? []).some((edge) => edge.to === node);
      if (component.length > 1 || selfImport) loops.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) connect(node);
  return loops;
}

/** The modules whose code runs when `entry` is loaded (type-only imports run nothing). */
export function loadedModules(graph: ImportGraph, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const edge of graph.get(queue.pop()!) ?? []) {
      if (edge.typeOnly || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}
