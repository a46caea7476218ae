/**
 * Which identifiers name the `tensorflow-ts` namespace in a file (`import * as tf from
 * "tensorflow-ts"`, a relative import of the package root, `const tf = require(...)`), which name
 * `tf.compat.v1` (`const v1 = tf.compat.v1`), and the dotted path an expression spells below them.
 */
import { Node, SourceFile, SyntaxKind, Expression } from "ts-morph";

/** Module specifiers that mean this package: the package name, or a relative path to its root index. */
export function isTfModule(spec: string): boolean {
  if (spec === "tensorflow-ts" || spec.startsWith("tensorflow-ts/")) return true;
  if (!spec.startsWith(".")) return false;
  const s = spec.replace(/\/+$/, "");
  return /(^|\/)index(\.[cm]?[jt]s)?$/.test(s) || /^(\.\.?)(\/\.\.)*$/.test(s) || /(^|\/)dist$/.test(s);
}

export interface TfNames {
  /** Identifiers bound to the package namespace. */
  roots: Set<string>;
  /** Identifiers bound to `tf.compat.v1`. */
  v1: Set<string>;
  /** The namespace name to use in generated code. */
  primary: string | null;
}

export function findTfNames(sf: SourceFile): TfNames {
  const roots = new Set<string>();
  const v1 = new Set<string>();
  for (const imp of sf.getImportDeclarations()) {
    if (!isTfModule(imp.getModuleSpecifierValue())) continue;
    const ns = imp.getNamespaceImport();
    if (ns) roots.add(ns.getText());
    const def = imp.getDefaultImport();
    if (def) roots.add(def.getText());
  }
  for (const ie of sf.getDescendantsOfKind(SyntaxKind.ImportEqualsDeclaration)) {
    const ref = ie.getModuleReference();
    if (Node.isExternalModuleReference(ref)) {
      const e = ref.getExpression();
      if (e && Node.isStringLiteral(e) && isTfModule(e.getLiteralValue())) roots.add(ie.getName());
    }
  }
  for (const vd of sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = vd.getInitializer();
    const nameNode = vd.getNameNode();
    if (!init || !Node.isIdentifier(nameNode)) continue;
    if (Node.isCallExpression(init) && init.getExpression().getText() === "require") {
      const a = init.getArguments()[0];
      if (a && Node.isStringLiteral(a) && isTfModule(a.getLiteralValue())) roots.add(nameNode.getText());
    }
  }
  // Aliases of tf.compat.v1 (after the roots are known).
  for (const vd of sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = vd.getInitializer();
    const nameNode = vd.getNameNode();
    if (!init || !Node.isIdentifier(nameNode)) continue;
    const p = pathOf(init, { roots, v1, primary: null });
    if (p && p.v1 && p.path === "") v1.add(nameNode.getText());
  }
  const primary = roots.has("tf") ? "tf" : roots.size ? [...roots][0] : null;
  return { roots, v1, primary };
}

export interface TfPath {
  /** Below `tf.compat.v1` (true) or below `tf` (false). */
  v1: boolean;
  /** Dotted path below that root, "" for the root itself. */
  path: string;
  /** The root identifier node's text. */
  root: string;
}

/** `tf.compat.v1.train.AdamOptimizer` -> { v1: true, path: "train.AdamOptimizer" }; null when not a tf path. */
export function pathOf(e: Node, names: TfNames): TfPath | null {
  const parts: string[] = [];
  let cur: Node = e;
  while (Node.isPropertyAccessExpression(cur)) {
    parts.unshift(cur.getName());
    cur = cur.getExpression();
  }
  if (Node.isParenthesizedExpression(cur) || !Node.isIdentifier(cur)) return null;
  const root = cur.getText();
  if (names.v1.has(root)) return { v1: true, path: parts.join("."), root };
  if (!names.roots.has(root)) return null;
  if (parts[0] === "compat" && parts[1] === "v1") return { v1: true, path: parts.slice(2).join("."), root };
  if (parts[0] === "compat" && parts[1] === "v2") return { v1: false, path: parts.slice(2).join("."), root };
  if (parts.length === 1 && parts[0] === "compat") return null;
  return { v1: false, path: parts.join("."), root };
}

/** The tf path of a call's or `new`'s callee, or null. */
export function calleePath(e: Node, names: TfNames): TfPath | null {
  if (Node.isCallExpression(e) || Node.isNewExpression(e)) return pathOf(e.getExpression(), names);
  return null;
}

/** Strips parentheses and `as`/`!` wrappers. */
export function unwrap(e: Expression): Expression {
  let cur: Expression = e;
  for (;;) {
    if (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isNonNullExpression(cur) || Node.isSatisfiesExpression(cur)) {
      cur = cur.getExpression();
    } else return cur;
  }
}
