/**
 * Errors that teach. Every message is written twice, English and Korean; the language is chosen
 * per process (LANG/LC_ALL starting with `ko`) or by `tf.config.set_language("ko" | "en")`.
 * Class names follow `tf.errors.*`.
 */
export type Language = "en" | "ko";

function envLanguage(): Language {
  const env = typeof process !== "undefined" ? process.env : {};
  const l = env.TF_LANGUAGE || env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^ko/i.test(l) ? "ko" : "en";
}

let language: Language = envLanguage();
export function setLanguage(lang: Language): void {
  if (lang !== "en" && lang !== "ko") throw new InvalidArgumentError(msg(`set_language: expected "en" or "ko", got ${JSON.stringify(lang)}`, `set_language: "en" 또는 "ko"만 가능합니다. 받은 값: ${JSON.stringify(lang)}`));
  language = lang;
}
export function getLanguage(): Language { return language; }

/** A message in both languages; rendered in the current one. */
export function msg(en: string, ko: string): string {
  return language === "ko" ? ko : en;
}

export class TFError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class InvalidArgumentError extends TFError {}
export class NotFoundError extends TFError {}
export class FailedPreconditionError extends TFError {}
export class UnimplementedError extends TFError {}
export class OutOfRangeError extends TFError {}
export class ResourceExhaustedError extends TFError {}
export class InternalError extends TFError {}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

function normalise(s: string): string { return s.toLowerCase().replace(/[_-]/g, ""); }

/** The valid key closest to `key` (camelCase and snake_case compare equal), or undefined if nothing is close. */
export function nearest(key: string, valid: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const v of valid) {
    const d = normalise(key) === normalise(v) ? 0 : editDistance(key.toLowerCase(), v.toLowerCase());
    if (d < bestD) { bestD = d; best = v; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Checks an options object against TF's keyword names for `fn`. Throws before anything happens.
 * Keys whose value is `undefined` are ignored so callers can forward options.
 */
export function checkOptions(fn: string, options: object | undefined | null, valid: readonly string[]): void {
  if (options == null) return;
  for (const key of Object.keys(options)) {
    if (valid.includes(key) || (options as Record<string, unknown>)[key] === undefined) continue;
    const near = nearest(key, valid);
    const validList = valid.length ? valid.join(", ") : "(none)";
    throw new TypeError(msg(
      `${fn}() got an unexpected keyword argument '${key}'.${near ? ` Did you mean '${near}'?` : ""} Valid keywords: ${validList}.`,
      `${fn}()에 알 수 없는 키워드 인자 '${key}'가 있습니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 키워드: ${validList}.`,
    ));
  }
}
