/**
 * TF1 optimizers -> Keras optimizers, with TF1's positional order read and the arguments renamed
 * (`beta1` -> `beta_1`, `decay` -> `rho`, `use_nesterov` -> `nesterov`). Where TF1's default
 * differs from Keras's and changes the numbers (epsilon), TF1's value is passed explicitly and the
 * report says so.
 */
import { NewExpression } from "ts-morph";
import { Ctx } from "../context";
import { parseArgs, renderOptions } from "./renames";
import * as M from "../messages";

interface OptSpec {
  keras: string;
  /** TF1's positional parameters. */
  args: string[];
  /** TF1 keyword -> Keras keyword (null: dropped). */
  rename: Record<string, string | null>;
  /** Keyword -> [TF1 default, Keras default] where they differ and matter. */
  explicit?: Record<string, [string, string]>;
}

export const OPTIMIZERS: Record<string, OptSpec> = {
  GradientDescentOptimizer: { keras: "SGD", args: ["learning_rate", "use_locking", "name"], rename: { use_locking: null } },
  MomentumOptimizer: {
    keras: "SGD", args: ["learning_rate", "momentum", "use_locking", "name", "use_nesterov"],
    rename: { use_locking: null, use_nesterov: "nesterov" },
  },
  AdamOptimizer: {
    keras: "Adam", args: ["learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"],
    rename: { beta1: "beta_1", beta2: "beta_2", use_locking: null }, explicit: { epsilon: ["1e-8", "1e-7"] },
  },
  RMSPropOptimizer: {
    keras: "RMSprop", args: ["learning_rate", "decay", "momentum", "epsilon", "use_locking", "centered", "name"],
    rename: { decay: "rho", use_locking: null }, explicit: { epsilon: ["1e-10", "1e-7"] },
  },
  AdagradOptimizer: {
    keras: "Adagrad", args: ["learning_rate", "initial_accumulator_value", "use_locking", "name"],
    rename: { use_locking: null }, explicit: { epsilon: ["0", "1e-7"] },
  },
  AdadeltaOptimizer: {
    keras: "Adadelta", args: ["learning_rate", "rho", "epsilon", "use_locking", "name"],
    rename: { use_locking: null }, explicit: { epsilon: ["1e-8", "1e-7"] },
  },
};

export interface KerasOptimizer {
  /** `new tf.keras.optimizers.Adam({ ... })` */
  text: string;
  cls: string;
  /** Identifiers the arguments read (for placement). */
  v1: string;
}

/** Translates `new tf.compat.v1.train.<X>(...)`; null (with a report entry) when it cannot. */
export function kerasOptimizer(ctx: Ctx, expr: NewExpression, v1Name: string): KerasOptimizer | null {
  const spec = OPTIMIZERS[v1Name];
  if (!spec) return null;
  const parsed = parseArgs(ctx, expr.getArguments());
  if (!parsed) return null;
  const named: Record<string, string> = {};
  if (parsed.positional.length > spec.args.length) return null;
  parsed.positional.forEach((t, i) => { named[spec.args[i]] = t.text; });
  for (const [k, v] of Object.entries(parsed.options ?? {})) {
    if (!spec.args.includes(k)) return null;
    named[k] = v.text;
  }
  const cls = `${ctx.tf}.keras.optimizers.${spec.keras}`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(named)) {
    const to = k in spec.rename ? spec.rename[k] : k;
    if (to === null) { if (k === "use_locking") ctx.report(expr, "INFO", "optimizer-arg", M.useLockingDropped()); continue; }
    if (to !== k) ctx.report(expr, "INFO", "optimizer-arg", M.optimizerArg(k, to, cls));
    out[to] = v;
  }
  if (v1Name === "MomentumOptimizer" && out.momentum === undefined) return null; // required in TF1
  for (const [k, [v1Default, kerasDefault]] of Object.entries(spec.explicit ?? {})) {
    if (out[k] === undefined) {
      out[k] = v1Default;
      ctx.report(expr, "INFO", "epsilon", M.epsilonNoted(cls, v1Default, kerasDefault));
    }
  }
  if (v1Name === "RMSPropOptimizer") ctx.report(expr, "WARNING", "rmsprop", M.rmspropInit());
  // Keras's SGD defaults to 0.01, TF1's needs a rate: always pass it.
  const keys = Object.keys(out);
  const args = keys.length === 1 && keys[0] === "learning_rate" ? out.learning_rate : renderOptions(out);
  ctx.report(expr, "INFO", "optimizer", M.optimizer(`${ctx.tf}.compat.v1.train.${v1Name}`, cls));
  return { text: `new ${cls}(${args})`, cls, v1: v1Name };
}
