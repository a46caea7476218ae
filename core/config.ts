/** tf.config and tf.device: backends, devices, language. */
import { ctx, getBackend, registeredBackends, currentBackend } from "./engine/engine";
import { setLanguage, getLanguage, Language, InvalidArgumentError, msg, nearest } from "./errors";

export class PhysicalDevice {
  constructor(readonly name: string, readonly device_type: string, readonly backend: string) {}
  toString(): string { return `PhysicalDevice(name='${this.name}', device_type='${this.device_type}')`; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

/** Backends that can start here, in priority order. */
export function availableBackends(): string[] {
  return registeredBackends().filter((n) => { try { getBackend(n); return true; } catch { return false; } });
}

/** `tf.config.list_physical_devices(device_type=None)` */
export function list_physical_devices(device_type?: string | null): PhysicalDevice[] {
  const out: PhysicalDevice[] = [];
  const counts: Record<string, number> = {};
  const onlyCpu = device_type?.toUpperCase() === "CPU";
  for (const n of registeredBackends()) {
    // Asking for the CPU does not start device backends (webgpu: a Dawn worker) ranked below it.
    if (onlyCpu && counts.CPU) break;
    let b;
    try { b = getBackend(n); } catch { continue; }
    const t = b.deviceType;
    if (t === "CPU" && counts.CPU) continue; // one physical CPU, whatever the number of CPU backends
    const i = counts[t] ?? 0;
    counts[t] = i + 1;
    out.push(new PhysicalDevice(`/physical_device:${t}:${i}`, t, n));
  }
  return device_type ? out.filter((d) => d.device_type === device_type.toUpperCase()) : out;
}

/** `tf.config.set_backend(name)`: `cpu`, later `wasm`, `native`, `webgpu`, `cuda`. Also env TF_BACKEND. */
export function set_backend(name: string): void {
  const known = registeredBackends();
  if (!known.includes(name)) {
    const near = nearest(name, known);
    throw new InvalidArgumentError(msg(
      `set_backend: unknown backend '${name}'.${near ? ` Did you mean '${near}'?` : ""} Registered: ${known.join(", ")}.`,
      `set_backend: 알 수 없는 백엔드 '${name}'입니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 등록된 백엔드: ${known.join(", ")}.`,
    ));
  }
  ctx.backend = getBackend(name);
}
export function get_backend(): string { return currentBackend().name; }

/**
 * `tf.config.list_cpu_fallbacks(backend=current)`: the ops a backend runs on the cpu (inputs copied
 * to host memory, outputs back), with the reason. Backends sharing the cpu's storage have none.
 */
export function list_cpu_fallbacks(backend?: string): { op: string; reason: string }[] {
  const b = backend ? getBackend(backend) : currentBackend();
  if (b.name === "cpu" || b.sharesCpuStorage) return [];
  const m = b.fallbacks ? b.fallbacks() : new Map<string, string>();
  if (!b.fallbacks) for (const op of getBackend("cpu").kernels.keys()) if (!b.kernels.has(op)) m.set(op, "no kernel");
  return [...m].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([op, reason]) => ({ op, reason }));
}

export function set_language(lang: Language): void { setLanguage(lang); }
export function get_language(): Language { return getLanguage(); }

/**
 * `with tf.device("/CPU:0"):` as a callback scope. Device strings name a device type and index;
 * the backend serving that device type runs the ops inside `fn`.
 */
export function device<T>(name: string, fn: () => T): T {
  const m = /^\/?(?:job:[^/]+\/)?(?:replica:\d+\/)?(?:task:\d+\/)?(?:device:)?(CPU|GPU)(?::(\d+))?$/i.exec(name.trim());
  if (!m) {
    throw new InvalidArgumentError(msg(
      `device: cannot parse device name '${name}'; use '/CPU:0' or '/GPU:0'.`,
      `device: 장치 이름 '${name}'을(를) 해석할 수 없습니다. '/CPU:0' 또는 '/GPU:0'을 쓰세요.`,
    ));
  }
  const type = m[1].toUpperCase(), index = Number(m[2] ?? 0);
  const devs = list_physical_devices(type);
  const dev = devs[index];
  if (!dev) {
    throw new InvalidArgumentError(msg(
      `device: no ${type}:${index} here. Devices: ${list_physical_devices().map((d) => d.name).join(", ")}.`,
      `device: 이 컴퓨터에는 ${type}:${index}이(가) 없습니다. 사용 가능한 장치: ${list_physical_devices().map((d) => d.name).join(", ")}.`,
    ));
  }
  const prev = ctx.backend;
  // A CPU device keeps the current backend if it is a CPU backend (cpu/wasm/native).
  ctx.backend = type === "CPU" && currentBackend().deviceType === "CPU" ? currentBackend() : getBackend(dev.backend);
  try { return fn(); } finally { ctx.backend = prev; }
}
