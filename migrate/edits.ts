/**
 * Text edits on the original source, applied once at the end: the codemod never re-prints the
 * AST, so comments and formatting outside rewritten nodes stay byte for byte.
 *
 * Edits nest: a rule that rewrites a node renders the node's children with `render(start, end)`
 * (which applies the edits already recorded inside them) and then records its own edit over the
 * whole node, which absorbs the inner ones. Rules therefore run bottom-up (children first).
 * Insertions exactly at a range's boundary belong outside it: `render` leaves them out and
 * `replace` keeps them.
 */

export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Order of recording: several insertions at one position apply in this order. */
  seq: number;
}

export class EditBuffer {
  private edits: Edit[] = [];
  private seq = 0;
  constructor(readonly source: string) {}

  get size(): number { return this.edits.length; }

  /** Replaces [start, end) with `text`; edits inside the range are absorbed (the caller rendered them). */
  replace(start: number, end: number, text: string): void {
    if (start > end) throw new Error(`edit range ${start}..${end} is inverted`);
    const kept: Edit[] = [];
    for (const e of this.edits) {
      if (start === end) {
        if (e.start < start && start < e.end) throw new Error(`insertion at ${start} falls inside the edit ${e.start}..${e.end}`);
        kept.push(e);
        continue;
      }
      if (e.start === e.end) {
        if (e.start > start && e.start < end) continue; // absorbed
        kept.push(e);
        continue;
      }
      if (e.end <= start || e.start >= end) { kept.push(e); continue; }
      if (e.start >= start && e.end <= end) continue; // absorbed
      throw new Error(`overlapping edits: ${e.start}..${e.end} and ${start}..${end}`);
    }
    kept.push({ start, end, text, seq: this.seq++ });
    this.edits = kept;
  }

  /** The recorded edits, to roll back to with `restore`. */
  snapshot(): readonly Edit[] { return [...this.edits]; }
  restore(s: readonly Edit[]): void { this.edits = [...s]; }

  insert(pos: number, text: string): void { this.replace(pos, pos, text); }
  remove(start: number, end: number): void { this.replace(start, end, ""); }

  /** Is an edit recorded that overlaps [start, end)? */
  touches(start: number, end: number): boolean {
    return this.edits.some((e) => (e.start === e.end ? e.start > start && e.start < end : e.start < end && start < e.end));
  }

  /** The text of [start, end) with the edits inside it applied. */
  render(start: number, end: number, boundaries = false): string {
    const inner = this.edits
      .filter((e) => (e.start === e.end
        ? (boundaries ? e.start >= start && e.start <= end : e.start > start && e.start < end)
        : e.start >= start && e.end <= end))
      .sort((a, b) => a.start - b.start || (a.start === a.end ? 0 : 1) - (b.start === b.end ? 0 : 1) || a.seq - b.seq);
    let out = "";
    let pos = start;
    for (const e of inner) {
      if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
      out += this.source.slice(pos, e.start) + e.text;
      pos = e.end;
    }
    return out + this.source.slice(pos, end);
  }

  /** The whole source with every edit applied. */
  apply(): string { return this.render(0, this.source.length, true); }
}
