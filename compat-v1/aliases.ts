/**
 * Builds `tf.compat.v1.<v1 name>` from the rows of `renames.ts`: a plain alias where only the name
 * moved, otherwise a wrapper that reads TF1's positional order and keyword names and calls the v2
 * function as `fn(<leading positionals>, { ...keywords })` (DESIGN rule 2 makes every v2 function
 * accept that form). Targets resolve lazily, so a v2 function added later is picked up.
 */
import { RenameRow } from "./renames";
import { msg, nearest } from "../core/errors";

/** A plain `{...}` options object (not a tensor, array, dtype or class instance). */
export function isOptions(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** `ns["a"]["b"]` for path "a.b", or undefined. */
export function resolvePath(ns: unknown, path: string): unknown {
  let cur: any = ns;
  for (const part of path.split(".")) {
    if (cur == null) return undefined;
    cur = cur[part];
  }
  return cur;
}

function missing(row: RenameRow): never {
  throw new TypeError(msg(
    `tf.compat.v1.${row.v1}: its TF2 counterpart tf.${row.v2} is not implemented in tensorflow-ts yet.`,
    `tf.compat.v1.${row.v1}: 대응하는 TF2 함수 tf.${row.v2}가 tensorflow-ts에 아직 구현되지 않았습니다.`,
  ));
}

/** Maps a v1 call's arguments to the v2 call's arguments, following `row`. Exported for the codemod and tests. */
export function translateArgs(row: RenameRow, callArgs: unknown[]): unknown[] {
  if (!row.args) return callArgs;
  const fn = `tf.compat.v1.${row.v1}`;
  let positional = callArgs;
  let kw: Record<string, unknown> = {};
  if (positional.length && isOptions(positional[positional.length - 1])) {
    kw = { ...(positional[positional.length - 1] as Record<string, unknown>) };
    positional = positional.slice(0, -1);
  }
  if (row.keywordOnly && positional.length) {
    throw new TypeError(msg(
      `Only call \`${row.v1.split(".").pop()}\` with named arguments (labels=..., logits=..., ...). ` +
      `In TypeScript pass one options object: ${fn}({ labels, logits }).`,
      `\`${row.v1.split(".").pop()}\`는 이름 있는 인자로만 호출하세요 (labels=..., logits=..., ...). ` +
      `TypeScript에서는 옵션 객체 하나를 넘기세요: ${fn}({ labels, logits }).`,
    ));
  }
  if (positional.length > row.args.length) {
    throw new TypeError(msg(
      `${fn}() takes at most ${row.args.length} positional arguments (${row.args.join(", ")}) but ${positional.length} were given.`,
      `${fn}()의 위치 인자는 최대 ${row.args.length}개(${row.args.join(", ")})인데 ${positional.length}개가 주어졌습니다.`,
    ));
  }
  const named: Record<string, unknown> = {};
  positional.forEach((v, i) => { if (v !== undefined) named[row.args![i]] = v; });
  for (const [k, v] of Object.entries(kw)) {
    if (v === undefined) continue;
    if (!row.args.includes(k)) {
      const near = nearest(k, row.args);
      throw new TypeError(msg(
        `${fn}() got an unexpected keyword argument '${k}'.${near ? ` Did you mean '${near}'?` : ""} Valid keywords: ${row.args.join(", ")}.`,
        `${fn}()에 알 수 없는 키워드 인자 '${k}'가 있습니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 키워드: ${row.args.join(", ")}.`,
      ));
    }
    if (k in named) {
      throw new TypeError(msg(`${fn}() got multiple values for argument '${k}'.`, `${fn}()의 인자 '${k}'에 값이 두 번 주어졌습니다.`));
    }
    named[k] = v;
  }
  const v2kw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(named)) {
    const to = row.kwargs && k in row.kwargs ? row.kwargs[k] : k;
    if (to === null) continue;
    // TF's deprecated_argument_lookup: giving both is an error only when both are set (not None).
    if (to in v2kw && (v === null || v2kw[to] === null)) { if (v !== null) v2kw[to] = v; continue; }
    if (to in v2kw && k !== to) {
      throw new TypeError(msg(
        `${fn}(): cannot give both '${k}' and '${to}' (they are the same argument).`,
        `${fn}(): '${k}'와 '${to}'는 같은 인자이므로 둘 다 줄 수 없습니다.`,
      ));
    }
    v2kw[to] = v;
  }
  const lead = row.v2Positional ?? 1;
  const out: unknown[] = [];
  // The v2 function's leading parameters are the v1 ones after renaming, in v1 order.
  const leadNames = row.args.slice(0, lead).map((a) => (row.kwargs && a in row.kwargs ? row.kwargs[a] : a)) as string[];
  for (const n of leadNames) { out.push(v2kw[n]); delete v2kw[n]; }
  if (Object.keys(v2kw).length) out.push(v2kw);
  return out;
}

/** The v1 callable (or value) for `row`, resolved against the v2 namespace `tf`. */
export function makeAlias(row: RenameRow, tf: unknown): unknown {
  const target = resolvePath(tf, row.v2);
  if (!row.args) return target;
  if (target === undefined) return (..._a: unknown[]) => missing(row);
  if (typeof target !== "function") return target;
  const f = target as (...a: unknown[]) => unknown;
  const wrapper = function (this: unknown, ...a: unknown[]) { return f.apply(this, translateArgs(row, a)); };
  Object.defineProperty(wrapper, "name", { value: row.v1.split(".").pop() });
  return wrapper;
}
