/**
 * Keras's `Progbar` (keras/utils/generic_utils.py, Keras 2): the bar printed by fit/evaluate/
 * predict. In a terminal the line is redrawn in place with `\r`; when stdout is not a terminal
 * only each epoch's final line is written. `verbose=2` writes one summary line per epoch.
 */

export interface ProgbarOptions {
  width?: number;
  verbose?: number;
  interval?: number;
  /** Names shown as given (not averaged); "all" for every value (what fit's logger uses). */
  stateful_metrics?: string[] | "all";
  unit_name?: string;
  /** Where text goes (default process.stdout). */
  stream?: { write: (s: string) => unknown; isTTY?: boolean };
  /** Force dynamic (TTY) display on or off. */
  dynamic?: boolean;
}

/** Python's '%.0f' (round half to even on the binary value). */
export function fmt0(x: number): string {
  const r = Math.round(x);
  const half = Math.abs(x % 1) === 0.5;
  return String(half && r % 2 !== 0 ? r - 1 : r);
}
/** Python's '%.4f'. */
function fmt4f(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  return x.toFixed(4);
}
/** Python's '%.4e' (two-digit exponent at least). */
export function fmt4e(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const s = x.toExponential(4);
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}
/** A metric value as Keras prints it: .4f, or .4e when |value| <= 1e-3. */
export function formatValue(v: number, verbose2 = false): string {
  const big = verbose2 ? v > 1e-3 : Math.abs(v) > 1e-3;
  return big ? fmt4f(v) : fmt4e(v);
}

export class Progbar {
  target: number | null;
  width: number;
  verbose: number;
  interval: number;
  stateful_metrics: Set<string> | "all";
  unit_name: string;
  private stream: { write: (s: string) => unknown; isTTY?: boolean };
  private dynamic: boolean;
  private totalWidth = 0;
  private seenSoFar = 0;
  private values = new Map<string, [number, number]>();
  private valuesOrder: string[] = [];
  private start = now();
  private lastUpdate = 0;
  private timeAfterFirstStep: number | null = null;
  /** Pending line in non-dynamic mode (written at the end). */
  private lastLine = "";
  _time_at_epoch_start = now();
  _time_at_epoch_end: number | null = null;

  constructor(target: number | null, o: ProgbarOptions = {}) {
    this.target = target;
    this.width = o.width ?? 30;
    this.verbose = o.verbose ?? 1;
    this.interval = o.interval ?? 0.05;
    this.stateful_metrics = o.stateful_metrics === "all" ? "all" : new Set(o.stateful_metrics ?? []);
    this.unit_name = o.unit_name ?? "step";
    this.stream = o.stream ?? process.stdout;
    this.dynamic = o.dynamic ?? !!this.stream.isTTY;
  }

  /** `update(current, values=None, finalize=None)` */
  update(current: number, values: [string, number][] = [], finalize?: boolean): void {
    const fin = finalize ?? (this.target === null ? false : current >= this.target);
    for (const [k, v] of values) {
      if (!this.valuesOrder.includes(k)) this.valuesOrder.push(k);
      if (!(this.stateful_metrics === "all" || this.stateful_metrics.has(k))) {
        const base = Math.max(current - this.seenSoFar, 1);
        const prev = this.values.get(k);
        if (!prev) this.values.set(k, [v * base, base]);
        else { prev[0] += v * base; prev[1] += base; }
      } else this.values.set(k, [v, 1]);
    }
    this.seenSoFar = current;
    const t = now();
    let info = ` - ${fmt0(t - this.start)}s`;
    if (current === this.target) this._time_at_epoch_end = t;
    if (this.verbose === 1) {
      if (t - this.lastUpdate < this.interval && !fin) return;
      const prevTotal = this.totalWidth;
      let bar: string;
      if (this.target !== null) {
        const numdigits = Math.floor(Math.log10(this.target)) + 1;
        bar = `${String(current).padStart(numdigits)}/${this.target} [`;
        const prog = current / this.target;
        const progWidth = Math.floor(this.width * prog);
        if (progWidth > 0) {
          bar += "=".repeat(progWidth - 1);
          bar += current < this.target ? ">" : "=";
        }
        bar += ".".repeat(Math.max(0, this.width - progWidth));
        bar += "]";
      } else bar = `${String(current).padStart(7)}/Unknown`;
      this.totalWidth = bar.length;
      const tpu = this.estimateStepDuration(current, t);
      if (this.target === null || fin) info += formatTime(tpu, this.unit_name);
      else {
        const eta = tpu * (this.target - current);
        let etaFormat: string;
        if (eta > 3600) etaFormat = `${Math.floor(eta / 3600)}:${String(Math.floor((eta % 3600) / 60)).padStart(2, "0")}:${String(Math.floor(eta % 60)).padStart(2, "0")}`;
        else if (eta > 60) etaFormat = `${Math.floor(eta / 60)}:${String(Math.floor(eta % 60)).padStart(2, "0")}`;
        else etaFormat = `${Math.floor(eta)}s`;
        info = ` - ETA: ${etaFormat}`;
      }
      for (const k of this.valuesOrder) {
        const [s, n] = this.values.get(k)!;
        info += ` - ${k}: ${formatValue(s / Math.max(1, n))}`;
      }
      this.totalWidth += info.length;
      if (this.dynamic) {
        if (prevTotal > this.totalWidth) info += " ".repeat(prevTotal - this.totalWidth);
        this.stream.write(`\r${bar}${info}${fin ? "\n" : ""}`);
      } else {
        this.lastLine = bar + info;
        if (fin) { this.stream.write(`${this.lastLine}\n`); this.lastLine = ""; }
      }
    } else if (this.verbose === 2) {
      if (fin) {
        const numdigits = Math.floor(Math.log10(this.target ?? 1)) + 1;
        info = `${String(current).padStart(numdigits)}/${this.target}` + info;
        for (const k of this.valuesOrder) {
          const [s, n] = this.values.get(k)!;
          info += ` - ${k}: ${formatValue(s / Math.max(1, n), true)}`;
        }
        if (this._time_at_epoch_end !== null) {
          const perEpoch = this._time_at_epoch_end - this._time_at_epoch_start;
          const perStep = perEpoch / (this.target ?? 1);
          this._time_at_epoch_start = t;
          this._time_at_epoch_end = null;
          info += " -" + formatTime(perEpoch, "epoch");
          info += " -" + formatTime(perStep, this.unit_name);
        }
        this.stream.write(info + "\n");
      }
    }
    this.lastUpdate = t;
  }

  add(n: number, values: [string, number][] = []): void { this.update(this.seenSoFar + n, values); }

  private estimateStepDuration(current: number, t: number): number {
    if (!current) return 0;
    let tpu: number;
    if (this.timeAfterFirstStep !== null && current > 1) tpu = (t - this.timeAfterFirstStep) / (current - 1);
    else tpu = (t - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = t;
    return tpu;
  }
}

/** Keras's `_format_time`: ` 5ms/step`, ` 2s/epoch`, ` 120us/step`. */
export function formatTime(tpu: number, unit: string): string {
  if (tpu >= 1 || tpu === 0) return ` ${fmt0(tpu)}s/${unit}`;
  if (tpu >= 1e-3) return ` ${fmt0(tpu * 1e3)}ms/${unit}`;
  return ` ${fmt0(tpu * 1e6)}us/${unit}`;
}

let clock: () => number = () => performance.now() / 1000;
function now(): number { return clock(); }
/** Replaces the clock (seconds) — for tests of the printed times. */
export function _setClock(fn: (() => number) | null): void { clock = fn ?? (() => performance.now() / 1000); }
