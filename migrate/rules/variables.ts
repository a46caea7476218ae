/**
 * `tf.compat.v1.get_variable(name, shape, dtype, initializer, ...)` -> `new tf.Variable(<initial
 * value>, { name })`: the v1 initializer becomes the expression that builds the initial value
 * (`zeros_initializer()` -> `tf.zeros(shape)`, `random_normal_initializer(0, 0.1)` ->
 * `tf.random.normal(shape, { stddev: 0.1 })`, ...).
 */
import { Node, CallExpression } from "ts-morph";
import { Ctx } from "../context";
import { calleePath, unwrap } from "../tfnames";
import { parseArgs, renderOptions } from "./renames";

export const GET_VARIABLE_ARGS = [
  "name", "shape", "dtype", "initializer", "regularizer", "trainable", "collections", "caching_device", "partitioner",
  "validate_shape", "use_resource", "custom_getter", "constraint", "synchronization", "aggregation",
];
const IGNORED = new Set(["validate_shape", "use_resource", "caching_device", "synchronization", "aggregation"]);

export interface VarConversion {
  /** The `new tf.Variable(...)` expression. */
  text: string;
  /** The initial-value expression (used again when an initializer is re-run). */
  init: string;
  trainable: boolean;
  /** The variable's full (scoped) name when it is a literal, else null. */
  fullName: string | null;
  /** The literal local name (`W`), else null. */
  localName: string | null;
}

export interface ConvertFail { fail: string }

/** Initializer name -> its positional parameters (TF1). */
const INITIALIZERS: Record<string, string[]> = {
  zeros_initializer: ["dtype"],
  ones_initializer: ["dtype"],
  constant_initializer: ["value", "dtype", "verify_shape"],
  random_normal_initializer: ["mean", "stddev", "seed", "dtype"],
  random_uniform_initializer: ["minval", "maxval", "seed", "dtype"],
  truncated_normal_initializer: ["mean", "stddev", "seed", "dtype"],
  glorot_uniform_initializer: ["seed", "dtype"],
  glorot_normal_initializer: ["seed", "dtype"],
  variance_scaling_initializer: ["scale", "mode", "distribution", "seed", "dtype"],
};
const INIT_ALIASES: Record<string, string> = {
  "initializers.zeros": "zeros_initializer", "initializers.ones": "ones_initializer",
  "initializers.constant": "constant_initializer", "initializers.random_normal": "random_normal_initializer",
  "initializers.random_uniform": "random_uniform_initializer", "initializers.truncated_normal": "truncated_normal_initializer",
  "initializers.glorot_uniform": "glorot_uniform_initializer", "initializers.glorot_normal": "glorot_normal_initializer",
  "initializers.variance_scaling": "variance_scaling_initializer",
};

/** The initial-value expression for `initializer` (a node, or null for TF1's default) at `shape`. */
export function initialValue(ctx: Ctx, initializer: Node | null, shape: string | null, dtype: string | null): string | ConvertFail {
  const tf = ctx.tf;
  if (initializer === null) {
    if (shape === null) return { fail: "get_variable without a shape or an initial value" };
    return `new ${tf}.keras.initializers.GlorotUniform()(${shape}${dtype ? `, ${dtype}` : ""})`;
  }
  const node = unwrap(initializer as never) as Node;
  const p = calleePath(node, ctx.names);
  const kind = p && p.v1 ? (INIT_ALIASES[p.path] ?? p.path) : null;
  if (kind && INITIALIZERS[kind] && Node.isCallExpression(node)) {
    if (shape === null) return { fail: `${kind} needs the variable's shape` };
    const parsed = parseArgs(ctx, (node as CallExpression).getArguments());
    if (!parsed) return { fail: `the arguments of ${kind} cannot be read` };
    const params = INITIALIZERS[kind];
    if (parsed.positional.length > params.length) return { fail: `too many arguments for ${kind}` };
    const a: Record<string, string> = {};
    parsed.positional.forEach((t, i) => { if (t.text !== "undefined") a[params[i]] = t.text; });
    for (const [k, v] of Object.entries(parsed.options ?? {})) {
      if (!params.includes(k)) return { fail: `${kind} has no argument ${k}` };
      a[k] = v.text;
    }
    const d = dtype ?? a.dtype ?? null;
    const opt = (keys: string[]) => {
      const o: Record<string, string> = {};
      for (const k of keys) if (a[k] !== undefined && a[k] !== "null") o[k] = a[k];
      if (d) o.dtype = d;
      return Object.keys(o).length ? `, ${renderOptions(o)}` : "";
    };
    switch (kind) {
      case "zeros_initializer": return `${tf}.zeros(${shape}${d ? `, ${d}` : ""})`;
      case "ones_initializer": return `${tf}.ones(${shape}${d ? `, ${d}` : ""})`;
      case "constant_initializer": return `${tf}.constant(${a.value ?? "0"}, ${d ?? `${tf}.float32`}, ${shape})`;
      case "random_normal_initializer": return `${tf}.random.normal(${shape}${opt(["mean", "stddev", "seed"])})`;
      case "random_uniform_initializer": return `${tf}.random.uniform(${shape}${opt(["minval", "maxval", "seed"])})`;
      case "truncated_normal_initializer": return `${tf}.random.truncated_normal(${shape}${opt(["mean", "stddev", "seed"])})`;
      case "glorot_uniform_initializer":
      case "glorot_normal_initializer": {
        const cls = kind === "glorot_uniform_initializer" ? "GlorotUniform" : "GlorotNormal";
        const seed = a.seed && a.seed !== "null" ? renderOptions({ seed: a.seed }) : "";
        return `new ${tf}.keras.initializers.${cls}(${seed})(${shape}${d ? `, ${d}` : ""})`;
      }
      case "variance_scaling_initializer": {
        const o: Record<string, string> = {};
        for (const k of ["scale", "mode", "distribution", "seed"]) if (a[k] !== undefined) o[k] = a[k];
        return `new ${tf}.keras.initializers.VarianceScaling(${Object.keys(o).length ? renderOptions(o) : ""})(${shape}${d ? `, ${d}` : ""})`;
      }
    }
  }
  // A value (tensor, array, number): TF1 takes it as the initial value itself.
  if (p && p.v1) return { fail: `the initializer ${node.getText()} is not supported` };
  if (Node.isIdentifier(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
    return { fail: `the initializer ${node.getText()} is not a known TF1 initializer` };
  }
  if (shape !== null) return { fail: "a value initializer together with a shape" };
  const v = ctx.render(node);
  return dtype ? `${tf}.cast(${v}, ${dtype})` : v;
}

/**
 * Converts a get_variable call. `scope` is the enclosing variable scope's full name ("" at the
 * root) and `scopeInit` its default initializer.
 */
export function convertGetVariable(ctx: Ctx, call: CallExpression, scope: string, scopeInit: Node | null): VarConversion | ConvertFail {
  const parsed = parseArgs(ctx, call.getArguments());
  if (!parsed) return { fail: "its arguments use a spread" };
  const a: Record<string, { text: string; node: Node | null }> = {};
  if (parsed.positional.length > GET_VARIABLE_ARGS.length) return { fail: "too many arguments" };
  parsed.positional.forEach((t, i) => { a[GET_VARIABLE_ARGS[i]] = { text: t.text, node: t.node }; });
  for (const [k, v] of Object.entries(parsed.options ?? {})) {
    if (!GET_VARIABLE_ARGS.includes(k)) return { fail: `unknown argument ${k}` };
    a[k] = { text: v.text, node: v.node };
  }
  for (const k of Object.keys(a)) {
    if (a[k].text === "undefined" || a[k].text === "null") { delete a[k]; continue; }
    if (["regularizer", "collections", "partitioner", "custom_getter", "constraint"].includes(k)) return { fail: `argument ${k} (no tf.Variable equivalent)` };
    if (IGNORED.has(k)) delete a[k];
  }
  if (!a.name) return { fail: "no name" };
  const nameNode = a.name.node;
  let localName: string | null = null;
  if (nameNode && (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode))) localName = nameNode.getLiteralValue();
  const fullName = localName === null ? null : scope ? `${scope}/${localName}` : localName;
  if (scope && fullName === null) return { fail: "a computed variable name inside a variable_scope" };
  const init = initialValue(ctx, a.initializer?.node ?? scopeInit, a.shape?.text ?? null, a.dtype?.text ?? null);
  if (typeof init !== "string") return init;
  const opts: Record<string, string> = { name: fullName !== null ? JSON.stringify(fullName) : a.name.text };
  let trainable = true;
  if (a.trainable) {
    opts.trainable = a.trainable.text;
    trainable = a.trainable.text !== "false";
  }
  return { text: `new ${ctx.tf}.Variable(${init}, ${renderOptions(opts)})`, init, trainable, fullName, localName };
}
