/**
 * Python-style argument binding shared by the op families: leading tensors, then TF's remaining
 * parameters positionally, or one trailing options object with TF's keyword names.
 */
import { checkOptions, msg } from "../errors";

/** A plain `{...}` object: the trailing keyword-options object of a call (never a tensor-like). */
export function isOpts(v: unknown): v is Record<string, any> {
  if (v === null || typeof v !== "object") return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Python-style binding for the arguments after the leading `lead` ones: positional values in TF's
 * order, then optionally one trailing options object with TF's keyword names (checked, "did you
 * mean"). A value given both ways is Python's "multiple values" TypeError.
 */
export function bindArgs(fn: string, names: readonly string[], args: readonly unknown[], lead = 1): Record<string, any> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const out: Record<string, any> = {};
  let opts: Record<string, any> | null = null;
  if (n > lead && isOpts(args[n - 1])) { opts = args[n - 1] as Record<string, any>; n--; }
  if (n > names.length) {
    throw new TypeError(msg(
      `${fn}() takes at most ${names.length} positional arguments (${names.join(", ")}) but ${n} were given.`,
      `${fn}()는 위치 인자를 최대 ${names.length}개(${names.join(", ")}) 받는데 ${n}개가 주어졌습니다.`,
    ));
  }
  for (let i = 0; i < n; i++) if (args[i] !== undefined) out[names[i]] = args[i];
  if (opts) {
    checkOptions(fn, opts, names.slice(lead));
    for (const k of Object.keys(opts)) {
      if (opts[k] === undefined) continue;
      if (out[k] !== undefined && out[k] !== null) {
        throw new TypeError(msg(`${fn}() got multiple values for argument '${k}'.`, `${fn}()에 인자 '${k}'의 값이 두 번 주어졌습니다.`));
      }
      out[k] = opts[k];
    }
  }
  return out;
}
