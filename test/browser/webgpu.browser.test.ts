/**
 * WebGPU in a browser: headless Chromium (Debian's `chromium`, `--enable-unsafe-webgpu`, its
 * SwiftShader adapter) driven by playwright-core loads a bundled page that trains a tiny model on
 * the `webgpu` backend with asynchronous reads, and the result matches the same training on the
 * cpu backend in Node. Skips with the reason where Chromium is absent; fails in CI (.ci/run
 * installs it).
 */
import { it, expect } from "vitest";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as tf from "../../index";
import { bundlePage } from "./bundle";
import { trainTiny } from "./train";

const CHROMIUM = "/usr/bin/chromium";
const inCI = process.env.CI === "true" || process.env.CI === "1";
const reason = fs.existsSync(CHROMIUM) ? "" : `${CHROMIUM} not found (apt-get install chromium)`;
if (reason) console.warn(`test/browser: skipping the browser WebGPU test: ${reason}`);

it("Chromium is available in CI", () => {
  if (inCI) expect(reason).toBe("");
  else expect(typeof reason).toBe("string");
});

it.skipIf(!!reason)("a page trains a tiny model on WebGPU in headless Chromium, matching cpu in Node", async () => {
  const js = await bundlePage();
  const html = `<!doctype html><meta charset="utf-8"><title>tensorflow-ts webgpu</title><script src="/page.js"></script>`;
  const server = http.createServer((req, res) => {
    if (req.url === "/page.js") { res.writeHead(200, { "content-type": "text/javascript" }); res.end(js); return; }
    res.writeHead(200, { "content-type": "text/html" }); res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-angle=swiftshader", "--use-vulkan=swiftshader", "--no-sandbox"],
  });
  try {
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    const r = await page.evaluate(() => (globalThis as any).__result) as any;
    if (r.error) throw new Error(`${r.error}\n${logs.join("\n")}`);
    console.log(`browser: adapter '${r.adapter}', backend ${r.backend}, loss ${r.losses[0].toFixed(4)} -> ${r.losses.at(-1).toFixed(4)}`);
    expect(r.backend).toBe("webgpu");
    expect(r.gpus).toEqual(["PhysicalDevice(name='/physical_device:GPU:0', device_type='GPU')"]);
    expect(r.syncError).toMatch(/await t\.data\(\)/);
    // Same training on the cpu backend in Node.
    const prev = tf.config.get_backend();
    tf.config.set_backend("cpu");
    const ref = await trainTiny(tf as never).finally(() => tf.config.set_backend(prev));
    expect(r.losses.at(-1)).toBeLessThan(r.losses[0] * 0.7);
    r.losses.forEach((l: number, i: number) => expect(Math.abs(l - ref.losses[i])).toBeLessThan(1e-4 * Math.max(1, ref.losses[i])));
    r.w2.forEach((v: number, i: number) => expect(Math.abs(v - ref.w2[i])).toBeLessThan(1e-4));
  } finally {
    await browser.close();
    server.close();
  }
});
