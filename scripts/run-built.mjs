#!/usr/bin/env node
// Builds every project through Nx (cached, so usually instant) and then runs one built entry
// point with the remaining arguments. The build's own output is shown only when it fails, so
// commands such as `npm run -s inspect -- summary f.pkl --json` print nothing but their result.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-built.mjs <entry.js> [args...]');
  process.exit(2);
}
const nxBin = join(root, 'node_modules', 'nx', 'bin', 'nx.js');
if (!existsSync(nxBin)) {
  console.error('node_modules/nx is missing: run `npm ci` first.');
  process.exit(2);
}
const releaseLock = acquireBuildLock(join(root, 'node_modules', '.rlpd-build.lock'));
const build = spawnSync(process.execPath, [nxBin, 'run-many', '-t', 'build', '--outputStyle=static'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
});
releaseLock();
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  console.error(`build failed (exit ${build.status}); nothing was run.`);
  process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, [join(root, entry), ...args], { stdio: 'inherit', cwd: process.cwd() });
// Ctrl-C reaches the child through the terminal's process group; the child decides how to stop
// (e.g. save a checkpoint), and this launcher waits for it instead of dying first.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));

/**
 * Two launches at once (say two experiments side by side) would rebuild the same dist/ folders
 * concurrently (each build starts with `rm -rf dist`) and break each other: builds take turns
 * through a lock directory holding the owner's pid. A lock whose owner is gone is taken over.
 */
function acquireBuildLock(lockDir) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    if (lockOwnerIsGone(lockDir)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      console.error(`another launch has held the build lock ${lockDir} for 15 minutes; remove it if no build is running`);
      process.exit(1);
    }
    if (!told) console.error('waiting for another launch to finish building...');
    told = true;
    Atomics.wait(pause, 0, 0, 200);
  }
}

function lockOwnerIsGone(lockDir) {
  let pid;
  try {
    pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Created but no pid yet: the owner is writing it, unless that was long ago.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 60_000;
    } catch {
      return false; // released meanwhile
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}
