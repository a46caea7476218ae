/**
 * Where Keras keeps datasets (`$KERAS_HOME/datasets`, default `~/.keras/datasets`) and a
 * download that fails fast when the machine is offline (a DNS probe with a short timeout first).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lookup } from "dns/promises";
import { createHash } from "crypto";

/** Keras's cache root: `$KERAS_HOME` or `~/.keras`. */
export function kerasHome(): string {
  return process.env.KERAS_HOME || path.join(os.homedir(), ".keras");
}

/** `<keras home>/datasets`, plus /tmp/.keras/datasets (Keras's fallback when home is read-only). */
export function datasetDirs(): string[] {
  const dirs = [path.join(kerasHome(), "datasets")];
  const tmp = path.join(os.tmpdir(), ".keras", "datasets");
  if (!dirs.includes(tmp)) dirs.push(tmp);
  return dirs;
}

/** The first existing file among `candidates`, or null. */
export function firstExisting(candidates: string[]): string | null {
  for (const c of candidates) {
    try { if (fs.statSync(c).isFile()) return c; } catch { /* absent */ }
  }
  return null;
}

/** True when the dataset host resolves within `ms` (set TF_KERAS_OFFLINE=1 to skip the probe). */
export async function online(host: string, ms = 1500): Promise<boolean> {
  if (process.env.TF_KERAS_OFFLINE === "1" || process.env.TF_KERAS_OFFLINE === "true") return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error("timeout")), ms); });
    await Promise.race([lookup(host), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Downloads `url` to `dest` (via a temporary file, so an interrupted download leaves nothing),
 * checking a sha256 when given. Returns false (after printing why) on any failure.
 */
export async function download(url: string, dest: string, sha256?: string): Promise<boolean> {
  try {
    const host = new URL(url).hostname;
    if (!(await online(host))) return false;
    console.log(`Downloading data from ${url}`);
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const buf = new Uint8Array(await res.arrayBuffer());
    if (sha256) {
      const got = createHash("sha256").update(buf).digest("hex");
      if (got !== sha256) throw new Error(`sha256 mismatch (expected ${sha256}, got ${got})`);
    }
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.part${process.pid}`;
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, dest);
    return true;
  } catch (e) {
    console.warn(`Download of ${url} failed: ${(e as Error).message}`);
    return false;
  }
}
