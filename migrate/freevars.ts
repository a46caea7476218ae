/**
 * Free identifiers of a statement (the names it reads or writes that are declared outside it),
 * with scopes: parameters, block-scoped and hoisted declarations inside the statement shadow
 * outer names. Types are skipped. Works on the compiler's AST for speed.
 */
import { ts } from "ts-morph";

export interface FreeVars {
  /** Every free reference, by name. */
  uses: Map<string, ts.Identifier[]>;
  /** Free names assigned (`x = ...`, `x += ...`, `x++`, destructuring assignment). */
  assigns: Set<string>;
}

/** Names a binding (identifier or pattern) declares. */
export function bindingNames(n: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(n)) out.push(n.text);
  else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  return out;
}

/** Names declared by the direct statements of a block (let/const/var/function/class). */
function declaredIn(stmts: readonly ts.Statement[], out: Set<string>): void {
  for (const s of stmts) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) for (const n of bindingNames(d.name)) out.add(n);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) out.add(s.name.text);
  }
}

/** Is this identifier a value reference (not a property name, declaration name, label or key)? */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p)) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) ||
    ts.isSetAccessor(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ||
    ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isEnumDeclaration(p) || ts.isInterfaceDeclaration(p) ||
    ts.isTypeAliasDeclaration(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && (p.name === id || p.propertyName === id)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isExportSpecifier(p) || ts.isImportEqualsDeclaration(p)) return false;
  if (ts.isJsxAttribute(p)) return false;
  return true;
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n);
}

/** Assignment targets (identifiers) of an assignment's left side. */
function targets(e: ts.Expression, out: ts.Identifier[]): void {
  if (ts.isIdentifier(e)) out.push(e);
  else if (ts.isParenthesizedExpression(e)) targets(e.expression, out);
  else if (ts.isArrayLiteralExpression(e)) for (const el of e.elements) targets(ts.isSpreadElement(el) ? el.expression : el, out);
  else if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isShorthandPropertyAssignment(p)) out.push(p.name);
      else if (ts.isPropertyAssignment(p)) targets(p.initializer, out);
      else if (ts.isSpreadAssignment(p)) targets(p.expression, out);
    }
  } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) targets(e.left, out);
}

/**
 * Free identifiers of `root`. `skip(n)` prunes subtrees (e.g. Session.run calls being rewritten).
 */
export function freeVars(root: ts.Node, skip?: (n: ts.Node) => boolean): FreeVars {
  const uses = new Map<string, ts.Identifier[]>();
  const assigns = new Set<string>();
  const scopes: Set<string>[] = [];
  const bound = (name: string) => scopes.some((s) => s.has(name));
  const use = (id: ts.Identifier) => {
    if (bound(id.text)) return;
    let l = uses.get(id.text);
    if (!l) uses.set(id.text, (l = []));
    l.push(id);
  };
  const assign = (e: ts.Expression) => {
    const ids: ts.Identifier[] = [];
    targets(e, ids);
    for (const id of ids) if (!bound(id.text)) assigns.add(id.text);
  };

  const visit = (n: ts.Node): void => {
    if (skip && n !== root && skip(n)) return;
    if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
    if (ts.isIdentifier(n)) { if (isReference(n)) use(n); return; }
    if (ts.isShorthandPropertyAssignment(n)) { use(n.name); if (n.objectAssignmentInitializer) visit(n.objectAssignmentInitializer); return; }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      assign(n.left);
    }
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) assign(n.operand);
    if (isFunctionLike(n)) {
      const s = new Set<string>();
      if ((ts.isFunctionExpression(n)) && n.name) s.add(n.name.text);
      for (const p of n.parameters) for (const name of bindingNames(p.name)) s.add(name);
      if (n.body && ts.isBlock(n.body)) { declaredIn(n.body.statements, s); hoistVars(n.body, s); }
      scopes.push(s);
      for (const p of n.parameters) if (p.initializer) visit(p.initializer);
      if (n.body) {
        if (ts.isBlock(n.body)) n.body.statements.forEach(visit);
        else visit(n.body);
      }
      scopes.pop();
      return;
    }
    if (ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseBlock(n)) {
      const s = new Set<string>();
      if (ts.isCaseBlock(n)) for (const c of n.clauses) declaredIn(c.statements, s);
      else declaredIn(n.statements, s);
      scopes.push(s);
      ts.forEachChild(n, visit);
      scopes.pop();
      return;
    }
    if (ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) {
      const s = new Set<string>();
      const init = ts.isForStatement(n) ? n.initializer : n.initializer;
      if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) for (const name of bindingNames(d.name)) s.add(name);
      scopes.push(s);
      ts.forEachChild(n, visit);
      scopes.pop();
      return;
    }
    if (ts.isCatchClause(n)) {
      const s = new Set<string>();
      if (n.variableDeclaration) for (const name of bindingNames(n.variableDeclaration.name)) s.add(name);
      scopes.push(s);
      ts.forEachChild(n, visit);
      scopes.pop();
      return;
    }
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) {
      const s = new Set<string>();
      if (n.name) s.add(n.name.text);
      scopes.push(s);
      ts.forEachChild(n, visit);
      scopes.pop();
      return;
    }
    ts.forEachChild(n, visit);
  };
  // The root statement's own declarations are defs, not uses; its initialisers are visited.
  if (ts.isVariableStatement(root)) {
    for (const d of root.declarationList.declarations) {
      visitBindingDefaults(d.name, visit);
      if (d.initializer) visit(d.initializer);
    }
  } else if (ts.isFunctionDeclaration(root)) {
    const s = new Set<string>();
    if (root.name) s.add(root.name.text); // recursion is not a free use
    scopes.push(s);
    visitFunction(root);
    scopes.pop();
  } else visit(root);
  return { uses, assigns };

  function visitFunction(f: ts.FunctionDeclaration): void {
    const s = new Set<string>();
    for (const p of f.parameters) for (const name of bindingNames(p.name)) s.add(name);
    if (f.body) { declaredIn(f.body.statements, s); hoistVars(f.body, s); }
    scopes.push(s);
    for (const p of f.parameters) if (p.initializer) visit(p.initializer);
    f.body?.statements.forEach(visit);
    scopes.pop();
  }
}

function visitBindingDefaults(n: ts.BindingName, visit: (n: ts.Node) => void): void {
  if (ts.isIdentifier(n)) return;
  for (const el of n.elements) {
    if (ts.isOmittedExpression(el)) continue;
    if (el.propertyName && ts.isComputedPropertyName(el.propertyName)) visit(el.propertyName.expression);
    if (el.initializer) visit(el.initializer);
    visitBindingDefaults(el.name, visit);
  }
}

/** `var` declarations anywhere in a function body (not in nested functions). */
function hoistVars(body: ts.Node, out: Set<string>): void {
  const walk = (n: ts.Node): void => {
    if (n !== body && (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n))) return;
    if (ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      for (const d of n.declarations) for (const name of bindingNames(d.name)) out.add(name);
    }
    ts.forEachChild(n, walk);
  };
  walk(body);
}

/** Names declared by a statement itself (at its own level). */
export function declaredBy(s: ts.Statement): string[] {
  const out = new Set<string>();
  declaredIn([s], out);
  return [...out];
}
