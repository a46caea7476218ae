/**
 * Reads the tutorial notebooks' text: markdown prose (for the Korean check), headings (for the
 * lecture-section map) and the outputs the executed cells saved (for the output checks).
 *
 *   npx tsx scripts/tutorials-text.ts      prints each notebook's Hangul share and headings
 *
 * The Hangul share counts letters in markdown prose only: code blocks, inline code, math, HTML
 * tags and URLs are removed first (identifiers stay English by design). share = Hangul / (Hangul + Latin).
 */
import * as fs from "fs";
import * as path from "path";

export const TUTORIALS_DIR = path.resolve(__dirname, "..", "tutorials");

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
export interface Cell {
  cell_type: "markdown" | "code" | "raw";
  source: string | string[];
  outputs?: Output[];
}
export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

export const join = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join("") : s ?? "");

/** The numbered notebooks (`NN_name.ipynb`) in `dir`, sorted. */
export function notebookFiles(dir = TUTORIALS_DIR): string[] {
  return fs.readdirSync(dir).filter((f) => /^\d\d_.*\.ipynb$/.test(f)).sort();
}

export function readNotebook(file: string, dir = TUTORIALS_DIR): Notebook {
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Notebook;
}

/** Markdown text of a notebook. */
export function markdownOf(nb: Notebook): string {
  return nb.cells.filter((c) => c.cell_type === "markdown").map((c) => join(c.source)).join("\n\n");
}

/** Markdown with code, math, HTML and URLs removed: the prose a reader reads. */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/<pre>[\s\S]*?<\/pre>/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]*\$/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/https?:\/\/\S+/g, " ");
}

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/g;
const LATIN = /[A-Za-z]/g;

/** Hangul letters, Latin letters and the Hangul share of a text. */
export function hangulShare(text: string): { hangul: number; latin: number; share: number } {
  const hangul = (text.match(HANGUL) ?? []).length;
  const latin = (text.match(LATIN) ?? []).length;
  return { hangul, latin, share: hangul + latin ? hangul / (hangul + latin) : 0 };
}

/** Markdown headings (`#`, `##`, ...) without the hashes. */
export function headingsOf(nb: Notebook): string[] {
  return markdownOf(nb).split("\n").filter((l) => /^#{1,6}\s/.test(l)).map((l) => l.replace(/^#+\s+/, "").trim());
}

/** Everything the executed code cells printed or displayed as text (stdout, stderr, text/plain, text/html). */
export function outputTextOf(nb: Notebook, streams: ("stdout" | "stderr")[] = ["stdout"]): string {
  const parts: string[] = [];
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      if (o.output_type === "stream" && streams.includes(o.name as "stdout" | "stderr")) parts.push(join(o.text));
      else if (o.data) {
        if (o.data["text/plain"]) parts.push(join(o.data["text/plain"]));
        if (o.data["text/html"]) parts.push(join(o.data["text/html"]));
      }
    }
  }
  return parts.join("\n");
}

/** How many outputs of each picture type a notebook saved. */
export function pictureCounts(nb: Notebook): { png: number; svg: number } {
  let png = 0, svg = 0;
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      if (o.data?.["image/png"]) png++;
      if (o.data?.["image/svg+xml"]) svg++;
    }
  }
  return { png, svg };
}

/** The lecture's section headings and where each is taught (tutorials/lecture_sections.json). */
export interface LectureSection { lecture: string; notebook: string; heading: string }
export function lectureSections(dir = TUTORIALS_DIR): LectureSection[] {
  return JSON.parse(fs.readFileSync(path.join(dir, "lecture_sections.json"), "utf8")).sections as LectureSection[];
}

if (require.main === module) {
  for (const f of notebookFiles()) {
    const nb = readNotebook(f);
    const { hangul, latin, share } = hangulShare(proseOf(markdownOf(nb)));
    console.log(`${f.padEnd(28)} Hangul ${String(hangul).padStart(5)}  Latin ${String(latin).padStart(5)}  share ${(share * 100).toFixed(1)}%`);
  }
  console.log("\nlecture section -> notebook heading");
  for (const s of lectureSections()) {
    const ok = headingsOf(readNotebook(s.notebook)).includes(s.heading);
    console.log(`${ok ? "ok " : "MISSING"} ${s.lecture}  ->  ${s.notebook}: ${s.heading}`);
  }
}
