// `backprop info`: which backends load here and why the default one is chosen, the CPU's instruction
// sets, thread count, and the versions of backprop, the runtime (Node, Deno or Bun) and its engine.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { backendInfo, loadAvailableBackends } from '../index.js';
import { packageVersion } from '../package-root.js';
import { describeRuntime, type RuntimeInfo } from '../runtime.js';

/** The x86 instruction-set extensions that matter for our kernels, as /proc/cpuinfo lists them. */
function cpuFeatures(): string[] {
  try {
    const flags =
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/^flags\s*:\s*(.*)$/m)?.[1]
        .split(/\s+/) ?? [];
    return ['sse2', 'sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'asimd'].filter((f) =>
      flags.includes(f),
    );
  } catch {
    return [];
  }
}

/** The JavaScript engine under the runtime: Bun runs JavaScriptCore (its process.versions.v8 only imitates Node's). */
function engine(runtime: RuntimeInfo): string {
  return runtime.name === 'bun' ? 'JavaScriptCore' : `V8 ${process.versions.v8}`;
}

export async function runInfo(out: { write(text: string): unknown }): Promise<void> {
  const info = backendInfo();
  const lines: string[] = [];
  lines.push(
    `backprop ${packageVersion()}  (${describeRuntime(info.runtime)}, ${engine(info.runtime)}, ` +
      `${process.platform}-${process.arch})`,
  );
  lines.push(
    `CPU: ${cpus()[0]?.model ?? 'unknown'}; ${availableParallelism()} hardware threads; instruction sets: ${cpuFeatures().join(' ') || 'unknown'}`,
  );
  lines.push(`default backend: ${info.backend} (${info.chosenBecause})`);
  for (const s of info.skipped)
    lines.push(`  ${s.name} skipped (${s.status}): ${s.reason.replace(/^not built: /, '')}`);
  lines.push('backends that load here:');
  for (const backend of await loadAvailableBackends()) {
    const details = Object.entries(backend.details)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`  ${backend.name}${details ? `  ${details}` : ''}`);
  }
  out.write(lines.join('\n') + '\n');
}
