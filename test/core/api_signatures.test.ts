/**
 * Every op of the core issue exists under its TF name, with TF 2.x's positional argument order.
 * The expected lists are TensorFlow's Python signatures (tf 2.x docs). Our positional parameters
 * must follow TF's order (a prefix of it; TF's keyword-only tail is reachable through the options
 * object, DESIGN rule 2).
 * (`var` is reserved in JavaScript, so strided_slice spells it `var_`.)
 */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";

/** Parameter names of a JS function, read from its source (defaults and rest markers stripped). */
function paramNames(fn: Function): string[] {
  const src = fn.toString();
  const open = src.indexOf("(");
  let depth = 0, end = open;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") { depth--; if (depth === 0) { end = i; break; } }
  }
  const inner = src.slice(open + 1, end);
  const parts: string[] = [];
  let cur = "", d = 0;
  for (const c of inner) {
    if (c === "(" || c === "[" || c === "{") d++;
    if (c === ")" || c === "]" || c === "}") d--;
    if (c === "," && d === 0) { parts.push(cur); cur = ""; } else cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.split("=")[0].replace("...", "").trim()).filter(Boolean);
}

const SIGS: Record<string, string[]> = {
  // creation
  constant: ["value", "dtype", "shape", "name"],
  convert_to_tensor: ["value", "dtype", "dtype_hint", "name"],
  zeros: ["shape", "dtype", "name"], ones: ["shape", "dtype", "name"],
  zeros_like: ["input", "dtype", "name"], ones_like: ["input", "dtype", "name"],
  fill: ["dims", "value", "name"],
  eye: ["num_rows", "num_columns", "batch_shape", "dtype", "name"],
  range: ["start", "limit", "delta", "dtype", "name"],
  linspace: ["start", "stop", "num", "name", "axis"],
  one_hot: ["indices", "depth", "on_value", "off_value", "axis", "dtype", "name"],
  "random.normal": ["shape", "mean", "stddev", "dtype", "seed", "name"],
  "random.uniform": ["shape", "minval", "maxval", "dtype", "seed", "name"],
  "random.truncated_normal": ["shape", "mean", "stddev", "dtype", "seed", "name"],
  "random.shuffle": ["value", "seed", "name"],
  "random.set_seed": ["seed"],
  // elementwise
  add: ["x", "y", "name"], subtract: ["x", "y", "name"], multiply: ["x", "y", "name"], divide: ["x", "y", "name"],
  floordiv: ["x", "y", "name"], truediv: ["x", "y", "name"], "math.floormod": ["x", "y", "name"], mod: ["x", "y", "name"],
  pow: ["x", "y", "name"], negative: ["x", "name"], abs: ["x", "name"], sign: ["x", "name"], sqrt: ["x", "name"],
  "math.rsqrt": ["x", "name"], square: ["x", "name"], exp: ["x", "name"], "math.log": ["x", "name"], "math.log1p": ["x", "name"],
  sin: ["x", "name"], cos: ["x", "name"], tan: ["x", "name"], tanh: ["x", "name"], sigmoid: ["x", "name"],
  "math.erf": ["x", "name"], maximum: ["x", "y", "name"], minimum: ["x", "y", "name"],
  clip_by_value: ["t", "clip_value_min", "clip_value_max", "name"],
  round: ["x", "name"], floor: ["x", "name"], "math.ceil": ["x", "name"],
  equal: ["x", "y", "name"], not_equal: ["x", "y", "name"], less: ["x", "y", "name"], less_equal: ["x", "y", "name"],
  greater: ["x", "y", "name"], greater_equal: ["x", "y", "name"],
  logical_and: ["x", "y", "name"], logical_or: ["x", "y", "name"], logical_not: ["x", "name"],
  where: ["condition", "x", "y", "name"], cast: ["x", "dtype", "name"],
  // reductions
  reduce_sum: ["input_tensor", "axis", "keepdims", "name"], reduce_mean: ["input_tensor", "axis", "keepdims", "name"],
  reduce_max: ["input_tensor", "axis", "keepdims", "name"], reduce_min: ["input_tensor", "axis", "keepdims", "name"],
  reduce_prod: ["input_tensor", "axis", "keepdims", "name"], reduce_any: ["input_tensor", "axis", "keepdims", "name"],
  reduce_all: ["input_tensor", "axis", "keepdims", "name"], reduce_logsumexp: ["input_tensor", "axis", "keepdims", "name"],
  argmax: ["input", "axis", "output_type", "name"], argmin: ["input", "axis", "output_type", "name"],
  cumsum: ["x", "axis", "exclusive", "reverse", "name"],
  "math.top_k": ["input", "k", "sorted", "index_type", "name"],
  // shapes
  reshape: ["tensor", "shape", "name"], transpose: ["a", "perm", "conjugate", "name"],
  expand_dims: ["input", "axis", "name"], squeeze: ["input", "axis", "name"], concat: ["values", "axis", "name"],
  stack: ["values", "axis", "name"], unstack: ["value", "num", "axis", "name"],
  split: ["value", "num_or_size_splits", "axis", "num", "name"], tile: ["input", "multiples", "name"],
  pad: ["tensor", "paddings", "mode", "constant_values", "name"], slice: ["input_", "begin", "size", "name"],
  strided_slice: ["input_", "begin", "end", "strides", "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask", "var_", "name"],
  gather: ["params", "indices", "validate_indices", "axis", "batch_dims", "name"],
  gather_nd: ["params", "indices", "batch_dims", "name"], boolean_mask: ["tensor", "mask", "axis", "name"],
  broadcast_to: ["input", "shape", "name"], shape: ["input", "out_type", "name"], size: ["input", "out_type", "name"],
  rank: ["input", "name"],
  // products
  matmul: ["a", "b", "transpose_a", "transpose_b", "adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse", "output_type", "name"],
  tensordot: ["a", "b", "axes", "name"], einsum: ["equation", "inputs"],
  // nn
  "nn.relu": ["features", "name"], "nn.relu6": ["features", "name"], "nn.elu": ["features", "name"], "nn.selu": ["features", "name"],
  "nn.leaky_relu": ["features", "alpha", "name"], "nn.softplus": ["features", "name"], "nn.softmax": ["logits", "axis", "name"],
  "nn.log_softmax": ["logits", "axis", "name"], "nn.sigmoid": ["x", "name"],
  "nn.dropout": ["x", "rate", "noise_shape", "seed", "name"], "nn.moments": ["x", "axes", "shift", "keepdims", "name"],
  "nn.sparse_softmax_cross_entropy_with_logits": ["labels", "logits", "name"],
  "nn.softmax_cross_entropy_with_logits": ["labels", "logits", "axis", "name"],
  "nn.sigmoid_cross_entropy_with_logits": ["labels", "logits", "name"], "nn.l2_loss": ["t", "name"],
};

function lookup(path: string): unknown {
  return path.split(".").reduce<any>((o, k) => (o == null ? undefined : o[k]), tf);
}

describe("every core op exists under its TF name with TF's argument order", () => {
  for (const [path, tfParams] of Object.entries(SIGS)) {
    it(`tf.${path}(${tfParams.join(", ")})`, () => {
      const fn = lookup(path);
      expect(typeof fn, `tf.${path} is missing`).toBe("function");
      const ours = paramNames(fn as Function);
      expect(ours.length, `tf.${path} takes no parameters`).toBeGreaterThan(0);
      // Our positional parameters are TF's, in TF's order; a final `options`/`opts` object may replace TF's keyword tail.
      const positional = ours.filter((p, i) => !(i === ours.length - 1 && /^(options|opts|kwargs)$/.test(p)));
      expect(positional, `tf.${path} parameters`).toEqual(tfParams.slice(0, positional.length));
    });
  }
});

describe("math aliases resolve to the same function", () => {
  it("tf.math.* aliases", () => {
    for (const n of ["add", "subtract", "multiply", "divide", "abs", "exp", "log", "sqrt", "maximum", "minimum", "equal", "reduce_sum", "argmax"]) {
      expect(typeof lookup(`math.${n}`), `tf.math.${n}`).toBe("function");
    }
  });
});
