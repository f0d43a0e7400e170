// Renders the kernel manifest (../manifest.ts) as the C++ header native/generated/manifest.h: the kernel
// names as an X-macro list, the activation codes as an enum, and every kernel's argument specs as
// constexpr data that the addon's one argument checker (native/args.cc) interprets. The header is
// committed; test/manifest-fresh.test.ts renders it again and fails when the committed copy differs.
import { ACTIVATIONS, KERNELS, type ArgSpec, type KernelSpec } from '../manifest.js';
import { GENERATED_HEADER } from './header.js';

const FLOAT32_MAX = 3.4028234663852886e38;
/** The most size arguments a buffer's length multiplies (the C++ struct holds this many indices). */
const MAX_LENGTH_FACTORS = 6;

/** The C++ name of a kernel: batchNormBackward is batch_norm_backward. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A double literal that reads back as exactly `v`. */
function double(v: number): string {
  const text = String(v);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function renderArg(kernel: string, args: readonly ArgSpec[], arg: ArgSpec): string {
  const index = (name: string, what: string): number => {
    const i = args.findIndex((a) => a.name === name);
    if (i < 0) throw new Error(`manifest: ${kernel}.${arg.name}: ${what} names ${name}, not an argument of ${kernel}`);
    return i;
  };
  let role = 'none',
    lo = 0,
    hi = 0,
    hiOpen = false,
    loArg = -1,
    classesArg = -1,
    indexArg = -1,
    element = 'float32',
    float64 = false;
  const length: number[] = [];
  switch (arg.kind) {
    case 'size':
      lo = arg.min ?? 0;
      hi = 2 ** 31;
      hiOpen = true;
      break;
    case 'integer':
      lo = arg.min;
      hi = arg.max;
      break;
    case 'real':
      if (typeof arg.lo === 'string') loArg = index(arg.lo, 'lo');
      lo = typeof arg.lo === 'number' ? arg.lo : -FLOAT32_MAX;
      hi = arg.hi ?? FLOAT32_MAX;
      hiOpen = arg.hiOpen ?? false;
      float64 = arg.float64 ?? false;
      break;
    case 'buffer':
      role = arg.role;
      if (arg.length.length > MAX_LENGTH_FACTORS) {
        throw new Error(
          `manifest: ${kernel}.${arg.name}: a length of ${arg.length.length} factors; ` +
            `the C++ spec holds ${MAX_LENGTH_FACTORS}`,
        );
      }
      for (const name of arg.length) {
        const i = index(name, 'length');
        if (args[i].kind !== 'size') {
          throw new Error(`manifest: ${kernel}.${arg.name}: length names ${name}, which is not a size`);
        }
        length.push(i);
      }
      if (arg.classIndexBelow !== undefined) classesArg = index(arg.classIndexBelow, 'classIndexBelow');
      element = arg.element ?? 'float32';
      if (arg.indexBelow !== undefined) {
        if (element !== 'uint32') throw new Error(`manifest: ${kernel}.${arg.name}: indexBelow needs element uint32`);
        indexArg = index(arg.indexBelow, 'indexBelow');
      }
      break;
    default:
      break;
  }
  while (length.length < MAX_LENGTH_FACTORS) length.push(-1);
  return (
    `    {"${arg.name}", Kind::${arg.kind}, Role::${role}, ${double(lo)}, ${double(hi)}, ${hiOpen}, ${loArg}, ` +
    `{${length.join(', ')}}, ${classesArg}, Element::${element}, ${indexArg}, ${float64}},`
  );
}

function renderKernel(name: string, spec: KernelSpec): string {
  const written = new Set(spec.args.filter((a) => a.kind === 'buffer' && a.role !== 'in').map((a) => a.name));
  const aliases = (spec.mayAlias ?? []).map(([w, other]) => {
    const wi = spec.args.findIndex((a) => a.name === w),
      oi = spec.args.findIndex((a) => a.name === other);
    if (!written.has(w) || oi < 0 || spec.args[oi].kind !== 'buffer') {
      throw new Error(`manifest: ${name}: mayAlias [${w}, ${other}] must pair a written buffer with another buffer`);
    }
    return `{${wi}, ${oi}}`;
  });
  const lines = [`constexpr Arg ${name}_args[] = {`, ...spec.args.map((a) => renderArg(name, spec.args, a)), '};'];
  if (aliases.length > 0) lines.push(`constexpr Alias ${name}_may_alias[] = {${aliases.join(', ')}};`);
  const alias = aliases.length > 0 ? `${name}_may_alias` : 'nullptr';
  lines.push(
    `constexpr Kernel ${name}{\n    "${name}", ${name}_args, ${spec.args.length}, ${alias}, ` +
      `${aliases.length}, ${spec.returns === 'number'}};`,
  );
  return lines.join('\n');
}

/** The text of native/generated/manifest.h. */
export function renderCppHeader(): string {
  const kernels = Object.entries(KERNELS) as [string, KernelSpec][];
  const activations = Object.entries(ACTIVATIONS);
  const maxArgs = Math.max(...kernels.map(([, k]) => k.args.length));
  return `${GENERATED_HEADER}
// test/manifest-fresh.test.ts fails when this file and the manifest disagree.
//
// The kernel names, the activation codes and every kernel's argument specs, which the addon's one
// argument checker (native/args.cc) interprets. Constants only: no code, so any translation unit may
// include it whatever its instruction-set flags.
#pragma once
#include <cstdint>

namespace bp {

// The codes of an activation kernel's \`kind\` argument.
enum class ActivationCode : int32_t {
${activations.map(([n, c]) => `  ${n} = ${c},`).join('\n')}
};
constexpr int kActivationCount = ${activations.length};
constexpr ActivationCode kActivationCodes[kActivationCount] = {
${activations.map(([n]) => `    ActivationCode::${n},`).join('\n')}
};
constexpr const char* kActivationNames[kActivationCount] = {
${activations.map(([n]) => `    "${n}",`).join('\n')}
};

// Every kernel of the contract, in contract order: X(name, cpp_name) once per kernel. spec::name is its
// argument specs, bp::cpp_name (kernels.h) the C++ function, which takes the arguments in the same order.
#define BP_KERNELS(X) \\
${kernels.map(([n]) => `  X(${n}, ${snakeCase(n)})`).join(' \\\n')}

namespace spec {

enum class Kind : uint8_t { size, integer, real, flag, activation, buffer };
// What a kernel does with a buffer: reads it (in), writes it without reading (out), or both (inout).
enum class Role : uint8_t { none, in, out, inout };
// What a buffer holds: float32 values, bytes, or 32-bit indices.
enum class Element : uint8_t { float32, uint8, uint32 };

constexpr int kMaxArgs = ${maxArgs};
constexpr int kMaxLengthFactors = ${MAX_LENGTH_FACTORS};

// One argument. size: an integer in [lo, hi) with hi = 2^31; integer: an integer in [lo, hi]; real: a
// finite float32 in [lo, hi] ([lo, hi) when hi_open), lo taken from argument lo_arg when that is >= 0;
// buffer: a Float32Array of at least the product of the size arguments at \`length\` (-1: unused) floats,
// each of its values an integer class index below the size argument classes_arg when that is >= 0; or,
// by \`element\`, a Uint8Array of bytes or a Uint32Array of indices (lengths count elements), each index
// below the size argument index_below when that is >= 0. float64: a real passed unrounded, as a double.
struct Arg {
  const char* name;
  Kind kind;
  Role role;
  double lo, hi;
  bool hi_open;
  int8_t lo_arg;
  int8_t length[kMaxLengthFactors];
  int8_t classes_arg;
  // Defaults for the specs written by hand (native/binding.cc's extra functions): floats, no indices.
  Element element = Element::float32;
  int8_t index_below = -1;
  bool float64 = false;
};

// The bytes of one element of a buffer.
constexpr unsigned element_bytes(Element e) { return e == Element::uint8 ? 1 : 4; }

// A written buffer and another buffer that may be exactly the same memory (argument indices).
struct Alias {
  int8_t written, other;
};

struct Kernel {
  const char* name;
  const Arg* args;
  int arg_count;
  const Alias* may_alias;
  int alias_count;
  bool returns_number;
};

${kernels.map(([n, k]) => renderKernel(n, k)).join('\n\n')}

}  // namespace spec
}  // namespace bp
`;
}
