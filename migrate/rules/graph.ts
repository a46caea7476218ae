/**
 * TF1 graph + Session -> TF2 functions (TensorFlow's migration guide, mechanically):
 *
 *  - each placeholder becomes a parameter of the tf.functions whose fetches need it, with its
 *    dtype and shape kept as the function's input_signature;
 *  - each distinct `sess.run(fetches, { feed_dict })` becomes one tf.function whose body is the
 *    slice of graph-building statements the fetches depend on, returning the fetch structure;
 *    the call site calls it with the fed values and turns the result into NDArrays, as
 *    Session.run returned;
 *  - `opt.minimize(loss)` fetched by a run becomes a GradientTape step with a Keras optimizer;
 *  - get_variable / variable_scope become tf.Variables created once (scoped names kept);
 *  - sessions, initializers and disable_eager_execution disappear.
 *
 * A region is a statement list (the file, or a function body) that builds a graph. Anything the
 * rewrite cannot carry safely (a graph tensor used outside Session.run, a string fetch, ...)
 * keeps the whole region as tf.compat.v1 code, with a report entry that says why.
 */
import { Node, SyntaxKind, Statement, CallExpression, NewExpression, SourceFile, Block, ts, Expression, Type } from "ts-morph";
import { Ctx } from "../context";
import { pathOf, calleePath, unwrap, TfPath } from "../tfnames";
import { freeVars } from "../freevars";
import { kerasOptimizer, OPTIMIZERS } from "./optimizers";
import { convertGetVariable, VarConversion } from "./variables";
import { parseArgs, renderOptions } from "./renames";
import * as M from "../messages";
import { Message } from "../report";

// ---------------------------------------------------------------- failures
class Fail extends Error {
  constructor(readonly msg: Message, readonly at: Node | null) { super(msg.en); }
}
const fail = (at: Node | null, en: string, ko: string): never => { throw new Fail({ en, ko }, at); };

// ---------------------------------------------------------------- model
interface Placeholder {
  ident: string;
  index: number;
  dtype: string;
  shape: string | null;
  /** The graph name (`X` -> feeds "X:0"). */
  tfName: string;
  /** placeholder_with_default's default value. */
  def: string | null;
  node: Statement;
}

interface Var {
  ident: string;
  /** Region position (fractional for hoisted variables, which precede their statement). */
  pos: number;
  init: string | null;
  trainable: boolean;
  fullName: string | null;
}

interface Train {
  ident: string;
  index: number;
  /** The Keras optimizer's identifier. */
  opt: string;
  /** `const <opt> = new tf.keras.optimizers.X(...)` when the optimizer was created inline. */
  inlineOpt: string | null;
  loss: string;
  lossIsName: boolean;
  lossUses: Set<string>;
  varList: string | null;
  varListUses: Set<string>;
  globalStep: string | null;
  node: Statement;
}

type Kind = "placeholder" | "variable" | "optimizer" | "train" | "init" | "session" | "symbolic" | "host" | "drop" | "with";

interface RStmt {
  node: Statement;
  index: number;
  kind: Kind;
  defs: Set<string>;
  uses: Set<string>;
  /** Hoisted variable declarations to insert before this statement. */
  hoisted: string[];
  /** Replacement text (for kept statements that change), else null. */
  replacement: string | null;
}

type Fetch =
  | { t: "leaf"; node: Node; text: string; kind: "tensor" | "op" | "init" | "value"; uses: Set<string>; struct?: boolean }
  | { t: "array"; items: Fetch[] }
  | { t: "object"; props: [string, Fetch][] };

interface Feed { ph: Placeholder; value: string; node: Node }

interface Run {
  call: CallExpression;
  fetch: Fetch;
  feeds: Feed[];
  /** Region index of the statement that contains the call. */
  at: number;
  /** `loss.eval()` / `train.run()` rather than `sess.run`. */
  viaEval: boolean;
}

interface GenFn {
  name: string;
  key: string;
  params: Placeholder[];
  locals: Placeholder[];
  stmts: RStmt[];
  fetch: Fetch;
  train: Train | null;
  deps: Set<string>;
  firstAt: number;
  insertAt: number;
  signature: boolean;
}

const RANDOM_PATHS = /^(random\.|random_normal$|random_uniform$|truncated_normal$|random_shuffle$|multinomial$|random_gamma$|random_poisson$|nn\.dropout$|random_crop$)/;
const GRAPH_STATE_PATHS = /^(get_collection|get_collection_ref|add_to_collection|add_to_collections|get_default_graph|trainable_variables$|global_variables$|local_variables$|all_variables$|model_variables$|losses\.get_|losses\.add_loss|layers\.|gradients$|control_dependencies$|Graph$|summary\.|train\.Saver|train\.Checkpoint|train\.exponential_decay|train\.\w+_decay|train\.piecewise_constant|train\.get_global_step|train\.get_or_create_global_step|train\.create_global_step|get_variable_scope|Print$|make_template)/;
const INIT_PATHS = new Set([
  "global_variables_initializer", "initialize_all_variables", "initializers.global_variables", "variables_initializer",
  "initialize_variables", "initializers.variables", "local_variables_initializer", "initialize_local_variables",
  "initializers.local_variables",
]);
const DISABLE_PATHS = new Set(["disable_eager_execution", "disable_v2_behavior"]);

// ---------------------------------------------------------------- regions
function isMarker(ctx: Ctx, s: Statement): boolean {
  if (Node.isVariableStatement(s)) {
    for (const d of s.getDeclarations()) {
      const init = d.getInitializer();
      if (!init) continue;
      const e = unwrap(init);
      const p = calleePath(e, ctx.names);
      if (p?.v1 && (p.path === "placeholder" || p.path === "placeholder_with_default" || p.path === "get_variable" ||
        p.path === "Session" || p.path === "InteractiveSession" || INIT_PATHS.has(p.path))) return true;
      if (Node.isCallExpression(e)) {
        const callee = e.getExpression();
        if (Node.isPropertyAccessExpression(callee) && callee.getName() === "minimize") return true;
      }
    }
  }
  if (Node.isExpressionStatement(s)) {
    const e = s.getExpression();
    if (Node.isCallExpression(e)) {
      const callee = e.getExpression();
      if (Node.isPropertyAccessExpression(callee) && (callee.getName() === "with" || callee.getName() === "as_default")) {
        const p = calleePath(unwrap(callee.getExpression()), ctx.names);
        if (p?.v1 && (p.path === "Session" || p.path === "InteractiveSession")) return true;
      }
    }
  }
  return false;
}

function statementLists(sf: SourceFile): (SourceFile | Block)[] {
  const out: (SourceFile | Block)[] = [sf];
  sf.forEachDescendant((n) => {
    if (Node.isBlock(n)) {
      const p = n.getParent();
      if (p && (Node.isFunctionDeclaration(p) || Node.isFunctionExpression(p) || Node.isArrowFunction(p) || Node.isMethodDeclaration(p))) out.push(n);
    }
  });
  return out;
}

function findRegions(ctx: Ctx): (SourceFile | Block)[] {
  const cands = statementLists(ctx.sf).filter((l) => l.getStatements().some((s) => isMarker(ctx, s)));
  return cands.filter((c) => !cands.some((o) => o !== c && o.getPos() <= c.getPos() && c.getEnd() <= o.getEnd() && isAncestor(o, c)));
}
function isAncestor(a: Node, b: Node): boolean {
  for (let p = b.getParent(); p; p = p.getParent()) if (p === a) return true;
  return false;
}

// ---------------------------------------------------------------- text helpers
const MARKER = /^\/\/ *%%tf-migrate-cell/;

/** [start, end) of a statement's lines: its attached comments above, the statement, a comment after it on its line, the newline. */
function lineSpan(ctx: Ctx, s: Node): { start: number; end: number; textStart: number; textEnd: number } {
  const text = ctx.text;
  let start = s.getStart();
  const ranges = s.getLeadingCommentRanges();
  // Attached comments: contiguous lines directly above (no blank line between).
  for (let i = ranges.length - 1; i >= 0; i--) {
    const r = ranges[i];
    const between = text.slice(r.getEnd(), start);
    if ((between.match(/\n/g) ?? []).length > 1 || MARKER.test(r.getText())) break;
    start = r.getPos();
  }
  const textStart = start;
  const ls = text.lastIndexOf("\n", start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(ls, start))) start = ls;
  let end = s.getEnd();
  const rest = /^[ \t]*(\/\/[^\n]*)?/.exec(text.slice(end))!;
  const trail = rest[1] ? rest[0].length : 0;
  end += trail;
  const textEnd = end;
  const afterWs = /^[ \t]*\r?\n/.exec(text.slice(end));
  if (afterWs && start === ls) end += afterWs[0].length;
  return { start, end, textStart, textEnd };
}

/** Re-indents `text` (whose first line had `from` indentation) to `to`. */
function reindent(text: string, from: string, to: string, hasMultilineTemplate: boolean): string {
  const lines = text.split("\n");
  return lines.map((l, i) => {
    if (i === 0) return to + l;
    if (hasMultilineTemplate) return l;
    if (!l.trim()) return "";
    return l.startsWith(from) ? to + l.slice(from.length) : l;
  }).join("\n");
}

function hasMultilineTemplate(n: Node): boolean {
  let found = false;
  n.forEachDescendant((d, tr) => {
    if ((Node.isNoSubstitutionTemplateLiteral(d) || Node.isTemplateExpression(d)) && d.getText().includes("\n")) { found = true; tr.stop(); }
  });
  return found;
}

function isAtomicText(n: Node): boolean {
  return Node.isIdentifier(n) || Node.isPropertyAccessExpression(n) || Node.isCallExpression(n) || Node.isElementAccessExpression(n) || Node.isParenthesizedExpression(n);
}

// ---------------------------------------------------------------- the migration of one region
class RegionMigration {
  private stmts: RStmt[] = [];
  private placeholders = new Map<string, Placeholder>();
  private vars = new Map<string, Var>();
  private optimizers = new Map<string, { text: string; index: number }>();
  private trains = new Map<string, Train>();
  private inits = new Map<string, string[] | null>();
  private sessions = new Set<string>();
  /** name -> indices of statements that define (declare or assign) it, symbolic only. */
  private symDefs = new Map<string, number[]>();
  private runs: Run[] = [];
  private runNodes = new Set<ts.Node>();
  private evalReceivers = new Set<ts.Node>();
  /** Variable store of get_variable: full name -> identifier. */
  private store = new Map<string, string>();
  private removals = new Set<number>();
  private withStmts = new Map<number, { body: Node; param: string | null }>();
  private indent: string;
  private readonly tf: string;
  private readonly ts: boolean;

  constructor(private ctx: Ctx, private list: SourceFile | Block) {
    const first = list.getStatements()[0];
    this.indent = first ? ctx.indentAt(first.getStart()) : "";
    this.tf = ctx.tf;
    const ext = ctx.sf.getFilePath().toLowerCase();
    this.ts = !(ext.endsWith(".js") || ext.endsWith(".mjs") || ext.endsWith(".cjs") || ext.endsWith(".jsx"));
  }

  run(): boolean {
    const snapEdits = this.ctx.edits.snapshot();
    const snapEntries = this.ctx.entries.length;
    try {
      this.declarations();
      this.hoistScopes();
      this.collectRuns();
      this.classify();
      this.runs.sort((a, b) => a.call.getStart() - b.call.getStart());
      const fns = this.plan();
      this.emit(fns);
      return true;
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      this.ctx.edits.restore(snapEdits);
      this.ctx.entries.length = snapEntries;
      const at = e.at ?? this.list.getStatements()[0] ?? this.list;
      const r = M.regionKept(e.msg.en, e.msg.ko);
      this.ctx.report(at, "ERROR", "region-kept", r);
      return false;
    }
  }

  private path(e: Node): TfPath | null { return pathOf(e, this.ctx.names); }
  private v1Call(e: Node, ...names: string[]): boolean {
    const p = calleePath(e, this.ctx.names);
    return !!p && p.v1 && names.includes(p.path);
  }

  // ------------------------------------------------ pass 1: declarations by pattern
  private declarations(): void {
    const ctx = this.ctx;
    this.list.getStatements().forEach((node, index) => {
      const st: RStmt = { node, index, kind: "host", defs: new Set(), uses: new Set(), hoisted: [], replacement: null };
      this.stmts.push(st);
      if ((Node.isFunctionDeclaration(node) || Node.isClassDeclaration(node)) && node.getName()) st.defs.add(node.getName()!);
      if (Node.isVariableStatement(node)) {
        const decls = node.getDeclarations();
        for (const d of decls) for (const n of bindingNamesOf(d.getNameNode())) st.defs.add(n);
        if (decls.length !== 1) return;
        const d = decls[0];
        const init = d.getInitializer();
        const nameNode = d.getNameNode();
        if (!init) return;
        const e = unwrap(init);
        const p = calleePath(e, ctx.names);
        const ident = Node.isIdentifier(nameNode) ? nameNode.getText() : null;
        const special = p?.v1 && (p.path === "placeholder" || p.path === "placeholder_with_default" || p.path === "get_variable" ||
          p.path === "Session" || p.path === "InteractiveSession" || INIT_PATHS.has(p.path) || p.path.startsWith("train."));
        const minimize = Node.isCallExpression(e) && Node.isPropertyAccessExpression(e.getExpression()) &&
          (e.getExpression() as never as { getName(): string }).getName() === "minimize";
        if ((special || minimize) && !ident) fail(node, "a TF1 graph object is declared with a destructuring pattern", "TF1 그래프 객체를 구조 분해로 선언했습니다");
        if (!ident) return;
        if (p?.v1 && (p.path === "placeholder" || p.path === "placeholder_with_default")) {
          this.placeholder(st, ident, e as CallExpression, p.path === "placeholder_with_default");
        } else if (p?.v1 && p.path === "get_variable" && Node.isCallExpression(e)) {
          this.getVariableDecl(st, ident, e);
        } else if (p && !p.v1 && p.path === "Variable" && Node.isNewExpression(e)) {
          const a = e.getArguments()[0];
          const trainable = !/trainable\s*:\s*false/.test(e.getText());
          this.vars.set(ident, { ident, pos: index, init: a ? ctx.render(a) : null, trainable, fullName: null });
          st.kind = "variable";
        } else if (p?.v1 && (p.path === "Session" || p.path === "InteractiveSession")) {
          this.sessions.add(ident);
          st.kind = "session";
          this.checkSessionArgs(e as NewExpression);
        } else if (p?.v1 && INIT_PATHS.has(p.path)) {
          st.kind = "init";
          this.inits.set(ident, this.initVarList(e as CallExpression, p.path));
        } else if (p?.v1 && p.path.startsWith("train.") && Node.isNewExpression(e) && OPTIMIZERS[p.path.slice(6)]) {
          const k = kerasOptimizer(ctx, e, p.path.slice(6));
          if (!k) fail(e, `the arguments of ${p.path} cannot be translated`, `${p.path}의 인자를 옮길 수 없습니다`);
          st.kind = "optimizer";
          this.optimizers.set(ident, { text: k!.text, index });
          st.replacement = `${ctx.render(node).slice(0, init.getStart() - node.getStart())}${k!.text};`;
          this.checkDeclKeyword(node);
        } else if (minimize) {
          this.trainDecl(st, ident, e as CallExpression);
        }
      } else if (Node.isExpressionStatement(node)) {
        const e = node.getExpression();
        if (Node.isCallExpression(e)) {
          const p = calleePath(e, ctx.names);
          if (p?.v1 && (DISABLE_PATHS.has(p.path) || p.path === "reset_default_graph" || p.path === "enable_eager_execution" || p.path === "enable_v2_behavior")) {
            st.kind = "drop";
            return;
          }
          const callee = e.getExpression();
          if (Node.isPropertyAccessExpression(callee) && (callee.getName() === "with" || callee.getName() === "as_default")) {
            const recv = unwrap(callee.getExpression());
            const rp = calleePath(recv, ctx.names);
            const isSess = (rp?.v1 && (rp.path === "Session" || rp.path === "InteractiveSession")) || (Node.isIdentifier(recv) && this.sessions.has(recv.getText()));
            if (isSess) {
              if (rp) this.checkSessionArgs(recv as NewExpression);
              const cb = e.getArguments()[0];
              if (!cb || !(Node.isArrowFunction(cb) || Node.isFunctionExpression(cb)) || !Node.isBlock(cb.getBody()) || cb.isAsync()) {
                fail(node, "Session.with / as_default needs a (non-async) callback with a block body", "Session.with / as_default에는 블록 본문을 가진 (async가 아닌) 콜백이 필요합니다");
              }
              const f = cb as never as { getParameters(): { getName(): string }[]; getBody(): Node };
              const params = f.getParameters();
              const param = params[0] ? params[0].getName() : null;
              if (param) this.sessions.add(param);
              st.kind = "with";
              this.withStmts.set(index, { body: f.getBody(), param });
            }
          }
        }
      }
    });
  }

  private checkDeclKeyword(node: Statement): void {
    if (Node.isVariableStatement(node) && node.getDeclarationKind() === "var") {
      fail(node, "graph objects declared with var are not supported", "var로 선언한 그래프 객체는 지원하지 않습니다");
    }
  }

  private checkSessionArgs(e: NewExpression): void {
    const args = e.getArguments();
    if (args.length === 0) return;
    const txt = args.map((a) => a.getText()).join(",");
    if (/graph\s*:|config\s*:/.test(txt) || args.length > 1) {
      fail(e, "a Session with an explicit graph or config", "graph나 config를 지정한 Session");
    }
  }

  private placeholder(st: RStmt, ident: string, call: CallExpression, withDefault: boolean): void {
    const parsed = parseArgs(this.ctx, call.getArguments());
    if (!parsed) fail(call, "placeholder arguments use a spread", "placeholder 인자에 spread가 있습니다");
    const order = withDefault ? ["input", "shape", "name"] : ["dtype", "shape", "name"];
    const a: Record<string, { text: string; node: Node | null }> = {};
    parsed!.positional.forEach((t, i) => { a[order[i]] = { text: t.text, node: t.node }; });
    for (const [k, v] of Object.entries(parsed!.options ?? {})) a[k] = { text: v.text, node: v.node };
    let tfName: string;
    const nameNode = a.name?.node;
    if (nameNode && (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode))) tfName = nameNode.getLiteralValue();
    else if (a.name) tfName = `?${ident}`;
    else tfName = withDefault ? "PlaceholderWithDefault" : "Placeholder";
    let dtype: string | null = a.dtype?.text ?? null;
    if (withDefault) dtype = null;
    const shape = a.shape && a.shape.text !== "undefined" && a.shape.text !== "null" ? a.shape.text : null;
    this.placeholders.set(ident, { ident, index: st.index, dtype: dtype ?? `${this.tf}.float32`, shape, tfName, def: withDefault ? a.input?.text ?? null : null, node: st.node });
    if (withDefault && !a.input) fail(call, "placeholder_with_default without a default", "기본값이 없는 placeholder_with_default");
    st.kind = "placeholder";
  }

  /** Graph names of unnamed placeholders: Placeholder, Placeholder_1, ... (TF's unique naming). */
  private nameOf(ph: Placeholder): string[] {
    const seen = new Map<string, number>();
    const names = new Map<string, string>();
    for (const p of [...this.placeholders.values()].sort((a, b) => a.index - b.index)) {
      const n = seen.get(p.tfName) ?? 0;
      seen.set(p.tfName, n + 1);
      names.set(p.ident, n === 0 ? p.tfName : `${p.tfName}_${n}`);
    }
    const n = names.get(ph.ident)!;
    return [`${n}:0`];
  }

  private getVariableDecl(st: RStmt, ident: string, call: CallExpression): void {
    this.checkDeclKeyword(st.node);
    const conv = convertGetVariable(this.ctx, call, "", null);
    if ("fail" in conv) {
      this.ctx.report(call, "WARNING", "get-variable", M.getVariableKept(conv.fail));
      this.vars.set(ident, { ident, pos: st.index, init: null, trainable: true, fullName: null });
    } else {
      if (conv.fullName !== null) {
        if (this.store.has(conv.fullName)) fail(call, `the variable ${conv.fullName} is created twice`, `변수 ${conv.fullName}을(를) 두 번 만듭니다`);
        this.store.set(conv.fullName, ident);
      }
      this.vars.set(ident, { ident, pos: st.index, init: conv.init, trainable: conv.trainable, fullName: conv.fullName });
      this.ctx.replace(call, conv.text);
      this.ctx.report(call, "INFO", "get-variable", M.getVariable(conv.fullName ?? ident));
    }
    st.kind = "variable";
  }

  private initVarList(call: CallExpression, path: string): string[] | null {
    if (path === "variables_initializer" || path === "initialize_variables" || path === "initializers.variables") {
      const a = call.getArguments()[0];
      if (!a || !Node.isArrayLiteralExpression(a)) fail(call, "variables_initializer needs a literal list of variables", "variables_initializer에는 변수 목록을 리터럴로 주어야 합니다");
      return (a as never as { getElements(): Node[] }).getElements().map((el) => el.getText());
    }
    if (path.includes("local")) return [];
    return null;
  }

  private trainDecl(st: RStmt, ident: string, call: CallExpression): void {
    this.checkDeclKeyword(st.node);
    const callee = call.getExpression() as never as { getExpression(): Expression };
    const recv = unwrap(callee.getExpression());
    let opt: string;
    let inlineOpt: string | null = null;
    if (Node.isIdentifier(recv) && this.optimizers.has(recv.getText())) {
      opt = recv.getText();
      st.kind = "train";
    } else {
      const p = calleePath(recv, this.ctx.names);
      if (!(p?.v1 && p.path.startsWith("train.") && Node.isNewExpression(recv) && OPTIMIZERS[p.path.slice(6)])) {
        fail(call, "minimize() on something other than a TF1 optimizer created here", "여기서 만든 TF1 옵티마이저가 아닌 객체의 minimize()");
      }
      const k = kerasOptimizer(this.ctx, recv as NewExpression, p!.path.slice(6));
      if (!k) fail(recv, `the arguments of ${p!.path} cannot be translated`, `${p!.path}의 인자를 옮길 수 없습니다`);
      opt = /optim/i.test(ident) ? ident : this.ctx.fresh("optimizer");
      inlineOpt = k!.text;
      st.kind = "train";
    }
    const args = call.getArguments();
    const order = ["loss", "global_step", "var_list", "gate_gradients", "aggregation_method", "colocate_gradients_with_ops", "name", "grad_loss"];
    const parsed = parseArgs(this.ctx, args);
    if (!parsed || !parsed.positional.length) fail(call, "minimize() arguments cannot be read", "minimize() 인자를 읽을 수 없습니다");
    const a: Record<string, { text: string; node: Node | null }> = {};
    parsed!.positional.forEach((t, i) => { a[order[i]] = { text: t.text, node: t.node }; });
    for (const [k, v] of Object.entries(parsed!.options ?? {})) a[k] = { text: v.text, node: v.node };
    if (a.grad_loss && a.grad_loss.text !== "null" && a.grad_loss.text !== "undefined") fail(call, "minimize(grad_loss=...)", "minimize(grad_loss=...)");
    const lossNode = a.loss.node!;
    const lossUses = new Set(freeVars(lossNode.compilerNode).uses.keys());
    const vl = a.var_list && a.var_list.text !== "null" && a.var_list.text !== "undefined" ? a.var_list : null;
    const gs = a.global_step && a.global_step.text !== "null" && a.global_step.text !== "undefined" ? a.global_step.text : null;
    if (gs && !/^[\w$]+$/.test(gs)) fail(call, "minimize(global_step=<expression>)", "minimize(global_step=<식>)");
    if (vl && vl.node && /compat\.v1\.(trainable_variables|global_variables)\(\)/.test(vl.node.getText())) {
      fail(call, "var_list from a graph collection", "그래프 컬렉션에서 얻은 var_list");
    }
    this.trains.set(ident, {
      ident, index: st.index, opt, inlineOpt, loss: a.loss.text, lossIsName: Node.isIdentifier(lossNode), lossUses,
      varList: vl ? vl.text : null, varListUses: vl?.node ? new Set(freeVars(vl.node.compilerNode).uses.keys()) : new Set(),
      globalStep: gs, node: st.node,
    });
    if (gs) this.ctx.report(call, "INFO", "global-step", M.globalStep(gs));
  }

  // ------------------------------------------------ variable scopes and nested get_variable
  private hoistScopes(): void {
    // Where variable_scope/get_variable may run several times (inside functions or loops), the
    // whole region uses the store (scopes pushed at run time, so names nest as in TF1).
    const dynamicAt = (n: Node, inFn: boolean): boolean => {
      if (Node.isCallExpression(n)) {
        const p = calleePath(n, this.ctx.names);
        if (p?.v1 && (p.path === "variable_scope" || p.path === "get_variable") && inFn) return true;
      }
      const again = inFn || Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) ||
        Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);
      let found = false;
      n.forEachChild((c) => { if (!found && dynamicAt(c, again)) found = true; });
      return found;
    };
    // The callbacks of variable_scope itself run once: look for functions and loops inside them.
    const dynamicIn = (n: Node): boolean => {
      let found = false;
      const visit = (x: Node, inFn: boolean): void => {
        if (found) return;
        if (Node.isCallExpression(x)) {
          const p = calleePath(x, this.ctx.names);
          if (p?.v1 && (p.path === "variable_scope" || p.path === "get_variable") && inFn) { found = true; return; }
          if (p?.v1 && p.path === "variable_scope") {
            for (const a of x.getArguments()) {
              if ((Node.isArrowFunction(a) || Node.isFunctionExpression(a))) a.getBody().forEachChild((c) => visit(c, inFn));
              else visit(a, inFn);
            }
            return;
          }
        }
        const again = inFn || Node.isArrowFunction(x) || Node.isFunctionExpression(x) || Node.isFunctionDeclaration(x) || Node.isMethodDeclaration(x) ||
          Node.isForStatement(x) || Node.isForOfStatement(x) || Node.isForInStatement(x) || Node.isWhileStatement(x) || Node.isDoStatement(x);
        x.forEachChild((c) => visit(c, again));
      };
      visit(n, false);
      return found;
    };
    void dynamicAt;
    if (this.stmts.some((st) => st.kind === "host" && dynamicIn(st.node))) {
      for (const st of this.stmts) {
        if (st.kind !== "host") continue;
        const visit = (n: Node): void => {
          if (Node.isCallExpression(n)) {
            const p = calleePath(n, this.ctx.names);
            if (p?.v1 && p.path === "variable_scope") { this.dynamicScope(st, n, null); return; }
            if (p?.v1 && p.path === "get_variable") { this.dynamicGetVariable(st, n, null); return; }
          }
          n.forEachChild(visit);
        };
        visit(st.node);
      }
      return;
    }
    for (const st of this.stmts) {
      if (st.kind !== "host") continue;
      const scopes: CallExpression[] = [];
      const gvs: CallExpression[] = [];
      const visit = (n: Node, inFn: boolean): void => {
        if (Node.isCallExpression(n)) {
          const p = calleePath(n, this.ctx.names);
          if (p?.v1 && p.path === "variable_scope") {
            scopes.push(n);
            return;
          }
          if (p?.v1 && p.path === "get_variable") {
            if (inFn) fail(n, "get_variable inside a function or loop", "함수나 반복문 안의 get_variable");
            gvs.push(n);
          }
        }
        const fnLike = Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n);
        const loop = Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);
        n.forEachChild((c) => visit(c, inFn || fnLike || loop));
      };
      visit(st.node, false);
      if (!scopes.length && !gvs.length) continue;
      for (const g of gvs) this.hoistGetVariable(st, g, "", null, null);
      for (const s of scopes) this.processScope(st, s, "", null, false);
    }
  }

  private processScope(st: RStmt, call: CallExpression, prefix: string, parentInit: Node | null, parentReuse: boolean | "auto"): void {
    const ctx = this.ctx;
    const args = call.getArguments();
    const nameNode = args[0];
    if (!nameNode || !(Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode))) {
      fail(call, "variable_scope with a computed name", "이름이 계산되는 variable_scope");
    }
    const local = (nameNode as never as { getLiteralValue(): string }).getLiteralValue();
    const full = prefix ? `${prefix}/${local}` : local;
    let reuse: boolean | "auto" = parentReuse;
    let init = parentInit;
    const fnNode = args[args.length - 1];
    if (args.length === 3) {
      const o = args[1];
      if (!Node.isObjectLiteralExpression(o)) fail(o, "variable_scope options that are not an object literal", "객체 리터럴이 아닌 variable_scope 옵션");
      for (const prop of (o as never as { getProperties(): Node[] }).getProperties()) {
        if (!Node.isPropertyAssignment(prop)) fail(prop, "variable_scope options with shorthand or spread", "축약형이나 spread를 쓴 variable_scope 옵션");
        const pa = prop as never as { getName(): string; getInitializerOrThrow(): Node };
        const k = pa.getName();
        const v = pa.getInitializerOrThrow();
        if (k === "reuse") {
          const vp = this.path(v);
          if (vp?.v1 && vp.path === "AUTO_REUSE") reuse = "auto";
          else if (v.getText() === "true") reuse = true;
          else if (v.getText() === "false" || v.getText() === "null" || v.getText() === "undefined") { /* inherit */ }
          else fail(v, "variable_scope reuse that is not a literal", "리터럴이 아닌 variable_scope reuse");
        } else if (k === "initializer") init = v;
        else fail(prop, `variable_scope option ${k}`, `variable_scope 옵션 ${k}`);
      }
    } else if (args.length !== 2) fail(call, "variable_scope arguments", "variable_scope 인자");
    if (!fnNode || !(Node.isArrowFunction(fnNode) || Node.isFunctionExpression(fnNode)) || fnNode.isAsync()) {
      fail(call, "variable_scope without a callback", "콜백이 없는 variable_scope");
    }
    const fn = fnNode as never as { getParameters(): { getName(): string; getNameNode(): Node }[]; getBody(): Node; getStart(): number };
    const params = fn.getParameters();
    if (params.length > 1) fail(fnNode, "variable_scope callback with several parameters", "매개변수가 여러 개인 variable_scope 콜백");
    const body = fn.getBody();
    if (params.length === 1) {
      const pn = params[0].getName();
      if (freeVars(body.compilerNode).uses.has(pn)) fail(fnNode, "the VariableScope object is used inside the callback", "콜백 안에서 VariableScope 객체를 씁니다");
    }
    // Direct children: get_variable declarations and nested scopes.
    const renames = new Map<string, string>();
    const inner: CallExpression[] = [];
    const gvs: CallExpression[] = [];
    const visit = (n: Node, dyn: boolean): void => {
      if (Node.isCallExpression(n)) {
        const p = calleePath(n, ctx.names);
        if (p?.v1 && p.path === "variable_scope") {
          if (dyn) fail(n, "variable_scope inside a function or loop", "함수나 반복문 안의 variable_scope");
          inner.push(n);
          return;
        }
        if (p?.v1 && p.path === "get_variable") {
          if (dyn) fail(n, "get_variable inside a function or loop", "함수나 반복문 안의 get_variable");
          gvs.push(n);
        }
      }
      const again = dyn || Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isFunctionDeclaration(n) ||
        Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);
      n.forEachChild((c) => visit(c, again));
    };
    body.forEachChild((c) => visit(c, false));
    for (const g of gvs) {
      const decl = g.getParentIfKind(SyntaxKind.VariableDeclaration);
      const ident = this.hoistGetVariable(st, g, full, init, reuse === "auto" ? "auto" : reuse);
      if (decl && decl.getInitializer() === g && Node.isIdentifier(decl.getNameNode())) {
        const vs = decl.getParentOrThrow().getParentOrThrow();
        if (Node.isVariableStatement(vs) && vs.getDeclarations().length === 1 && vs.getParent() === body) {
          renames.set(decl.getName(), ident);
          const span = lineSpan(ctx, vs);
          ctx.edits.remove(span.start, span.end);
        }
      }
    }
    for (const s of inner) this.processScope(st, s, full, init, reuse);
    // Rename references to the removed local declarations.
    if (renames.size) {
      body.forEachDescendant((d, tr) => {
        if ((Node.isArrowFunction(d) || Node.isFunctionExpression(d) || Node.isFunctionDeclaration(d)) && declaresAny(d, renames)) { tr.skip(); return; }
        if (Node.isIdentifier(d) && renames.has(d.getText())) {
          const par = d.getParent();
          if (par && Node.isPropertyAccessExpression(par) && par.getNameNode() === d) return;
          if (par && Node.isVariableDeclaration(par) && par.getNameNode() === d) return;
          if (par && Node.isShorthandPropertyAssignment(par)) { ctx.replace(par, `${d.getText()}: ${renames.get(d.getText())}`); return; }
          ctx.replace(d, renames.get(d.getText())!);
        }
      });
    }
    ctx.edits.replace(call.getStart(), fn.getStart(), `${this.tf}.name_scope(${nameNode!.getText()}, `);
    if (params.length === 1) {
      const pEnd = (fnNode as never as { getParameters(): Node[] }).getParameters()[0];
      void pEnd;
      const arrow = fnNode as Node;
      const bodyStart = body.getStart();
      const head = ctx.text.slice(arrow.getStart(), bodyStart);
      const newHead = Node.isArrowFunction(arrow) ? "() => " : head.replace(/\([^)]*\)/, "()");
      ctx.edits.replace(arrow.getStart(), bodyStart, newHead);
    }
    ctx.report(call, "INFO", "variable-scope", M.variableScope(full));
  }

  // ------------------------------------------------ variables created by code that may run several times
  /** Statements whose code now calls the variable store. */
  private dynamicStmts = new Set<number>();
  private storeFn: string | null = null;
  private storeMap: string | null = null;
  private scopeFn: string | null = null;
  private scopeStack: string | null = null;

  private ensureStore(): void {
    if (!this.storeFn) {
      this.storeMap = this.ctx.fresh("variable_store");
      this.scopeStack = this.ctx.fresh("scope_names");
      this.scopeFn = this.ctx.fresh("variable_scope");
      this.storeFn = this.ctx.fresh("get_variable");
    }
  }

  /** get_variable where it may run several times: the store's tf.Variable for "<scopes>/<name>", made on first use. */
  private dynamicGetVariable(st: RStmt, call: CallExpression, scopeInit: Node | null): void {
    const ctx = this.ctx;
    const conv = convertGetVariable(ctx, call, "", scopeInit ?? this.scopeInitOf(call));
    if ("fail" in conv) fail(call, `get_variable: ${conv.fail}`, `get_variable: ${conv.fail}`);
    const c = conv as VarConversion;
    this.ensureStore();
    const name = ctx.render(call.getArguments()[0]);
    ctx.replace(call, `${this.storeFn}(${name}, () => ${c.init}${c.trainable ? "" : ", false"})`);
    this.dynamicStmts.add(st.index);
    ctx.report(call, "INFO", "get-variable", M.scopedVariable(name));
  }

  /** The `initializer` option of the innermost enclosing variable_scope call, if any. */
  private scopeInitOf(n: Node): Node | null {
    for (let p = n.getParent(); p; p = p.getParent()) {
      if (!Node.isCallExpression(p)) continue;
      const path = calleePath(p, this.ctx.names);
      if (!(path?.v1 && path.path === "variable_scope")) continue;
      const args = p.getArguments();
      if (args.length !== 3 || !Node.isObjectLiteralExpression(args[1])) continue;
      const prop = args[1].getProperty("initializer");
      if (prop && Node.isPropertyAssignment(prop)) return prop.getInitializerOrThrow();
    }
    return null;
  }

  /** variable_scope where it may run several times: the store's variable_scope (a tf.name_scope that also names variables). */
  private dynamicScope(st: RStmt, call: CallExpression, _init: Node | null): void {
    const ctx = this.ctx;
    const args = call.getArguments();
    const nameNode = args[0];
    if (!nameNode || Node.isSpreadElement(nameNode)) fail(call, "variable_scope without a name", "이름이 없는 variable_scope");
    if (args.length === 3) {
      const o = args[1];
      if (!Node.isObjectLiteralExpression(o)) fail(o, "variable_scope options that are not an object literal", "객체 리터럴이 아닌 variable_scope 옵션");
      for (const prop of (o as never as { getProperties(): Node[] }).getProperties()) {
        if (!Node.isPropertyAssignment(prop)) fail(prop, "variable_scope options with shorthand or spread", "축약형이나 spread를 쓴 variable_scope 옵션");
        const k = (prop as never as { getName(): string }).getName();
        if (k !== "initializer" && k !== "reuse") fail(prop, `variable_scope option ${k}`, `variable_scope 옵션 ${k}`);
      }
    } else if (args.length !== 2) fail(call, "variable_scope arguments", "variable_scope 인자");
    const fnNode = args[args.length - 1];
    if (!(Node.isArrowFunction(fnNode) || Node.isFunctionExpression(fnNode)) || fnNode.isAsync()) fail(call, "variable_scope without a callback", "콜백이 없는 variable_scope");
    const fn = fnNode as never as { getParameters(): { getName(): string }[]; getBody(): Node; getStart(): number };
    const params = fn.getParameters();
    const body = fn.getBody();
    if (params.length > 1 || (params.length === 1 && freeVars(body.compilerNode).uses.has(params[0].getName()))) {
      fail(fnNode, "the VariableScope object is used inside the callback", "콜백 안에서 VariableScope 객체를 씁니다");
    }
    const visit = (n: Node): void => {
      if (Node.isCallExpression(n)) {
        const p = calleePath(n, ctx.names);
        if (p?.v1 && p.path === "variable_scope") { this.dynamicScope(st, n, null); return; }
        if (p?.v1 && p.path === "get_variable") { this.dynamicGetVariable(st, n, null); return; }
      }
      n.forEachChild(visit);
    };
    body.forEachChild(visit);
    this.ensureStore();
    ctx.edits.replace(call.getStart(), fn.getStart(), `${this.scopeFn}(${ctx.render(nameNode)}, `);
    if (params.length === 1) {
      const arrow = fnNode as Node;
      const head = ctx.text.slice(arrow.getStart(), body.getStart());
      ctx.edits.replace(arrow.getStart(), body.getStart(), Node.isArrowFunction(arrow) ? "() => " : head.replace(/\([^)]*\)/, "()"));
    }
    this.dynamicStmts.add(st.index);
    ctx.report(call, "INFO", "variable-scope", M.dynamicScope(ctx.render(nameNode)));
  }

  /** Creates (or finds, with reuse) the tf.Variable for a get_variable call inside a region statement; returns its identifier. */
  private hoistGetVariable(st: RStmt, call: CallExpression, scope: string, scopeInit: Node | null, reuse: boolean | "auto" | null): string {
    const ctx = this.ctx;
    const conv = convertGetVariable(ctx, call, scope, scopeInit);
    const args = call.getArguments();
    const lit = args[0] && (Node.isStringLiteral(args[0]) || Node.isNoSubstitutionTemplateLiteral(args[0])) ? (args[0] as never as { getLiteralValue(): string }).getLiteralValue() : null;
    if (lit === null) fail(call, "get_variable with a computed name", "이름이 계산되는 get_variable");
    const full = scope ? `${scope}/${lit}` : lit!;
    const existing = this.store.get(full);
    if (existing) {
      if (reuse === false || reuse === null) fail(call, `Variable ${full} already exists (TF1 raises without reuse)`, `변수 ${full}이(가) 이미 있습니다 (reuse 없이는 TF1이 오류를 냅니다)`);
      ctx.replace(call, existing);
      st.uses.add(existing);
      ctx.report(call, "INFO", "variable-reused", M.variableReused(full));
      return existing;
    }
    if (reuse === true) fail(call, `Variable ${full} does not exist (reuse=True needs an existing variable)`, `변수 ${full}이(가) 없습니다 (reuse=True에는 이미 있는 변수가 필요합니다)`);
    if ("fail" in conv) fail(call, `get_variable('${full}'): ${conv.fail}`, `get_variable('${full}'): ${conv.fail}`);
    const c = conv as VarConversion;
    const base = full.replace(/[^\w$]+/g, "_");
    const ident = ctx.isTaken(base) ? ctx.fresh(base) : (ctx.claim(base), base);
    this.store.set(full, ident);
    this.vars.set(ident, { ident, pos: st.index - 0.5, init: c.init, trainable: c.trainable, fullName: full });
    st.hoisted.push(`const ${ident} = ${c.text};`);
    st.uses.add(ident);
    ctx.replace(call, ident);
    ctx.report(call, "INFO", "get-variable", M.getVariable(full));
    return ident;
  }

  // ------------------------------------------------ pass 2: runs
  private isSessionExpr(e: Node): boolean {
    const u = unwrap(e as Expression);
    if (Node.isIdentifier(u)) return this.sessions.has(u.getText());
    if (Node.isCallExpression(u)) return this.v1Call(u, "get_default_session");
    return false;
  }

  private collectRuns(): void {
    const evalTargets = (name: string) => this.placeholders.has(name) || this.trains.has(name) || this.inits.has(name) || this.vars.has(name);
    for (const st of this.stmts) {
      st.node.forEachDescendant((n) => {
        if (!Node.isCallExpression(n)) return;
        const callee = n.getExpression();
        if (!Node.isPropertyAccessExpression(callee)) return;
        const m = callee.getName();
        const recv = callee.getExpression();
        if (m === "run" && this.isSessionExpr(recv)) {
          this.runNodes.add(n.compilerNode);
          this.runs.push(this.parseRun(n, this.runAt(n, st), false));
        } else if (m === "run" && n.getArguments().length === 0 && calleePath(unwrap(recv), this.ctx.names)?.v1 && INIT_PATHS.has(calleePath(unwrap(recv), this.ctx.names)!.path)) {
          this.runNodes.add(n.compilerNode);
          this.runs.push(this.parseRun(n, this.runAt(n, st), true));
        } else if ((m === "eval" || m === "run") && Node.isIdentifier(recv)) {
          // Decided in classify(), once symbolic names are known.
          this.evalReceivers.add(n.compilerNode);
        }
      });
    }
    void evalTargets;
  }

  /** When a run call executes, as a region position: inside a function declaration, only when called (late). */
  private runAt(call: Node, st: RStmt): number {
    for (let p = call.getParent(); p && p !== st.node.getParent(); p = p.getParent()) {
      if (Node.isFunctionDeclaration(p) || Node.isMethodDeclaration(p)) return Number.POSITIVE_INFINITY;
    }
    return st.index;
  }

  private parseRun(call: CallExpression, at: number, viaEval: boolean): Run {
    const args = call.getArguments();
    if (!viaEval && (args.length < 1 || args.length > 2)) fail(call, "Session.run with options/run_metadata", "options/run_metadata를 준 Session.run");
    const fetch = viaEval ? this.leaf((call.getExpression() as never as { getExpression(): Node }).getExpression()) : this.parseFetch(args[0]);
    let feedArg: Node | undefined = viaEval ? args[0] : args[1];
    if (viaEval && args.length > 1) fail(call, "eval()/run() with an explicit session", "세션을 직접 준 eval()/run()");
    let feeds: Feed[] = [];
    // A feed held in a const: `const feed = { feed_dict: [...] }` / `const feed_dict = [...]`.
    if (feedArg && Node.isIdentifier(unwrap(feedArg as Expression)) && !["undefined", "null"].includes(feedArg.getText())) {
      const id = unwrap(feedArg as Expression);
      const init = this.feedVariable(id, call);
      if (Node.isObjectLiteralExpression(init) && init.getProperties().every((p) => (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && ["feed_dict", "options", "run_metadata"].includes(p.getName()))) {
        feedArg = init;
      } else return { call, fetch, feeds: this.parseFeeds(init), at, viaEval };
    }
    if (feedArg && Node.isObjectLiteralExpression(feedArg)) {
      const props = feedArg.getProperties();
      const keys = props.map((p) => (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) ? p.getName() : "?"));
      if (keys.length && keys.every((k) => k === "feed_dict" || k === "options" || k === "run_metadata" || k === "session")) {
        if (keys.some((k) => k !== "feed_dict")) fail(call, "Session.run options/run_metadata/session", "Session.run의 options/run_metadata/session");
        const p = props[0];
        feedArg = Node.isPropertyAssignment(p) ? p.getInitializerOrThrow() : (p as never as { getNameNode(): Node }).getNameNode();
      }
    }
    if (feedArg && !(Node.isIdentifier(feedArg) && ["undefined", "null"].includes(feedArg.getText())) && feedArg.getText() !== "null") {
      const fu = unwrap(feedArg as Expression);
      feeds = this.parseFeeds(Node.isIdentifier(fu) ? this.feedVariable(fu, call) : feedArg);
    }
    return { call, fetch, feeds, at, viaEval };
  }

  private leaf(n: Node): Fetch {
    const u = unwrap(n as Expression);
    if (Node.isStringLiteral(u) || Node.isNoSubstitutionTemplateLiteral(u)) fail(n, "fetching by tensor name", "텐서 이름으로 fetch");
    const text = this.ctx.render(u);
    if (Node.isIdentifier(u)) {
      const name = u.getText();
      if (this.trains.has(name)) return { t: "leaf", node: u, text, kind: "op", uses: new Set([name]) };
      if (this.inits.has(name)) return { t: "leaf", node: u, text, kind: "init", uses: new Set([name]) };
      return { t: "leaf", node: u, text, kind: "tensor", uses: new Set([name]) };
    }
    const p = calleePath(u, this.ctx.names);
    if (p?.v1 && INIT_PATHS.has(p.path)) return { t: "leaf", node: u, text, kind: "init", uses: new Set() };
    let bad = false;
    u.forEachDescendant((d) => { if (Node.isPropertyAccessExpression(d) && d.getName() === "minimize") bad = true; });
    if (bad) fail(n, "minimize() inside a fetch", "fetch 안의 minimize()");
    return { t: "leaf", node: u, text, kind: "tensor", uses: new Set(freeVars(u.compilerNode).uses.keys()) };
  }

  private parseFetch(n: Node): Fetch {
    const u = unwrap(n as Expression);
    if (Node.isArrayLiteralExpression(u)) {
      return {
        t: "array", items: u.getElements().map((el) => {
          if (Node.isSpreadElement(el) || Node.isOmittedExpression(el)) fail(el, "a spread in the fetch list", "fetch 목록의 spread");
          return this.parseFetch(el);
        }),
      };
    }
    if (Node.isObjectLiteralExpression(u)) {
      return {
        t: "object", props: u.getProperties().map((p) => {
          if (Node.isShorthandPropertyAssignment(p)) return [p.getName(), this.leaf(p.getNameNode())] as [string, Fetch];
          if (Node.isPropertyAssignment(p)) {
            const nn = p.getNameNode();
            const key = Node.isIdentifier(nn) ? nn.getText() : Node.isStringLiteral(nn) ? nn.getText() : null;
            if (key === null) fail(p, "a computed key in a fetch dict", "fetch 딕셔너리의 계산된 키");
            return [key!, this.parseFetch(p.getInitializerOrThrow())] as [string, Fetch];
          }
          return fail(p, "a spread or method in a fetch dict", "fetch 딕셔너리의 spread나 메서드");
        }),
      };
    }
    return this.leaf(u);
  }

  /** Feeds declared in a const before the run: their declarations go, their literal is read at each run. */
  private feedDecls = new Map<Node, { name: string; scope: Node; uses: Set<Node> }>();

  private feedVariable(id: Node, call: Node): Node {
    const name = id.getText();
    let found: { stmt: Node; init: Node; scope: Node } | null = null;
    for (let cur: Node | undefined = call; cur && !found; cur = cur.getParent()) {
      const parent = cur.getParent();
      if (!parent || !(Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent))) continue;
      const stmts = (parent as never as { getStatements(): Node[] }).getStatements();
      const idx = stmts.indexOf(cur);
      for (let i = idx - 1; i >= 0; i--) {
        const st = stmts[i];
        if (!Node.isVariableStatement(st)) continue;
        const d = st.getDeclarations().find((x) => x.getName() === name);
        if (!d) continue;
        if (st.getDeclarationKind() !== "const" || st.getDeclarations().length !== 1 || !d.getInitializer()) {
          fail(st, `the feed_dict '${name}' is not a single const declaration`, `feed_dict '${name}'이(가) const 하나로 선언되지 않았습니다`);
        }
        found = { stmt: st, init: unwrap(d.getInitializerOrThrow()), scope: parent };
        break;
      }
    }
    if (!found) fail(id, `a feed_dict ('${name}') that is not declared as a const literal before the run`, `Session.run 앞에서 const 리터럴로 선언하지 않은 feed_dict ('${name}')`);
    const f = found!;
    let entry = this.feedDecls.get(f.stmt);
    if (!entry) this.feedDecls.set(f.stmt, (entry = { name, scope: f.scope, uses: new Set() }));
    entry.uses.add(id);
    this.feedDeclNodes.add(f.stmt.compilerNode);
    return f.init;
  }
  private feedDeclNodes = new Set<ts.Node>();

  /** Every reference to a feed const must be a run's feed argument (the const goes away). */
  private checkFeedDecls(): void {
    for (const [stmt, e] of this.feedDecls) {
      stmt.getParentOrThrow().forEachDescendant((d) => {
        if (!Node.isIdentifier(d) || d.getText() !== e.name || d.getStart() < stmt.getEnd()) return;
        const par = d.getParent();
        if (par && Node.isPropertyAccessExpression(par) && par.getNameNode() === d) return;
        if (par && Node.isPropertyAssignment(par) && par.getNameNode() === d) return;
        if (e.uses.has(d)) return;
        fail(d, `the feed_dict '${e.name}' is used outside Session.run`, `feed_dict '${e.name}'을(를) Session.run 밖에서 씁니다`);
      });
    }
  }

  private parseFeeds(n: Node): Feed[] {
    const u = unwrap(n as Expression);
    const pairs: [Node, Node][] = [];
    const readPairs = (arr: Node) => {
      for (const el of (arr as never as { getElements(): Node[] }).getElements()) {
        const e = unwrap(el as Expression);
        if (!Node.isArrayLiteralExpression(e) || e.getElements().length !== 2) fail(el, "a feed_dict entry that is not a [key, value] pair literal", "[키, 값] 쌍 리터럴이 아닌 feed_dict 항목");
        const [k, v] = (e as never as { getElements(): Node[] }).getElements();
        pairs.push([k, v]);
      }
    };
    if (Node.isArrayLiteralExpression(u)) readPairs(u);
    else if (Node.isNewExpression(u) && u.getExpression().getText() === "Map") {
      const a = u.getArguments()[0];
      if (a && Node.isArrayLiteralExpression(a)) readPairs(a);
      else if (a) fail(u, "a feed Map built from a non-literal", "리터럴이 아닌 값으로 만든 feed Map");
    } else if (Node.isObjectLiteralExpression(u)) {
      for (const p of u.getProperties()) {
        if (!Node.isPropertyAssignment(p)) fail(p, "a feed dict entry that is not `\"name:0\": value`", "`\"이름:0\": 값` 꼴이 아닌 feed 항목");
        const pa = p as never as { getNameNode(): Node; getInitializerOrThrow(): Node };
        pairs.push([pa.getNameNode(), pa.getInitializerOrThrow()]);
      }
    } else fail(n, "a feed_dict that is not written out at the call (array of pairs, Map or object literal)", "호출하는 곳에 풀어 쓰지 않은 feed_dict (쌍 배열, Map, 객체 리터럴)");
    const feeds: Feed[] = [];
    for (const [k, v] of pairs) {
      const ku = unwrap(k as Expression);
      let ph: Placeholder | undefined;
      if (Node.isIdentifier(ku)) {
        ph = this.placeholders.get(ku.getText());
        if (!ph) fail(k, `feeding '${ku.getText()}', which is not a placeholder declared here`, `여기서 선언한 플레이스홀더가 아닌 '${ku.getText()}'에 값을 넣습니다`);
      } else if (Node.isStringLiteral(ku) || Node.isNoSubstitutionTemplateLiteral(ku)) {
        const name = ku.getLiteralValue();
        ph = [...this.placeholders.values()].find((p) => this.nameOf(p).includes(name) || this.nameOf(p).includes(`${name}:0`));
        if (!ph) fail(k, `feeding '${name}', which names no placeholder declared here`, `'${name}'은(는) 여기서 선언한 플레이스홀더의 이름이 아닙니다`);
      } else fail(k, "a feed key that is not a placeholder", "플레이스홀더가 아닌 feed 키");
      feeds.push({ ph: ph!, value: this.ctx.render(v), node: v });
    }
    return feeds;
  }

  // ------------------------------------------------ pass 3: classification
  private classify(): void {
    this.checkFeedDecls();
    const skip = (n: ts.Node) => this.runNodes.has(n) || this.feedDeclNodes.has(n);
    const SYM = (name: string) => this.placeholders.has(name) || this.vars.has(name) || this.symDefs.has(name);
    for (const st of this.stmts) {
      const node = st.node;
      if (st.kind === "placeholder" || st.kind === "session" || st.kind === "init" || st.kind === "drop") continue;
      if (st.kind === "variable") {
        const fv = freeVars(node.compilerNode, skip);
        for (const u of fv.uses.keys()) if (this.placeholders.has(u) || this.symDefs.has(u)) {
          fail(node, `the initial value of a variable reads the graph tensor '${u}'`, `변수의 초깃값이 그래프 텐서 '${u}'을(를) 읽습니다`);
        }
        continue;
      }
      if (st.kind === "optimizer") continue;
      if (st.kind === "train") {
        const t = [...this.trains.values()].find((x) => x.index === st.index)!;
        for (const u of t.lossUses) if (this.trains.has(u)) fail(node, "a loss that depends on a train op", "학습 연산에 의존하는 손실");
        continue;
      }
      if (st.kind === "with") {
        this.classifyWith(st);
        continue;
      }
      if (this.feedDeclNodes.has(node.compilerNode)) { st.kind = "drop"; continue; }
      this.checkGraphState(node);
      const fv = freeVars(node.compilerNode, (n) => skip(n) || this.evalReceivers.has(n));
      for (const u of fv.uses.keys()) st.uses.add(u);
      for (const a of fv.assigns) st.defs.add(a);
      const usesGraph = [...st.uses].some((u) => this.placeholders.has(u) || this.symDefs.has(u));
      const usesVar = [...st.uses].some((u) => this.vars.has(u));
      const random = this.hasRandom(node);
      const hasRun = this.containsRun(node);
      const isDecl = Node.isVariableStatement(node);
      const assignsSym = [...fv.assigns].some((a) => this.symDefs.has(a));
      if (Node.isFunctionDeclaration(node) || Node.isClassDeclaration(node)) {
        this.checkHostUses(st, fv.uses);
        continue;
      }
      if (!hasRun && (isDecl && (usesGraph || usesVar || random) || (!isDecl && assignsSym && this.isPureGraph(node)))) {
        st.kind = "symbolic";
        this.checkGraphState(node);
        for (const d of st.defs) {
          const l = this.symDefs.get(d) ?? [];
          l.push(st.index);
          this.symDefs.set(d, l);
        }
        if (isDecl && Node.isVariableStatement(node) && node.getDeclarationKind() === "var") fail(node, "graph tensors declared with var", "var로 선언한 그래프 텐서");
        for (const d of st.defs) if (this.trains.has(d) || this.placeholders.has(d) || this.vars.has(d)) fail(node, `'${d}' is reassigned`, `'${d}'에 다시 대입합니다`);
        continue;
      }
      this.checkHostUses(st, fv.uses);
      void SYM;
    }
    // eval()/run() on graph objects.
    for (const st of this.stmts) {
      st.node.forEachDescendant((n) => {
        if (!Node.isCallExpression(n) || !this.evalReceivers.has(n.compilerNode)) return;
        const callee = n.getExpression() as never as { getName(): string; getExpression(): Node };
        const name = callee.getExpression().getText();
        const m = callee.getName();
        const ok = m === "eval" ? (this.placeholders.has(name) || this.symDefs.has(name) || this.vars.has(name)) : (this.trains.has(name) || this.inits.has(name));
        if (!ok) return;
        if (st.kind === "symbolic") fail(n, "eval()/run() while building the graph", "그래프를 만드는 중의 eval()/run()");
        this.runNodes.add(n.compilerNode);
        this.runs.push(this.parseRun(n, this.runAt(n, st), true));
      });
    }
  }

  private classifyWith(st: RStmt): void {
    const w = this.withStmts.get(st.index)!;
    const fv = freeVars(w.body.compilerNode, (n) => this.runNodes.has(n) || this.evalReceivers.has(n) || this.feedDeclNodes.has(n));
    for (const u of fv.uses.keys()) st.uses.add(u);
    this.checkHostUses(st, fv.uses);
  }

  /** A host statement may not read graph tensors (they will not exist), sessions (gone) or train ops. */
  private checkHostUses(st: RStmt, uses: Map<string, ts.Identifier[]>): void {
    for (const [name, ids] of uses) {
      const what = this.placeholders.has(name) ? "placeholder" : this.symDefs.has(name) ? "graph tensor" : this.trains.has(name) ? "train op"
        : this.optimizers.has(name) ? "optimizer"
        : this.inits.has(name) ? "initializer op" : this.sessions.has(name) && !this.sessionUseOk(ids) ? "session" : null;
      if (!what) continue;
      const id = ids[0];
      const at = this.ctx.sf.getDescendantAtPos(id.getStart()) ?? st.node;
      const line = this.ctx.sf.getLineAndColumnAtPos(id.getStart()).line;
      const whatKo = { placeholder: "플레이스홀더", "graph tensor": "그래프 텐서", "train op": "학습 연산", "initializer op": "초기화 연산", session: "세션", optimizer: "옵티마이저" }[what];
      if (what === "optimizer") {
        fail(at, `the TF1 optimizer '${name}' is used outside minimize() (line ${line}); its TF1 methods do not exist on the Keras optimizer it becomes. Rewrite that use by hand.`,
          `TF1 옵티마이저 '${name}'을(를) minimize() 밖에서 씁니다 (${line}행). 바뀐 Keras 옵티마이저에는 그 TF1 메서드가 없습니다. 그 부분을 직접 바꾸세요.`);
      }
      fail(at, `the ${what} '${name}' is used outside Session.run (line ${line}); after the rewrite it would not exist. Fetch it with sess.run, or keep the program in TF1 style.`,
        `${whatKo} '${name}'을(를) Session.run 밖에서 씁니다 (${line}행). 바꾸고 나면 없는 이름이 됩니다. sess.run으로 값을 받거나 TF1 방식으로 두세요.`);
    }
  }

  /** Session identifiers may appear as `sess.close()` (and `.run`, pruned already). */
  private sessionUseOk(ids: ts.Identifier[]): boolean {
    return ids.every((id) => {
      const p = id.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === id && (p.name.text === "close" || p.name.text === "with" || p.name.text === "as_default") && ts.isCallExpression(p.parent)) {
        return p.name.text === "close" ? ts.isExpressionStatement(p.parent.parent) : true;
      }
      return false;
    });
  }

  private hasRandom(n: Node): boolean {
    let found = false;
    n.forEachDescendant((d, tr) => {
      if (Node.isArrowFunction(d) || Node.isFunctionExpression(d)) { tr.skip(); return; }
      if (Node.isCallExpression(d)) {
        const p = calleePath(d, this.ctx.names);
        if (p && RANDOM_PATHS.test(p.path)) { found = true; tr.stop(); }
      }
    });
    return found;
  }

  private containsRun(n: Node): boolean {
    let found = false;
    n.forEachDescendant((d, tr) => { if (this.runNodes.has(d.compilerNode)) { found = true; tr.stop(); } });
    return found;
  }

  /** Loops/ifs/assignments that only compute graph values (no calls except tf ops and tensor methods). */
  private isPureGraph(n: Node): boolean {
    let ok = true;
    n.forEachDescendant((d, tr) => {
      if (Node.isCallExpression(d)) {
        const callee = d.getExpression();
        const p = calleePath(d, this.ctx.names);
        if (p) return;
        if (Node.isPropertyAccessExpression(callee) && /^(console|process)$/.test(callee.getExpression().getText())) { ok = false; tr.stop(); }
      }
    });
    return ok;
  }

  private checkGraphState(n: Node): void {
    n.forEachDescendant((d, tr) => {
      if (this.runNodes.has(d.compilerNode) || this.feedDeclNodes.has(d.compilerNode)) { tr.skip(); return; }
      if (!Node.isPropertyAccessExpression(d)) return;
      const par = d.getParent();
      if (par && Node.isPropertyAccessExpression(par) && par.getExpression() === d) return;
      const p = this.path(d);
      if (p?.v1 && GRAPH_STATE_PATHS.test(p.path)) {
        fail(d, `tf.compat.v1.${p.path} depends on TF1's graph state`, `tf.compat.v1.${p.path}은(는) TF1의 그래프 상태에 의존합니다`);
      }
      if (p?.v1 && (p.path === "placeholder" || p.path === "placeholder_with_default" || p.path === "Session" || p.path === "InteractiveSession" || p.path.startsWith("train."))) {
        fail(d, `tf.compat.v1.${p.path} inside an expression`, `식 안의 tf.compat.v1.${p.path}`);
      }
    });
  }

  // ------------------------------------------------ planning
  /** Statements (region indices) that compute `names`, the placeholders they read, and the names they read that stay outside. */
  private slice(names: Iterable<string>): { stmts: Set<number>; phs: Set<string>; outer: Set<string> } {
    const stmts = new Set<number>();
    const phs = new Set<string>();
    const outer = new Set<string>();
    const work = [...names];
    const seen = new Set<string>();
    while (work.length) {
      const n = work.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      if (this.placeholders.has(n)) { phs.add(n); continue; }
      const defs = this.symDefs.get(n);
      if (defs) {
        for (const i of defs) {
          if (stmts.has(i)) continue;
          stmts.add(i);
          for (const u of this.stmts[i].uses) work.push(u);
        }
        continue;
      }
      outer.add(n);
    }
    return { stmts, phs, outer };
  }

  private leaves(f: Fetch, out: Extract<Fetch, { t: "leaf" }>[] = []): Extract<Fetch, { t: "leaf" }>[] {
    if (f.t === "leaf") out.push(f);
    else if (f.t === "array") f.items.forEach((i) => this.leaves(i, out));
    else f.props.forEach(([, v]) => this.leaves(v, out));
    return out;
  }

  /** Position of the region statement that defines an outer name (variables, optimizers, host declarations). */
  private outerPos(name: string): number {
    const v = this.vars.get(name);
    if (v) return Math.ceil(v.pos);
    const o = this.optimizers.get(name);
    if (o) return o.index;
    const t = [...this.trains.values()].find((x) => x.opt === name);
    if (t) return t.index;
    let pos = -1;
    for (const st of this.stmts) if (st.defs.has(name) && st.kind !== "symbolic") pos = Math.max(pos, st.index);
    return pos;
  }

  private plan(): GenFn[] {
    const fns = new Map<string, GenFn>();
    const firstInit = this.firstInitRun();
    for (const r of this.runs) {
      const leaves = this.leaves(r.fetch);
      const trains = leaves.filter((l) => l.kind === "op");
      const inits = leaves.filter((l) => l.kind === "init");
      if (inits.length) {
        if (inits.length !== leaves.length) fail(r.call, "an initializer fetched together with other values", "다른 값과 함께 fetch한 초기화 연산");
        continue;
      }
      if (trains.length > 1) fail(r.call, "several train ops in one Session.run", "한 번의 Session.run에 학습 연산이 여럿");
      const train = trains.length ? this.trains.get([...trains[0].uses][0])! : null;
      const names = new Set<string>();
      for (const l of leaves) if (l.kind !== "op") for (const u of l.uses) names.add(u);
      if (train) {
        for (const u of train.lossUses) names.add(u);
        for (const u of train.varListUses) names.add(u);
      }
      const sl = this.slice(names);
      const fed = new Map(r.feeds.map((f) => [f.ph.ident, f]));
      const params: Placeholder[] = [];
      const locals: Placeholder[] = [];
      for (const ph of [...sl.phs].map((n) => this.placeholders.get(n)!).sort((a, b) => a.index - b.index)) {
        if (fed.has(ph.ident)) params.push(ph);
        else if (ph.def !== null) locals.push(ph);
        else fail(r.call, `Session.run needs the placeholder '${ph.ident}' but does not feed it (TF1 raises here too)`, `Session.run에 플레이스홀더 '${ph.ident}'이(가) 필요한데 값을 넣지 않습니다 (TF1에서도 오류입니다)`);
      }
      for (const o of sl.outer) if (this.trains.has(o) || this.inits.has(o)) fail(r.call, `the fetch reads the op '${o}' as a value`, `fetch가 연산 '${o}'을(를) 값으로 읽습니다`);
      const needsFn = !!train || sl.stmts.size > 0 || sl.phs.size > 0 || leaves.some((l) => this.hasRandom(l.node));
      if (!needsFn) { (r as Run & { direct?: boolean }).direct = true; continue; }
      const key = `${this.fetchKey(r.fetch)}|${params.map((p) => p.ident).join(",")}|${locals.map((p) => p.ident).join(",")}`;
      let fn = fns.get(key);
      if (!fn) {
        const stmts = [...sl.stmts].sort((a, b) => a - b).map((i) => this.stmts[i]);
        const deps = new Set<string>(sl.outer);
        if (train) deps.add(train.opt);
        for (const ph of locals) if (ph.def) for (const u of freeVars(this.ctx.sf.getDescendantAtPos(ph.node.getStart())!.compilerNode).uses.keys()) void u;
        fn = {
          name: this.fnName(r.fetch, !!train), key, params, locals, stmts, fetch: r.fetch, train, deps, firstAt: r.at, insertAt: 0,
          signature: params.every((p) => p.shape !== null),
        };
        fns.set(key, fn);
      }
      fn.firstAt = Math.min(fn.firstAt, r.at);
      (r as Run & { fn?: GenFn }).fn = fn;
    }
    void firstInit;
    // Placement: after every outer dependency, preferably where the session was created.
    const sessionAt = this.stmts.find((s) => s.kind === "session" || s.kind === "with")?.index ?? -1;
    for (const fn of fns.values()) {
      let after = -1;
      for (const d of fn.deps) after = Math.max(after, this.outerPos(d));
      for (const st of fn.stmts) after = Math.max(after, st.index);
      for (const p of fn.params) after = Math.max(after, p.index);
      let at = after + 1;
      if (sessionAt >= at && sessionAt <= fn.firstAt) at = sessionAt;
      if (at > fn.firstAt) {
        fail(this.runs.find((r) => (r as Run & { fn?: GenFn }).fn === fn)!.call, "the graph is still being built after it is first run", "처음 실행한 뒤에도 그래프를 계속 만듭니다");
      }
      fn.insertAt = at;
    }
    return [...fns.values()].sort((a, b) => a.insertAt - b.insertAt || a.firstAt - b.firstAt);
  }

  private firstInitRun(): Run | null {
    return this.runs.find((r) => this.leaves(r.fetch).every((l) => l.kind === "init")) ?? null;
  }

  private fetchKey(f: Fetch): string {
    if (f.t === "leaf") return f.text.replace(/\s+/g, "");
    if (f.t === "array") return `[${f.items.map((i) => this.fetchKey(i)).join(",")}]`;
    return `{${f.props.map(([k, v]) => `${k}:${this.fetchKey(v)}`).join(",")}}`;
  }

  private fnName(f: Fetch, train: boolean): string {
    if (train) return this.ctx.fresh("train_step");
    const names = this.leaves(f).filter((l) => l.kind === "tensor").map((l) => (Node.isIdentifier(l.node) ? l.text : "value"));
    const uniq = [...new Set(names)];
    const base = uniq.length && uniq.length <= 3 ? `compute_${uniq.join("_")}` : "compute_fetches";
    return this.ctx.fresh(base);
  }

  // ------------------------------------------------ emission
  private fetchExpr(f: Fetch): string {
    if (f.t === "leaf") return f.kind === "op" || f.kind === "init" ? "null" : f.text;
    if (f.t === "array") return `[${f.items.map((i) => this.fetchExpr(i)).join(", ")}]`;
    return `{ ${f.props.map(([k, v]) => {
      const e = this.fetchExpr(v);
      return e === k ? k : `${k}: ${e}`;
    }).join(", ")} }`;
  }

  private onlyOps(f: Fetch): boolean { return this.leaves(f).every((l) => l.kind === "op"); }

  /** Text of a moved statement at indentation `to`. */
  private moved(st: RStmt, to: string): string {
    const span = lineSpan(this.ctx, st.node);
    const text = this.ctx.edits.render(span.textStart, span.textEnd);
    const from = this.ctx.indentAt(st.node.getStart());
    return reindent(text, from, to, hasMultilineTemplate(st.node));
  }

  private fnText(fn: GenFn): string {
    const tf = this.tf;
    const I = this.indent, U = this.ctx.indentUnit, NL = "\n";
    const ty = (t: string) => (this.ts ? `: ${t}` : "");
    const params = fn.params.map((p) => `${p.ident}${ty(`${tf}.Tensor`)}`).join(", ");
    const lines: string[] = [];
    const localLines = (ind: string) => fn.locals.map((p) => `${ind}const ${p.ident} = ${tf}.convert_to_tensor(${p.def});`);
    const ret = this.onlyOps(fn.fetch) ? null : this.fetchExpr(fn.fetch);
    if (!fn.train) {
      lines.push(...localLines(I + U));
      for (const st of fn.stmts) lines.push(this.moved(st, I + U));
      if (ret !== null) lines.push(`${I + U}return ${ret};`);
    } else {
      const t = fn.train;
      const tape = this.ctx.local("tape");
      const vars = this.ctx.local("variables");
      const grads = this.ctx.local("gradients");
      const lossName = t.lossIsName ? t.loss : this.ctx.local("loss_value");
      // Names the code after the tape needs from inside it.
      const defined = new Set<string>();
      for (const st of fn.stmts) for (const d of st.defs) defined.add(d);
      for (const p of fn.locals) defined.add(p.ident);
      const bind = new Set<string>();
      if (t.lossIsName && defined.has(lossName)) bind.add(lossName);
      for (const l of this.leaves(fn.fetch)) if (l.kind !== "op") for (const u of l.uses) if (defined.has(u)) bind.add(u);
      for (const u of t.varListUses) if (defined.has(u)) bind.add(u);
      const inner: string[] = [...localLines(I + U + U)];
      for (const st of fn.stmts) inner.push(this.moved(st, I + U + U));
      if (!t.lossIsName) { inner.push(`${I + U + U}const ${lossName} = ${t.loss};`); bind.add(lossName); }
      const bound = [...bind];
      let head: string;
      if (bound.length === 0) {
        // The loss needs nothing computed in the function (it reads variables or fed values directly).
        head = `${I + U}const ${lossName} = ${tape}.record(() => ${t.loss});`;
      } else if (bound.length === 1) {
        head = `${I + U}const ${bound[0]} = ${tape}.record(() => {${NL}${inner.join(NL)}${NL}${I + U + U}return ${bound[0]};${NL}${I + U}});`;
      } else {
        head = `${I + U}const { ${bound.join(", ")} } = ${tape}.record(() => {${NL}${inner.join(NL)}${NL}${I + U + U}return { ${bound.join(", ")} };${NL}${I + U}});`;
      }
      const varList = t.varList ?? `[${this.trainableFor(t).join(", ")}]`;
      lines.push(`${I + U}const ${tape} = new ${tf}.GradientTape();`);
      lines.push(head);
      lines.push(`${I + U}const ${vars} = ${varList};`);
      lines.push(`${I + U}const ${grads} = ${tape}.gradient(${lossName}, ${vars});`);
      lines.push(`${I + U}${t.opt}.apply_gradients(${grads}.map((g${ty(`${tf}.Tensor`)}, i${ty("number")}) => [g, ${vars}[i]]));`);
      if (t.globalStep) lines.push(`${I + U}${t.globalStep}.assign_add(1);`);
      if (ret !== null) lines.push(`${I + U}return ${ret};`);
    }
    const sig = fn.signature && fn.params.length
      ? `, { input_signature: [${fn.params.map((p) => `new ${tf}.TensorSpec(${p.shape}, ${p.dtype}${p.tfName.startsWith("?") || p.tfName.startsWith("Placeholder") ? "" : `, ${JSON.stringify(p.tfName)}`})`).join(", ")}] }`
      : "";
    return `${I}const ${fn.name} = ${tf}.function((${params}) => {${NL}${lines.join(NL)}${NL}${I}}${sig});${NL}`;
  }

  /** Trainable variables the loss depends on, in creation order. */
  private trainableFor(t: Train): string[] {
    const reached = new Set<string>();
    const work = [...t.lossUses];
    const seenStmt = new Set<number>();
    let store = false;
    while (work.length) {
      const n = work.pop()!;
      if (reached.has(n)) continue;
      reached.add(n);
      const idxs = [...(this.symDefs.get(n) ?? [])];
      // Host code the graph calls (functions closing over variables, arrays of variables) counts too.
      for (const st of this.stmts) if (st.kind === "host" && st.defs.has(n)) idxs.push(st.index);
      for (const i of idxs) {
        if (seenStmt.has(i)) continue;
        seenStmt.add(i);
        const st = this.stmts[i];
        if (this.dynamicStmts.has(i)) store = true;
        const uses = st.kind === "host" ? freeVars(st.node.compilerNode).uses.keys() : st.uses.values();
        for (const u of uses) work.push(u);
        for (const u of st.uses) work.push(u);
      }
    }
    const vars = [...this.vars.values()].filter((v) => v.trainable && reached.has(v.ident)).sort((a, b) => a.pos - b.pos).map((v) => v.ident);
    if (store) vars.push(`...[...${this.storeMap}.values()].filter((v) => v.trainable)`);
    if (!vars.length) fail(t.node, "no trainable variable reaches the loss", "손실에 닿는 학습 가능한 변수가 없습니다");
    return vars;
  }

  private callArgs(r: Run, fn: GenFn): string[] {
    return fn.params.map((p) => this.argFor(r.feeds.find((f) => f.ph.ident === p.ident)!, fn.signature));
  }

  private callSite(r: Run, fn: GenFn): string {
    const call = `${fn.name}(${this.callArgs(r, fn).join(", ")})`;
    return this.toNumpy(call, r.fetch);
  }

  private argFor(f: Feed, signature: boolean): string {
    const conv = `${this.tf}.constant(${f.value}, ${f.ph.dtype})`;
    if (!this.ctx.checker) return conv;
    let type: Type;
    try { type = f.node.getType(); } catch { return conv; }
    if (type.isAny() || type.isUnknown()) return conv;
    const sym = type.getSymbol()?.getName();
    if (sym === "Tensor") return f.value;
    const numeric = (t: typeof type): boolean => t.isNumber() || t.isNumberLiteral() || t.isBoolean() || t.isBooleanLiteral() ||
      (t.isArray() && numeric(t.getArrayElementTypeOrThrow())) || (t.isUnion() && t.getUnionTypes().every(numeric));
    if (signature && numeric(type)) return f.value;
    return conv;
  }

  private helperName: string | null = null;
  /** A fetched name that holds a list/dict of tensors (`const fetches = [loss, acc]`). */
  private isStruct(f: Fetch): boolean {
    if (f.t !== "leaf" || !Node.isIdentifier(f.node)) return false;
    for (const i of this.symDefs.get(f.node.getText()) ?? []) {
      const st = this.stmts[i].node;
      if (!Node.isVariableStatement(st)) return true;
      for (const d of st.getDeclarations()) {
        const init = d.getInitializer();
        if (init && (Node.isArrayLiteralExpression(unwrap(init)) || Node.isObjectLiteralExpression(unwrap(init)))) return true;
      }
    }
    return false;
  }

  private toNumpy(expr: string, f: Fetch): string {
    const tf = this.tf;
    const structs = this.leaves(f).some((l) => this.isStruct(l));
    if (f.t === "leaf" && !structs) return f.kind === "op" ? expr : `${expr}.numpy()`;
    if (structs) {
      this.helperName ??= this.ctx.fresh("numpy_values");
      return `${this.helperName}(${expr})`;
    }
    if (f.t === "array" && f.items.every((i) => i.t === "leaf")) {
      const ops = f.items.some((i) => i.t === "leaf" && i.kind === "op");
      if (!ops) return `${expr}.map((t${this.ts ? `: ${tf}.Tensor` : ""}) => t.numpy())`;
      return `${expr}.map((t${this.ts ? `: ${tf}.Tensor | null` : ""}) => t && t.numpy())`;
    }
    this.helperName ??= this.ctx.fresh("numpy_values");
    return `${this.helperName}(${expr})`;
  }

  private directValue(f: Fetch): string {
    if (f.t === "leaf") {
      const t = Node.isIdentifier(f.node) || isAtomicText(f.node) ? f.text : `(${f.text})`;
      return `${t}.numpy()`;
    }
    if (f.t === "array") return `[${f.items.map((i) => this.directValue(i)).join(", ")}]`;
    return `{ ${f.props.map(([k, v]) => `${k}: ${this.directValue(v)}`).join(", ")} }`;
  }

  private removeStmt(st: RStmt): void {
    const span = lineSpan(this.ctx, st.node);
    this.ctx.edits.remove(span.start, span.end);
    this.removals.add(st.index);
  }

  private emit(fns: GenFn[]): void {
    const ctx = this.ctx;
    const tf = this.tf;
    // Function texts first: they render the moved statements before those are removed.
    const fnTexts = new Map(fns.map((f) => [f, this.fnText(f)]));
    // Run calls.
    const firstInit = this.firstInitRun();
    for (const r of this.runs) {
      const leaves = this.leaves(r.fetch);
      if (leaves.length && leaves.every((l) => l.kind === "init")) {
        this.emitInitRun(r, r === firstInit);
        continue;
      }
      const fn = (r as Run & { fn?: GenFn }).fn;
      if (!fn) {
        ctx.replace(r.call, this.directValue(r.fetch));
        ctx.report(r.call, "INFO", "run-direct", M.runToValue());
        continue;
      }
      const parent = r.call.getParent();
      const unused = !!parent && Node.isExpressionStatement(parent);
      ctx.replace(r.call, unused ? `${fn.name}(${this.callArgs(r, fn).join(", ")})` : this.callSite(r, fn));
      ctx.report(r.call, "INFO", "run", r.viaEval ? M.evalToCall(fn.name) : M.runToCall(fn.name, r.feeds.length > 0));
    }
    // Statements.
    for (const st of this.stmts) {
      for (const h of st.hoisted) {
        const span = lineSpan(ctx, st.node);
        ctx.edits.insert(span.start, `${this.indent}${h}\n`);
      }
      switch (st.kind) {
        case "placeholder": {
          const ph = [...this.placeholders.values()].find((p) => p.index === st.index)!;
          const users = fns.filter((f) => f.params.includes(ph) || f.locals.includes(ph)).map((f) => f.name);
          ctx.report(st.node, "INFO", "placeholder", users.length ? M.placeholderToParam(ph.ident, users) : M.placeholderUnused(ph.ident));
          this.removeStmt(st);
          break;
        }
        case "session":
          ctx.report(st.node, "INFO", "session", M.sessionRemoved(st.node.getText().includes("InteractiveSession") ? "InteractiveSession" : "Session"));
          this.removeStmt(st);
          break;
        case "init":
          this.removeStmt(st);
          break;
        case "symbolic":
          this.removeStmt(st);
          break;
        case "drop":
          break; // decided for the whole file
        case "optimizer":
          ctx.edits.replace(st.node.getStart(), st.node.getEnd(), st.replacement!);
          break;
        case "train": {
          const t = [...this.trains.values()].find((x) => x.index === st.index)!;
          if (t.inlineOpt) {
            const decl = st.node as never as { getDeclarationKind(): string };
            ctx.edits.replace(st.node.getStart(), st.node.getEnd(), `${decl.getDeclarationKind()} ${t.opt} = ${t.inlineOpt};`);
          } else this.removeStmt(st);
          break;
        }
        case "with":
          this.unwrapWith(st);
          break;
        default:
          break;
      }
    }
    // Feed consts (read at each run).
    for (const stmt of this.feedDecls.keys()) {
      const span = lineSpan(ctx, stmt);
      ctx.edits.remove(span.start, span.end);
    }
    // sess.close() statements anywhere in the region.
    for (const st of this.stmts) {
      st.node.forEachDescendant((n) => {
        if (!Node.isExpressionStatement(n)) return;
        const e = n.getExpression();
        if (Node.isCallExpression(e) && Node.isPropertyAccessExpression(e.getExpression())) {
          const pa = e.getExpression() as never as { getName(): string; getExpression(): Node };
          if (pa.getName() === "close" && this.isSessionExpr(pa.getExpression())) {
            const span = lineSpan(ctx, n);
            ctx.edits.remove(span.start, span.end);
            ctx.report(n, "INFO", "session-close", M.sessionClosed());
          }
        }
      });
      if (Node.isExpressionStatement(st.node)) {
        const e = st.node.getExpression();
        if (Node.isCallExpression(e) && Node.isPropertyAccessExpression(e.getExpression())) {
          const pa = e.getExpression() as never as { getName(): string; getExpression(): Node };
          if (pa.getName() === "close" && this.isSessionExpr(pa.getExpression())) {
            const span = lineSpan(ctx, st.node);
            ctx.edits.remove(span.start, span.end);
            ctx.report(st.node, "INFO", "session-close", M.sessionClosed());
          }
        }
      }
    }
    // Generated functions.
    const byPos = new Map<number, GenFn[]>();
    for (const fn of fns) {
      const l = byPos.get(fn.insertAt) ?? [];
      l.push(fn);
      byPos.set(fn.insertAt, l);
    }
    for (const [at, list] of byPos) {
      const text = list.map((f) => fnTexts.get(f)!).join("\n");
      const target = this.stmts[at];
      if (target) {
        const span = lineSpan(ctx, target.node);
        ctx.edits.insert(span.start, text + "\n");
      } else {
        const last = this.stmts[this.stmts.length - 1];
        const span = lineSpan(ctx, last.node);
        ctx.edits.insert(span.end, (ctx.text.slice(span.end - 1, span.end) === "\n" ? "\n" : "\n\n") + text);
      }
    }
    for (const fn of fns) {
      if (fn.train) {
        const t = fn.train;
        const o = this.optimizers.get(t.opt);
        void o;
      }
    }
    const helpers: string[] = [];
    if (this.storeFn) {
      const T = this.ts, U = ctx.indentUnit;
      helpers.push(
        `/**\n * TF1's variable_scope + get_variable for code that runs several times: each variable is made on\n` +
        ` * first use (inside the first trace) and shared by its scoped name "scope/.../name" after that.\n */\n` +
        `const ${this.storeMap} = new Map${T ? `<string, ${tf}.Variable>` : ""}();\n` +
        `const ${this.scopeStack}${T ? ": string[]" : ""} = [];\n` +
        `function ${this.scopeFn}${T ? "<T>" : ""}(name${T ? ": string" : ""}, fn${T ? ": () => T" : ""})${T ? ": T" : ""} {\n` +
        `${U}${this.scopeStack}.push(name);\n` +
        `${U}try {\n${U}${U}return ${tf}.name_scope(name, fn);\n${U}} finally {\n${U}${U}${this.scopeStack}.pop();\n${U}}\n}\n` +
        `function ${this.storeFn}(name${T ? ": string" : ""}, initial_value${T ? `: () => ${tf}.Tensor` : ""}, trainable = true)${T ? `: ${tf}.Variable` : ""} {\n` +
        `${U}const full = [...${this.scopeStack}, name].join("/");\n` +
        `${U}let v = ${this.storeMap}.get(full);\n` +
        `${U}if (v === undefined) {\n` +
        `${U}${U}v = new ${tf}.Variable(initial_value, { name, trainable });\n` +
        `${U}${U}${this.storeMap}.set(full, v);\n` +
        `${U}}\n` +
        `${U}return v;\n}\n`);
    }
    if (this.helperName) {
      const helper = this.ts
        ? `/** Session.run returned NDArrays (null for operations); tf.function returns tensors. */\nconst ${this.helperName} = (s: any): any => s instanceof ${tf}.Tensor ? s.numpy() : Array.isArray(s) ? s.map(${this.helperName}) : s !== null && typeof s === "object" ? Object.fromEntries(Object.entries(s).map(([k, v]) => [k, ${this.helperName}(v)])) : s;\n`
        : `/** Session.run returned NDArrays (null for operations); tf.function returns tensors. */\nconst ${this.helperName} = (s) => s instanceof ${tf}.Tensor ? s.numpy() : Array.isArray(s) ? s.map(${this.helperName}) : s !== null && typeof s === "object" ? Object.fromEntries(Object.entries(s).map(([k, v]) => [k, ${this.helperName}(v)])) : s;\n`;
      helpers.push(helper);
    }
    if (helpers.length) {
      const imports = ctx.sf.getImportDeclarations();
      const pos = imports.length ? lineSpan(ctx, imports[imports.length - 1]).end : 0;
      const text = helpers.join("\n");
      ctx.edits.insert(pos, imports.length ? `\n${text}` : `${text}\n`);
    }
  }

  private emitInitRun(r: Run, first: boolean): void {
    const ctx = this.ctx;
    const stmt = r.call.getParent();
    if (!stmt || !Node.isExpressionStatement(stmt)) fail(r.call, "the result of running an initializer is used", "초기화 연산을 실행한 결과를 씁니다");
    const isRegionLevel = this.stmts.some((s) => s.node === stmt) || [...this.withStmts.values()].some((w) => stmt!.getParent() === w.body);
    if (first && isRegionLevel) {
      const span = lineSpan(ctx, stmt!);
      ctx.edits.remove(span.start, span.end);
      ctx.report(stmt!, "INFO", "init", M.initRemoved());
      return;
    }
    // Run again: assign the initial values.
    const leaf = this.leaves(r.fetch)[0];
    let list: string[] | null = null;
    if (Node.isIdentifier(leaf.node)) list = this.inits.get(leaf.node.getText()) ?? null;
    if (this.storeFn && list === null) fail(r.call, "re-running an initializer of variables made on first use", "처음 쓸 때 만드는 변수의 초기화를 다시 실행합니다");
    const vars = (list ?? [...this.vars.keys()]).map((n) => this.vars.get(n));
    if (vars.some((v) => !v || v.init === null)) fail(r.call, "re-running an initializer of variables whose initial value is not known here", "여기서 초깃값을 알 수 없는 변수의 초기화를 다시 실행합니다");
    const ind = ctx.indentAt(stmt!.getStart());
    const text = vars.map((v, i) => `${i ? ind : ""}${v!.ident}.assign(${v!.init});`).join("\n");
    ctx.replace(stmt!, text);
    ctx.report(stmt!, "INFO", "init", M.initToAssign());
    const stateful = [...this.optimizers.values(), ...[...this.trains.values()].filter((t) => t.inlineOpt).map((t) => ({ text: t.inlineOpt! }))]
      .some((o) => !/keras\.optimizers\.SGD\((?!\{[^}]*momentum)/.test(o.text));
    if (stateful) ctx.report(stmt!, "WARNING", "init-optimizer", M.initOptimizerState());
  }

  private unwrapWith(st: RStmt): void {
    const ctx = this.ctx;
    const w = this.withStmts.get(st.index)!;
    const block = w.body as Block;
    const inner = block.getStatements();
    // Unwrap when the block declares nothing that the region declares too; keep a block otherwise.
    const regionNames = new Set<string>();
    for (const s of this.stmts) if (s !== st) for (const d of s.defs) regionNames.add(d);
    const clash = inner.some((s) => Node.isVariableStatement(s) && s.getDeclarations().some((d) => bindingNamesOf(d.getNameNode()).some((n) => regionNames.has(n))));
    const from = inner.length ? ctx.indentAt(inner[0].getStart()) : this.indent + ctx.indentUnit;
    const openEnd = block.getStart() + 1;
    const closeStart = block.getEnd() - 1;
    let body = ctx.edits.render(openEnd, closeStart);
    body = body.replace(/^[ \t]*\r?\n/, "").replace(/\s+$/, "");
    const span = lineSpan(ctx, st.node);
    ctx.report(st.node, "INFO", "session", M.sessionRemoved("Session.with"));
    if (!clash) {
      const text = body.split("\n").map((l) => (l.startsWith(from) ? this.indent + l.slice(from.length) : l.trim() ? l : "")).join("\n");
      ctx.edits.replace(span.start, span.end, text.trim() ? `${text}\n` : "");
    } else {
      ctx.edits.replace(st.node.getStart(), st.node.getEnd(), `{\n${body}\n${this.indent}}`);
    }
  }
}

/** Does a function declare (as a parameter or a top-level declaration of its body) one of `names`? */
function declaresAny(fn: Node, names: Map<string, string>): boolean {
  const f = fn as never as { getParameters(): { getNameNode(): Node }[]; getBody(): Node | undefined };
  for (const p of f.getParameters()) if (bindingNamesOf(p.getNameNode()).some((n) => names.has(n))) return true;
  const body = f.getBody();
  if (body && Node.isBlock(body)) {
    for (const st of body.getStatements()) {
      if (Node.isVariableStatement(st) && st.getDeclarations().some((d) => bindingNamesOf(d.getNameNode()).some((n) => names.has(n)))) return true;
      if (Node.isFunctionDeclaration(st) && names.has(st.getName() ?? "")) return true;
    }
  }
  return false;
}

function bindingNamesOf(n: Node): string[] {
  const out: string[] = [];
  const walk = (x: Node) => {
    if (Node.isIdentifier(x)) out.push(x.getText());
    else if (Node.isObjectBindingPattern(x) || Node.isArrayBindingPattern(x)) {
      for (const el of x.getElements()) if (Node.isBindingElement(el)) walk(el.getNameNode());
    }
  };
  walk(n);
  return out;
}

// ---------------------------------------------------------------- entry point
export function applyGraph(ctx: Ctx): void {
  const regions = findRegions(ctx);
  let ok = 0, kept = 0;
  const before = ctx.edits.snapshot();
  const entriesBefore = ctx.entries.length;
  const failed: (SourceFile | Block)[] = [];
  for (const r of regions) {
    if (new RegionMigration(ctx, r).run()) ok++;
    else { kept++; failed.push(r); }
  }
  // Graph mode is global: one graph kept in TF1 style keeps the whole file so (a migrated
  // tf.function called under disable_eager_execution would build graph tensors).
  if (kept && ok) {
    const failures = ctx.entries.slice(entriesBefore).filter((e) => e.code === "region-kept");
    ctx.edits.restore(before);
    ctx.entries.length = entriesBefore;
    ctx.entries.push(...failures);
    for (const r of regions) {
      if (failed.includes(r)) continue;
      const first = r.getStatements()[0] ?? r;
      ctx.report(first, "WARNING", "region-kept", M.regionKeptWithOthers());
    }
    ok = 0;
  }
  // disable_eager_execution & co: gone only when every graph in the file was rewritten.
  const drops: Statement[] = [];
  ctx.sf.forEachDescendant((n) => {
    if (!Node.isExpressionStatement(n)) return;
    const e = n.getExpression();
    const p = Node.isCallExpression(e) ? calleePath(e, ctx.names) : null;
    if (p?.v1 && (DISABLE_PATHS.has(p.path) || p.path === "reset_default_graph")) drops.push(n);
  });
  if (!drops.length) return;
  if (kept > 0 || (ok === 0 && regions.length === 0 && hasGraphUse(ctx))) {
    return;
  }
  for (const s of drops) {
    const span = lineSpan(ctx, s);
    ctx.edits.remove(span.start, span.end);
    const p = calleePath((s as never as { getExpression(): Node }).getExpression(), ctx.names)!;
    ctx.report(s, "INFO", "disable-eager", p.path === "reset_default_graph" ? M.resetGraphRemoved() : M.disableEagerRemoved(`${ctx.tf}.compat.v1.${p.path}`));
  }
}

/** Graph-mode API left in a file with no region (e.g. only graph tensors printed): keep graph mode then. */
function hasGraphUse(ctx: Ctx): boolean {
  let found = false;
  ctx.sf.forEachDescendant((n, tr) => {
    if (Node.isPropertyAccessExpression(n)) {
      const p = pathOf(n, ctx.names);
      if (p?.v1 && /^(placeholder|Session|InteractiveSession|get_variable|variable_scope|train\.|get_default_graph|global_variables_initializer)/.test(p.path)) { found = true; tr.stop(); }
    }
  });
  return found;
}

export type { CallExpression };
