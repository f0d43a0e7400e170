#!/usr/bin/env node
// Builds the prebuilt addons that the npm package ships in prebuilds/<platform>-<arch>/, so that
// `npm install backprop-nn` loads native code without a compiler (node-gyp-build picks the prebuild).
// `npm pack` and `npm publish` run it (the prepack script).
//
//   linux-x64    with the host compiler;
//   linux-arm64  with the cross compiler aarch64-linux-gnu-g++ (Debian g++-aarch64-linux-gnu) when it is
//                installed: an N-API addon links against no Node library (its napi_* symbols resolve
//                when Node loads it) and node-addon-api is headers only, so nothing else is needed.
//
// Each is built by prebuildify (N-API, stripped) in a temporary copy of binding.gyp and native/, so
// this checkout's build/ folder (the addon the tests load) is never replaced by another architecture's.
// Usage: node scripts/build-prebuilds.mjs [x64|arm64 ...]   (default: every one this machine can build)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prebuildify = join(root, 'node_modules', 'prebuildify', 'bin.js');

// The headers of the running Node (N-API is the same in every later version): its own install prefix
// when that has them (Debian's nodejs puts them in /usr/include/node), so nothing is downloaded.
const prefix = dirname(dirname(process.execPath));
const nodedir =
  process.env.npm_config_nodedir || (existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined);

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const crossArm64 = {
  CC: 'aarch64-linux-gnu-gcc',
  CXX: 'aarch64-linux-gnu-g++',
  LINK: 'aarch64-linux-gnu-g++',
  AR: 'aarch64-linux-gnu-ar',
};
const targets = {
  x64: { available: process.platform === 'linux' && process.arch === 'x64', env: {}, strip: 'strip' },
  arm64: {
    available: process.platform === 'linux' && (process.arch === 'arm64' || has(crossArm64.CXX)),
    env: process.arch === 'arm64' ? {} : crossArm64,
    strip: process.arch === 'arm64' ? 'strip' : 'aarch64-linux-gnu-strip',
  },
};

const asked = process.argv.slice(2);
for (const name of asked) {
  if (!(name in targets)) {
    console.error(
      `build-prebuilds: unknown architecture ${JSON.stringify(name)}; expected ${Object.keys(targets).join(' or ')}`,
    );
    process.exit(2);
  }
}
const chosen = asked.length > 0 ? asked : Object.keys(targets).filter((name) => targets[name].available);
if (chosen.length === 0) {
  console.error(
    `build-prebuilds: this machine (${process.platform}-${process.arch}) can build none of ${Object.keys(targets).join(', ')}`,
  );
  process.exit(1);
}

for (const arch of chosen) {
  const target = targets[arch];
  if (!target.available) {
    console.error(
      `build-prebuilds: cannot build linux-${arch} here (for arm64 on x64: apt-get install g++-aarch64-linux-gnu)`,
    );
    process.exit(1);
  }
  const work = mkdtempSync(join(tmpdir(), `backprop-prebuild-${arch}-`));
  try {
    for (const entry of ['package.json', 'binding.gyp', 'native'])
      cpSync(join(root, entry), join(work, entry), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    const started = Date.now();
    const args = [
      '--napi',
      '--strip',
      `--target=node@${process.versions.node}`,
      `--arch=${arch}`,
      `--strip-bin=${target.strip}`,
      `--out=${root}`,
    ];
    execFileSync(process.execPath, [prebuildify, ...args, work], {
      cwd: work,
      stdio: 'inherit',
      env: { JOBS: 'max', ...process.env, ...target.env, ...(nodedir ? { npm_config_nodedir: nodedir } : {}) },
    });
    console.log(`build-prebuilds: prebuilds/linux-${arch} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
