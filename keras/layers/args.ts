/** Constructor arguments for layers: Keras's positional order, or one trailing options object. */
import { checkOptions, InvalidArgumentError, msg } from "../../core/errors";
import { BASE_KEYS, LayerArgs } from "../engine/base_layer";
import { isPlainObject } from "../engine/keras_tensor";
import { isLenientConfig } from "./registry";

/**
 * Binds `args` (positional values in Keras's order, optionally ending with an options object, or
 * a single options object) to keyword names. Unknown keys fail with "did you mean".
 * Returns [layer-specific options, base layer options].
 */
export function bindLayerArgs<T extends object>(className: string, args: unknown[], positional: string[], keywords: string[] = []): [T, LayerArgs] {
  const all = [...new Set([...positional, ...keywords])];
  const o: Record<string, unknown> = {};
  let rest = args;
  const last = args[args.length - 1];
  if (args.length && isPlainObject(last)) {
    const valid = [...new Set([...all, ...BASE_KEYS])];
    if (isLenientConfig()) {
      for (const k of Object.keys(last)) if (valid.includes(k)) o[k] = last[k];
    } else {
      checkOptions(className, last, valid);
      for (const k of Object.keys(last)) o[k] = last[k];
    }
    rest = args.slice(0, -1);
  }
  if (rest.length > positional.length) {
    throw new InvalidArgumentError(msg(
      `${className}() takes at most ${positional.length} positional argument(s) (${positional.join(", ")}) but ${rest.length} were given; pass the others by keyword in an options object.`,
      `${className}()의 위치 인자는 최대 ${positional.length}개(${positional.join(", ")})인데 ${rest.length}개가 주어졌습니다. 나머지는 옵션 객체에 키워드로 주세요.`,
    ));
  }
  rest.forEach((v, i) => {
    if (v === undefined) return;
    if (positional[i] in o) {
      throw new InvalidArgumentError(msg(`${className}() got multiple values for argument '${positional[i]}'.`, `${className}()에 인자 '${positional[i]}'의 값이 두 번 주어졌습니다.`));
    }
    o[positional[i]] = v;
  });
  const base: LayerArgs = {};
  for (const k of BASE_KEYS) if (k in o && !all.includes(k)) { (base as Record<string, unknown>)[k] = o[k]; delete o[k]; }
  return [o as T, base];
}

/** A required argument, or a teaching error. */
export function required<T>(className: string, o: Record<string, unknown>, key: string): T {
  if (o[key] === undefined || o[key] === null) {
    throw new InvalidArgumentError(msg(`${className}() missing required argument '${key}'.`, `${className}()에 필수 인자 '${key}'가 없습니다.`));
  }
  return o[key] as T;
}

/** A positive integer argument. */
export function positiveInt(className: string, key: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new InvalidArgumentError(msg(
      `Received an invalid value for \`${key}\`, expected a positive integer. Received: ${key}=${JSON.stringify(v)} (${className}).`,
      `\`${key}\`에는 양의 정수가 필요한데 ${JSON.stringify(v)}가 주어졌습니다 (${className}).`,
    ));
  }
  return v;
}

/** An int or a tuple of `n` ints (Keras's conv_utils.normalize_tuple). */
export function normalizeTuple(className: string, key: string, v: unknown, n: number, allowZero = false): number[] {
  const arr = typeof v === "number" ? new Array(n).fill(v) : v;
  if (!Array.isArray(arr) || arr.length !== n || !arr.every((x) => Number.isInteger(x) && (allowZero ? x >= 0 : x > 0))) {
    throw new InvalidArgumentError(msg(
      `The \`${key}\` argument must be a tuple of ${n} integers${allowZero ? "" : " > 0"}. Received: ${JSON.stringify(v)} (${className}).`,
      `\`${key}\` 인자는 정수 ${n}개${allowZero ? "" : "(0보다 큼)"}여야 합니다. 받은 값: ${JSON.stringify(v)} (${className}).`,
    ));
  }
  return arr as number[];
}

export function normalizePadding(className: string, v: unknown, allowCausal = false): "valid" | "same" | "causal" {
  const p = typeof v === "string" ? v.toLowerCase() : v;
  const ok = ["valid", "same", ...(allowCausal ? ["causal"] : [])];
  if (!ok.includes(p as string)) {
    throw new InvalidArgumentError(msg(
      `The \`padding\` argument must be one of ${ok.map((s) => `"${s}"`).join(", ")}. Received: ${JSON.stringify(v)} (${className}).`,
      `\`padding\` 인자는 ${ok.map((s) => `"${s}"`).join(", ")} 중 하나여야 합니다. 받은 값: ${JSON.stringify(v)} (${className}).`,
    ));
  }
  return p as "valid" | "same" | "causal";
}

export function normalizeDataFormat(className: string, v: unknown): "channels_last" | "channels_first" {
  const f = v ?? "channels_last";
  if (f !== "channels_last" && f !== "channels_first") {
    throw new InvalidArgumentError(msg(
      `The \`data_format\` argument must be one of "channels_first", "channels_last". Received: ${JSON.stringify(v)} (${className}).`,
      `\`data_format\` 인자는 "channels_first" 또는 "channels_last"여야 합니다. 받은 값: ${JSON.stringify(v)} (${className}).`,
    ));
  }
  return f;
}

/** Output length of a conv/pool along one axis (Keras's conv_output_length). */
export function convOutputLength(len: number | null, filter: number, padding: string, stride: number, dilation = 1): number | null {
  if (len === null) return null;
  const dil = (filter - 1) * dilation + 1;
  let out: number;
  if (padding === "same" || padding === "causal") out = len;
  else if (padding === "valid") out = len - dil + 1;
  else out = len + dil - 1; // full
  return Math.floor((out + stride - 1) / stride);
}
/** Keras's deconv_output_length. */
export function deconvOutputLength(len: number | null, filter: number, padding: string, outputPadding: number | null, stride: number, dilation = 1): number | null {
  if (len === null) return null;
  const k = filter + (filter - 1) * (dilation - 1);
  if (outputPadding === null) {
    if (padding === "valid") return len * stride + Math.max(k - stride, 0);
    if (padding === "full") return len * stride - (stride + k - 2);
    return len * stride;
  }
  const pad = padding === "same" ? Math.floor(k / 2) : padding === "valid" ? 0 : k - 1;
  return (len - 1) * stride + k - 2 * pad + outputPadding;
}
