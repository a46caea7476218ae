/**
 * Memory: `tf.memory()`, `tf.tidy(fn)`, `tf.keep(t)`, `tf.dispose(x)`.
 *
 * Nobody has to call any of these (DESIGN "Memory"): cpu storage is a garbage-collected typed
 * array, and tf.function, Session.run and tape.gradient free their own intermediates as soon as
 * they are done. They exist for those who want deterministic control and for device backends,
 * whose memory the garbage collector does not see. The accounting itself lives in the engine
 * (`track` / cohorts); see README "Architecture: memory".
 */
import { Tensor } from "./tensor/tensor";
import { accounts, ctx, emptyList, keptTensors, registeredBackends, getBackend } from "./engine/engine";
import { flatten } from "./autodiff/nest";
import { InvalidArgumentError, msg } from "./errors";

export interface MemoryInfo {
  /** Live eager tensors (all backends). */
  numTensors: number;
  /** Bytes of their values (each tensor counted at its logical size). */
  numBytes: number;
  /** Per backend: live tensors and bytes as tracked, plus what the backend itself reports. */
  backends: Record<string, { numTensors: number; numBytes: number; backendBytes?: number }>;
  /**
   * True: counts include tensors the garbage collector has reclaimed but not yet reported
   * (reports arrive when the event loop turns); explicit and scoped frees are exact.
   */
  unreliable: boolean;
  reasons: string[];
}

/** `tf.memory()` (tfjs's name; TF Python has no equivalent): live tensors and bytes. */
export function memory(): MemoryInfo {
  const backends: MemoryInfo["backends"] = {};
  let numTensors = 0, numBytes = 0;
  for (const [name, a] of accounts) {
    const entry: { numTensors: number; numBytes: number; backendBytes?: number } = { numTensors: a.numTensors, numBytes: a.numBytes };
    if (registeredBackends().includes(name)) {
      try {
        const m = getBackend(name).memory();
        if (m.numBytes) entry.backendBytes = m.numBytes;
      } catch { /* unavailable backend */ }
    }
    backends[name] = entry;
    numTensors += a.numTensors;
    numBytes += a.numBytes;
  }
  return {
    numTensors, numBytes, backends,
    unreliable: true,
    reasons: ["Tensors dropped without dispose() are subtracted after the garbage collector reclaims them and the event loop turns."],
  };
}

function resultTensors(x: unknown): Tensor[] {
  return flatten(x, (v) => v instanceof Tensor).filter((v): v is Tensor => v instanceof Tensor);
}

/**
 * `tf.tidy(fn)` / `tf.tidy(name, fn)`: runs `fn`, then disposes every eager tensor created inside
 * it except those it returns (arrays/objects of tensors are searched) and those passed to
 * `tf.keep` or stored in a variable. Returned tensors belong to the enclosing tidy, if any.
 */
export function tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T {
  const f = typeof nameOrFn === "function" ? nameOrFn : fn;
  if (typeof f !== "function") {
    throw new InvalidArgumentError(msg("tidy(fn): fn must be a function.", "tidy(fn): fn은 함수여야 합니다."));
  }
  const scope: Tensor[] = emptyList();
  ctx.scopes.push(scope);
  let result: T;
  try {
    result = f();
  } finally {
    const i = ctx.scopes.lastIndexOf(scope);
    if (i >= 0) ctx.scopes.splice(i, 1);
  }
  if (result && typeof (result as { then?: unknown }).then === "function") {
    throw new InvalidArgumentError(msg(
      "Cannot return a Promise inside of tidy(): the tensors an async function creates after its first await escape the scope. Use tidy inside the async function around synchronous work.",
      "tidy() 안에서 Promise를 돌려줄 수 없습니다: await 뒤에 만든 텐서는 범위를 벗어납니다. 동기 작업만 tidy로 감싸세요.",
    ));
  }
  const keep = new Set(resultTensors(result));
  const parent = ctx.scopes.length ? ctx.scopes[ctx.scopes.length - 1] : null;
  for (const t of scope) {
    if (keep.has(t)) { if (parent) parent.push(t); continue; }
    if (keptTensors.has(t)) continue;
    t.dispose();
  }
  return result;
}

/** `tf.keep(t)`: exempts `t` from disposal by enclosing tf.tidy scopes. Returns `t`. */
export function keep<T extends Tensor>(t: T): T {
  keptTensors.add(t);
  return t;
}

/** `tf.dispose(x)`: disposes a tensor or every tensor in an array/object. */
export function dispose(x: unknown): void {
  for (const t of resultTensors(x)) t.dispose();
}

let fullGc: (() => void) | null | undefined;
/**
 * A full garbage collection, where the runtime allows one (`global.gc` under --expose-gc, else a
 * gc function from a fresh vm context). Keras's fit calls it once before training on large data:
 * a script that replaced its arrays (the lecture's `x_train = x_train / 255.0` drops the uint8
 * images, 47 MB for MNIST) has them back before training allocates, as Python's reference counting
 * would have freed them at once; V8 alone frees them only at its next full collection, mid-epoch,
 * after the process has peaked. False where no collector is reachable.
 */
export function collectGarbage(): boolean {
  if (fullGc === undefined) {
    fullGc = null;
    const g = (globalThis as { gc?: unknown }).gc;
    if (typeof g === "function") fullGc = g as () => void;
    else {
      try {
        const v8 = require("v8") as typeof import("v8");
        v8.setFlagsFromString("--expose-gc");
        try {
          const f = (require("vm") as typeof import("vm")).runInNewContext("gc");
          if (typeof f === "function") fullGc = f as () => void;
        } finally {
          v8.setFlagsFromString("--no-expose-gc"); // only the context made here has it
        }
      } catch { /* not Node, or flags locked: no collector */ }
    }
  }
  if (!fullGc) return false;
  fullGc();
  return true;
}
