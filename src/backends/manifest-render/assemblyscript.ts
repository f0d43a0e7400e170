// The AssemblyScript side of the kernel manifest: the activation codes as i32 constants that assembly/
// compiles against, so the codes are written once (manifest.ts).
import { ACTIVATIONS } from '../manifest.js';
import { GENERATED_HEADER } from './header.js';

/** leakyRelu -> LEAKY_RELU. */
export function constantName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The text of assembly/generated/manifest.ts. */
export function renderAssemblyScript(): string {
  const lines = [
    GENERATED_HEADER,
    '',
    "/** The activation codes: the values of a kernel's `kind` argument. */",
    ...Object.entries(ACTIVATIONS).map(
      ([name, code]) => `export const ACTIVATION_${constantName(name)}: i32 = ${code};`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
