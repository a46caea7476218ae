/**
 * The report, in `tf_upgrade_v2`'s layout: a header with the counts, the entries that need
 * attention grouped by file (`file:line:col: SEVERITY: message`), then the detailed log of every
 * file (`line:col: SEVERITY: message`). Each message is written in English and in Korean.
 */

export type Severity = "INFO" | "WARNING" | "ERROR";
export type Lang = "en" | "ko" | "both";

export interface Message { en: string; ko: string }

export interface Entry extends Message {
  /** 1-based line. */
  line: number;
  /** 0-based column (what tf_upgrade_v2 prints). */
  col: number;
  severity: Severity;
  /** Stable identifier of the rule that wrote the entry. */
  code: string;
  /** Notebooks: the 1-based code cell the line is in (lines count within it). */
  cell?: number;
}

export interface FileReport {
  /** Path as given (or relative to the input tree). */
  inPath: string;
  /** Where the result went; null with --diff. */
  outPath: string | null;
  entries: Entry[];
  /** The file failed to parse and was copied unchanged. */
  parseError?: boolean;
  /** Whether the migrated text differs from the input. */
  changed?: boolean;
}

const RULE = "-".repeat(80);
const DOUBLE = "=".repeat(80);

export function needsAttention(e: Entry): boolean { return e.severity !== "INFO"; }

export function countIssues(files: readonly FileReport[]): number {
  return files.reduce((n, f) => n + f.entries.filter(needsAttention).length, 0);
}

function messageLines(e: Message, lang: Lang): [string, string[]] {
  if (lang === "en") return [e.en, []];
  if (lang === "ko") return [e.ko, []];
  return [e.en, e.ko ? [`    ${e.ko}`] : []];
}

export function formatEntry(e: Entry, lang: Lang, file?: string): string {
  const [first, rest] = messageLines(e, lang);
  const head = `${file ? `${file}:` : ""}${e.line}:${e.col}: ${e.severity}: ${first}`;
  return [head, ...rest].join("\n");
}

function sorted(entries: readonly Entry[]): Entry[] {
  return [...entries].sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line || a.col - b.col);
}

export interface ReportOptions {
  lang?: Lang;
  /** `--intree`: printed as the "Input tree" banner of the detailed log. */
  inTree?: string | null;
}

/** The whole report text. */
export function formatReport(files: readonly FileReport[], opts: ReportOptions = {}): string {
  const lang = opts.lang ?? "both";
  const converted = files.filter((f) => !f.parseError).length;
  const issues = countIssues(files);
  const out: string[] = [
    "TensorFlow 2.0 Upgrade Script",
    "-----------------------------",
    `Converted ${converted} files`,
    `Detected ${issues} issues that require attention`,
    RULE,
  ];
  for (const f of files) {
    const bad = sorted(f.entries.filter(needsAttention));
    if (!bad.length) continue;
    out.push(RULE, `File: ${f.inPath}`, RULE);
    for (const e of bad) out.push(formatEntry(e, lang, f.inPath));
  }
  out.push(DOUBLE, "Detailed log follows:", "", DOUBLE);
  if (opts.inTree) out.push(DOUBLE, `Input tree: '${opts.inTree}'`, DOUBLE);
  for (const f of files) {
    out.push(RULE, `Processing file '${f.inPath}'`, ` outputting to '${f.outPath ?? f.inPath}'`, RULE, "");
    for (const e of sorted(f.entries)) out.push(formatEntry(e, lang));
    out.push(RULE, "");
  }
  return out.join("\n") + "\n";
}
