// Records other platforms' optional native packages in package-lock.json.
//
// Why: the registry mirror our machines use answers 404 for some foreign-platform
// builds (darwin/win32 swc and rollup binaries), so `npm install` leaves them out of
// the lockfile and `npm ci` then refuses the lockfile as "out of sync". Run this after
// any `npm install` that changes the lockfile: `node scripts/complete-lockfile.cjs`.
// The entries carry os/cpu, so npm skips them on every platform they don't match.
'use strict';
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

function missingFromLock() {
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { stdio: 'pipe' });
    return [];
  } catch (err) {
    const out = `${err.stdout}${err.stderr}`;
    return [...out.matchAll(/Missing: (.+?)@\S* from lock file/g)].map((m) => m[1]);
  }
}

const OSES = ['darwin', 'win32', 'android', 'freebsd', 'openbsd', 'openharmony', 'linux'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64'];
const osOf = (name) => OSES.find((os) => name.includes(`-${os}-`));
const cpuOf = (name) => CPUS.find((cpu) => new RegExp(`-${cpu}(-|$)`).test(name));

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const missing = missingFromLock();
for (const name of missing) {
  const parent = Object.values(lock.packages).find((p) => p.optionalDependencies?.[name]);
  if (!parent || !osOf(name) || !cpuOf(name)) {
    console.error(`cannot infer a lockfile entry for ${name}; fix it by hand`);
    process.exitCode = 1;
    continue;
  }
  const entry = { version: parent.optionalDependencies[name], cpu: [cpuOf(name)] };
  if (parent.dev) entry.dev = true;
  if (name.includes('musl')) entry.libc = ['musl'];
  else if (name.includes('gnu')) entry.libc = ['glibc'];
  Object.assign(entry, { optional: true, os: [osOf(name)] });
  lock.packages[`node_modules/${name}`] = entry;
}
const sorted = {};
for (const key of Object.keys(lock.packages).sort()) sorted[key] = lock.packages[key];
lock.packages = sorted;
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(missing.length ? `added ${missing.length} entries` : 'lockfile already complete');
