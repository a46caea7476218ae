/**
 * Name and keyword renames, driven by the one TF1 -> TF2 table in `compat-v1/renames.ts` (the
 * same rows that build `tf.compat.v1` at run time, and the library's own `translateArgs` maps the
 * arguments), plus the few v1-only functions with a mechanical TF2 spelling (`to_float` ->
 * `cast`, `nn.dropout(keep_prob)` -> `rate = 1 - keep_prob`, `assign(v, x)` -> `v.assign(x)`).
 *
 * `tf.compat.v1.<x>` that is the very same object as `tf.<x>` is renamed outright (checked
 * against the library, not guessed). Graph-mode API (placeholder, Session, get_variable,
 * optimizers, ...) belongs to the graph rule and is skipped here.
 */
import { Node, CallExpression, NewExpression, PropertyAccessExpression, SyntaxKind, Expression } from "ts-morph";
import { RENAMES_BY_V1, RenameRow, METHOD_KWARGS } from "../../compat-v1/renames";
import { translateArgs } from "../../compat-v1/aliases";
import { Ctx } from "../context";
import { pathOf, TfPath } from "../tfnames";
import { existsInV2, sameInV1 } from "../runtime";
import * as M from "../messages";

/** v1 paths the graph rule owns (left alone here). */
export const GRAPH_PATHS = new Set([
  "placeholder", "placeholder_with_default", "Session", "InteractiveSession", "get_default_session",
  "get_variable", "variable_scope", "AUTO_REUSE", "get_variable_scope",
  "global_variables_initializer", "initialize_all_variables", "variables_initializer", "local_variables_initializer",
  "initialize_local_variables", "initialize_variables", "initializers.global_variables", "initializers.local_variables",
  "initializers.variables",
  "disable_eager_execution", "disable_v2_behavior", "enable_eager_execution", "enable_v2_behavior", "reset_default_graph",
  "zeros_initializer", "ones_initializer", "constant_initializer", "random_normal_initializer", "random_uniform_initializer",
  "truncated_normal_initializer", "glorot_uniform_initializer", "glorot_normal_initializer", "variance_scaling_initializer",
  "initializers.zeros", "initializers.ones", "initializers.constant", "initializers.random_normal",
  "initializers.random_uniform", "initializers.truncated_normal", "initializers.glorot_uniform",
  "initializers.glorot_normal", "initializers.variance_scaling",
  "trainable_variables", "global_variables",
]);
export function isGraphPath(p: string): boolean { return GRAPH_PATHS.has(p) || p.startsWith("train."); }

/** A call argument as an opaque token, so the library's `translateArgs` can move it around. */
class Tok { constructor(readonly text: string, readonly node: Node | null) {} }

interface ParsedArgs { positional: Tok[]; options: Record<string, Tok> | null; optionsNode: Node | null }

/** Positional tokens plus the trailing options object literal, or null when an argument can't be read (spread, computed key). */
export function parseArgs(ctx: Ctx, args: readonly Node[], optionsAllowed = true): ParsedArgs | null {
  const positional: Tok[] = [];
  let options: Record<string, Tok> | null = null;
  let optionsNode: Node | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (Node.isSpreadElement(a)) return null;
    if (i === args.length - 1 && optionsAllowed && Node.isObjectLiteralExpression(a)) {
      const o: Record<string, Tok> = {};
      for (const p of a.getProperties()) {
        if (Node.isPropertyAssignment(p)) {
          const n = p.getNameNode();
          if (!Node.isIdentifier(n) && !Node.isStringLiteral(n)) return null;
          const key = Node.isStringLiteral(n) ? n.getLiteralValue() : n.getText();
          o[key] = new Tok(ctx.render(p.getInitializerOrThrow()), p.getInitializerOrThrow());
        } else if (Node.isShorthandPropertyAssignment(p)) {
          o[p.getName()] = new Tok(p.getName(), p.getNameNode());
        } else return null;
      }
      options = o;
      optionsNode = a;
      continue;
    }
    positional.push(new Tok(ctx.render(a), a));
  }
  return { positional, options, optionsNode };
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
export function renderOptions(o: Record<string, Tok | string>): string {
  const parts = Object.entries(o).map(([k, v]) => {
    const t = typeof v === "string" ? v : v.text;
    const key = IDENT.test(k) ? k : JSON.stringify(k);
    return t === k ? k : `${key}: ${t}`;
  });
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}

/** Renders translateArgs' output (tokens, undefined holes, one trailing options object). */
function renderTranslated(out: unknown[]): string[] {
  const texts = out.map((v) => {
    if (v instanceof Tok) return v.text;
    if (v === undefined) return "undefined";
    return renderOptions(v as Record<string, Tok>);
  });
  while (texts.length && texts[texts.length - 1] === "undefined") texts.pop();
  return texts;
}

function sameShape(parsed: ParsedArgs, out: unknown[]): boolean {
  const outPos = out.filter((v) => v instanceof Tok || v === undefined);
  const outOpt = out.find((v) => v !== undefined && !(v instanceof Tok)) as Record<string, Tok> | undefined;
  if (outPos.length !== parsed.positional.length || outPos.some((v, i) => v !== parsed.positional[i])) return false;
  const a = parsed.options ? Object.entries(parsed.options) : [];
  const b = outOpt ? Object.entries(outOpt) : [];
  return a.length === b.length && a.every(([k, v], i) => b[i][0] === k && b[i][1] === v);
}

/** Is `node` the callee of a call or `new`? */
function calleeOf(node: Node): CallExpression | NewExpression | null {
  const p = node.getParent();
  if (p && (Node.isCallExpression(p) || Node.isNewExpression(p)) && p.getExpression() === node) return p;
  return null;
}

function fullName(ctx: Ctx, p: TfPath): string { return p.v1 ? `${ctx.tf}.compat.v1.${p.path}` : `${ctx.tf}.${p.path}`; }

/** Applies the table to one call whose callee spells `p`. Returns true when handled. */
function rewriteCall(ctx: Ctx, call: CallExpression | NewExpression, p: TfPath, row: RenameRow): boolean {
  const newCallee = `${ctx.tf}.${row.v2}`;
  const from = fullName(ctx, p);
  const args = call.getArguments();
  if (!row.args) {
    ctx.replace(call.getExpression(), newCallee);
    ctx.report(call, "INFO", "rename", M.renamed(from, newCallee));
    return true;
  }
  const parsed = parseArgs(ctx, args);
  if (!parsed) {
    ctx.report(call, "WARNING", "rename-args", M.argsUnreadable(from));
    return false;
  }
  let out: unknown[];
  try {
    out = translateArgs(row, [...parsed.positional, ...(parsed.options ? [parsed.options] : [])]);
  } catch (e) {
    ctx.report(call, "ERROR", "rename-args", M.argsRejected(from, (e as Error).message));
    return false;
  }
  reportKeywordChanges(ctx, call, row, parsed, newCallee);
  if (sameShape(parsed, out)) {
    ctx.replace(call.getExpression(), newCallee);
  } else {
    const texts = renderTranslated(out);
    const isNew = Node.isNewExpression(call);
    ctx.replace(call, `${isNew ? "new " : ""}${newCallee}(${texts.join(", ")})`);
  }
  if (from !== newCallee) ctx.report(call, "INFO", "rename", M.renamed(from, newCallee));
  return true;
}

function reportKeywordChanges(ctx: Ctx, call: Node, row: RenameRow, parsed: ParsedArgs, fn: string): void {
  if (!row.kwargs || !row.args) return;
  const given = new Set<string>(Object.keys(parsed.options ?? {}));
  parsed.positional.forEach((_t, i) => given.add(row.args![i]));
  for (const [k, to] of Object.entries(row.kwargs)) {
    if (!given.has(k) || k.startsWith("_")) continue;
    if (to === null) ctx.report(call, "INFO", "keyword-removed", M.keywordRemoved(fn, k));
    else if (parsed.options && k in parsed.options) ctx.report(call, "INFO", "keyword-renamed", M.keywordRenamed(fn, k, to));
  }
}

/** `tf.reduce_sum(x, { keep_dims: true })` on a v2 name: renames v1 keywords that the v2 function does not take. */
function renameKeywordsOnly(ctx: Ctx, call: CallExpression, row: RenameRow, fn: string): void {
  const args = call.getArguments();
  const last = args[args.length - 1];
  if (!last || !Node.isObjectLiteralExpression(last) || !row.kwargs) return;
  for (const prop of last.getProperties()) {
    if (!Node.isPropertyAssignment(prop) && !Node.isShorthandPropertyAssignment(prop)) continue;
    const key = prop.getName();
    if (!(key in row.kwargs)) continue;
    const to = row.kwargs[key];
    if (to === null) {
      const next = prop.getNextSibling();
      const end = next && next.getKind() === SyntaxKind.CommaToken ? next.getEnd() : prop.getEnd();
      ctx.edits.remove(prop.getStart(), end);
      ctx.report(prop, "INFO", "keyword-removed", M.keywordRemoved(fn, key));
    } else {
      if (Node.isShorthandPropertyAssignment(prop)) ctx.replace(prop, `${to}: ${key}`);
      else ctx.replace(prop.getNameNode(), to);
      ctx.report(prop, "INFO", "keyword-renamed", M.keywordRenamed(fn, key, to));
    }
  }
}

// ---------------------------------------------------------------- v1-only functions
const CASTS: Record<string, string> = { to_float: "float32", to_double: "float64", to_int32: "int32", to_int64: "int64" };

/** A node's text, parenthesized unless it is already atomic (name, member, call, element access). */
function atomic(ctx: Ctx, t: Tok): string {
  const n = t.node;
  if (n && (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n) || Node.isCallExpression(n) || Node.isElementAccessExpression(n) || Node.isParenthesizedExpression(n) || Node.isThisExpression(n))) return t.text;
  void ctx;
  return `(${t.text})`;
}

/** Is the node's static type a JS number (not a tensor)? */
function isNumberTyped(ctx: Ctx, n: Node | null): boolean {
  if (!n || !ctx.checker) return false;
  try {
    const t = n.getType();
    return t.isNumber() || t.isNumberLiteral();
  } catch { return false; }
}

/** `1 - keep_prob`, folded when keep_prob is a number literal. */
export function oneMinus(text: string): string {
  if (/^\d*\.?\d+(e-?\d+)?$/i.test(text.trim())) {
    const v = 1 - Number(text);
    return String(Number(v.toPrecision(12)));
  }
  return `1 - ${/^[\w$.]+$/.test(text) || /^[\w$.]+\([^()]*\)$/.test(text) ? text : `(${text})`}`;
}

function rewriteSpecial(ctx: Ctx, call: CallExpression, p: TfPath): boolean {
  const from = fullName(ctx, p);
  const tf = ctx.tf;
  const args = call.getArguments();
  const name = p.path;
  if (name in CASTS) {
    const parsed = parseArgs(ctx, args);
    if (!parsed || parsed.positional.length < 1) return false;
    const nameArg = parsed.positional[1]?.text ?? (parsed.options?.name?.text);
    const to = `${tf}.cast(${parsed.positional[0].text}, ${tf}.${CASTS[name]}${nameArg ? `, ${nameArg}` : ""})`;
    ctx.replace(call, to);
    ctx.report(call, "INFO", "rename", M.renamed(from, `${tf}.cast`));
    return true;
  }
  if (name === "set_random_seed" || name === "random.set_random_seed") {
    ctx.replace(call.getExpression(), `${tf}.random.set_seed`);
    ctx.report(call, "INFO", "rename", M.renamed(from, `${tf}.random.set_seed`));
    ctx.report(call, "INFO", "seed", M.seedSemantics());
    return true;
  }
  if (name === "assign" || name === "assign_add" || name === "assign_sub") {
    const parsed = parseArgs(ctx, args);
    if (!parsed || parsed.positional.length < 2 || parsed.options) return false;
    const [ref, value] = parsed.positional;
    ctx.replace(call, `${atomic(ctx, ref)}.${name}(${value.text})`);
    ctx.report(call, "INFO", "rename", M.renamed(from, `Variable.${name}`));
    return true;
  }
  if (name === "nn.dropout") {
    const parsed = parseArgs(ctx, args);
    if (!parsed) return false;
    const order = ["x", "keep_prob", "noise_shape", "seed", "name", "rate"];
    const named: Record<string, string> = {};
    parsed.positional.forEach((t, i) => { named[order[i]] = t.text; });
    for (const [k, v] of Object.entries(parsed.options ?? {})) named[k] = v.text;
    if (!named.x) return false;
    let rate = named.rate;
    if (named.keep_prob !== undefined) {
      const kpNode = parsed.positional[1]?.node ?? parsed.options?.keep_prob?.node ?? null;
      rate = /^\s*\d*\.?\d+(e-?\d+)?\s*$/i.test(named.keep_prob) || isNumberTyped(ctx, kpNode)
        ? oneMinus(named.keep_prob)
        : `${tf}.subtract(1, ${named.keep_prob})`;
      ctx.report(call, "INFO", "keep-prob", M.keepProb(named.keep_prob, rate));
    }
    if (rate === undefined) return false;
    const rest: Record<string, string> = {};
    for (const k of ["noise_shape", "seed", "name"]) if (named[k] !== undefined) rest[k] = named[k];
    const tail = Object.keys(rest).length ? `, ${renderOptions(rest)}` : "";
    ctx.replace(call, `${tf}.nn.dropout(${named.x}, ${rate}${tail})`);
    ctx.report(call, "INFO", "rename", M.renamed(from, `${tf}.nn.dropout`));
    return true;
  }
  if (name === "Print") {
    ctx.report(call, "WARNING", "print", M.printOp());
    return true;
  }
  if (name === "div") {
    ctx.report(call, "WARNING", "div", M.pyDiv());
    return true;
  }
  if (name === "losses.mean_squared_error" || name === "losses.absolute_difference") {
    const parsed = parseArgs(ctx, args);
    if (!parsed || parsed.options || parsed.positional.length !== 2) return false;
    const [labels, pred] = parsed.positional;
    const inner = name === "losses.mean_squared_error"
      ? `${tf}.math.squared_difference(${pred.text}, ${labels.text})`
      : `${tf}.abs(${tf}.subtract(${pred.text}, ${labels.text}))`;
    ctx.replace(call, `${tf}.reduce_mean(${inner})`);
    ctx.report(call, "INFO", "loss", M.lossRewritten(from));
    return true;
  }
  if (name === "losses.softmax_cross_entropy" || name === "losses.sparse_softmax_cross_entropy" || name === "losses.sigmoid_cross_entropy") {
    const parsed = parseArgs(ctx, args);
    if (!parsed) return false;
    const labelKey = name === "losses.softmax_cross_entropy" ? "onehot_labels" : name === "losses.sigmoid_cross_entropy" ? "multi_class_labels" : "labels";
    const named: Record<string, string> = {};
    parsed.positional.forEach((t, i) => { named[[labelKey, "logits"][i] ?? `_${i}`] = t.text; });
    for (const [k, v] of Object.entries(parsed.options ?? {})) named[k] = v.text;
    if (Object.keys(named).some((k) => k !== labelKey && k !== "logits") || !named[labelKey] || !named.logits) return false;
    const fn = name === "losses.softmax_cross_entropy" ? "softmax_cross_entropy_with_logits"
      : name === "losses.sigmoid_cross_entropy" ? "sigmoid_cross_entropy_with_logits" : "sparse_softmax_cross_entropy_with_logits";
    const o = renderOptions({ labels: named[labelKey], logits: named.logits });
    ctx.replace(call, `${tf}.reduce_mean(${tf}.nn.${fn}(${o}))`);
    ctx.report(call, "INFO", "loss", M.lossRewritten(from));
    return true;
  }
  return false;
}

/** Runs the rename rule over the file (bottom-up). */
export function applyRenames(ctx: Ctx): void {
  // Post-order, and a call is handled after its arguments (its callee is visited first).
  const visit = (node: Node): void => {
    node.forEachChild(visit);
    if (Node.isPropertyAccessExpression(node)) {
      if (!calleeOf(node)) visitAccess(ctx, node);
    } else if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
      const callee = node.getExpression();
      if (Node.isPropertyAccessExpression(callee)) visitAccess(ctx, callee);
      if (Node.isCallExpression(node)) visitMethodCall(ctx, node);
    }
  };
  visit(ctx.sf);
}

function visitAccess(ctx: Ctx, node: PropertyAccessExpression): void {
  // Only maximal chains: `tf.compat.v1.nn.relu`, not its prefix `tf.compat.v1.nn`.
  const parent = node.getParent();
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) return;
  const p = pathOf(node, ctx.names);
  if (!p || p.path === "") return;
  const call = calleeOf(node);
  if (p.v1) {
    if (isGraphPath(p.path)) return;
    const row = RENAMES_BY_V1.get(p.path);
    if (row) {
      if (call) { rewriteCall(ctx, call, p, row); return; }
      if (!row.args) {
        ctx.replace(node, `${ctx.tf}.${row.v2}`);
        ctx.report(node, "INFO", "rename", M.renamed(fullName(ctx, p), `${ctx.tf}.${row.v2}`));
      } else {
        ctx.report(node, "WARNING", "rename-ref", M.refNotCall(fullName(ctx, p), `${ctx.tf}.${row.v2}`));
      }
      return;
    }
    if (call && Node.isCallExpression(call) && rewriteSpecial(ctx, call, p)) return;
    if (p.path.startsWith("losses.") && !sameInV1(p.path)) {
      if (ctx.mode === "default") ctx.report(node, "WARNING", "loss-kept", M.lossKept(fullName(ctx, p)));
      return;
    }
    if (sameInV1(p.path)) {
      ctx.replace(node, `${ctx.tf}.${p.path}`);
      return; // same object: not worth a report line each time
    }
    if (ctx.mode === "default") ctx.report(node, "WARNING", "no-v2", M.noV2(fullName(ctx, p)));
    return;
  }
  // Below tf (v2 namespace): a v1 name used directly, or v1 keywords on a v2 function.
  const row = RENAMES_BY_V1.get(p.path);
  if (!row) return;
  if (!existsInV2(p.path)) {
    if (call) rewriteCall(ctx, call, p, row);
    else if (!row.args) {
      ctx.replace(node, `${ctx.tf}.${row.v2}`);
      ctx.report(node, "INFO", "rename", M.renamed(fullName(ctx, p), `${ctx.tf}.${row.v2}`));
    }
    return;
  }
  if (call && Node.isCallExpression(call) && row.kwargs) renameKeywordsOnly(ctx, call, row, `${ctx.tf}.${p.path}`);
}

/** `opt.minimize(loss, { colocate_gradients_with_ops })` and friends: keywords TF2 removed. */
function visitMethodCall(ctx: Ctx, call: CallExpression): void {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return;
  const kw = METHOD_KWARGS[callee.getName()];
  if (!kw) return;
  const args = call.getArguments();
  const last = args.at(-1);
  if (!last || !Node.isObjectLiteralExpression(last)) return;
  const props = last.getProperties();
  const dropped = props.filter((p) => (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && p.getName() in kw && kw[p.getName()] === null);
  if (dropped.length && dropped.length === props.length && args.length > 1) {
    // Every option goes: drop the whole object argument.
    ctx.edits.remove(args[args.length - 2].getEnd(), last.getEnd());
    for (const prop of dropped) ctx.report(prop, "INFO", "keyword-removed", M.keywordRemoved(callee.getName(), (prop as never as { getName(): string }).getName()));
    return;
  }
  for (const prop of props) {
    if (!Node.isPropertyAssignment(prop) && !Node.isShorthandPropertyAssignment(prop)) continue;
    if (!(prop.getName() in kw) || kw[prop.getName()] !== null) continue;
    const next = prop.getNextSibling();
    const end = next && next.getKind() === SyntaxKind.CommaToken ? next.getEnd() : prop.getEnd();
    ctx.edits.remove(prop.getStart(), end);
    ctx.report(prop, "INFO", "keyword-removed", M.keywordRemoved(callee.getName(), prop.getName()));
  }
}

export type { Expression };
