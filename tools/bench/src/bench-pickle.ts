import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { demoTransitions, HIL_SERL_SPACE, PIXELS } from './demo-transitions.js';

/** Size of the large-file test; `RLPD_BENCH_PICKLE_GB=0` skips it. */
const BIG_GB = Number(process.env.RLPD_BENCH_PICKLE_GB ?? 3);
const DEMO_TRANSITIONS = 1000;
const RUNS = 5;
/** Load time allowed per ms of the read floor (`readThroughWindowKeepingStoredBytesMs`), docs/BENCHMARKS.md. */
const LOAD_VS_FLOOR_TARGET = 1.3;

interface ChildFigures {
  readonly transitions: number;
  readonly loadMs: number;
  readonly loadCpuMs: number;
  readonly prefaultThread: boolean;
  readonly rssBeforeBytes: number;
  readonly maxRssBytes: number;
  readonly storedBytes: number;
  readonly allocatedBytes: number;
}

const child = join(dirname(fileURLToPath(import.meta.url)), 'pickle-load-child.js');
const floorChild = join(dirname(fileURLToPath(import.meta.url)), 'read-floor-child.js');

/** Milliseconds a fresh node process takes just to read `path` (see read-floor-child.ts). */
function readFloorMs(path: string, mode: 'fresh' | 'window' | 'keep', keepBytes = 0): number {
  const r = spawnSync(process.execPath, [floorChild, path, mode, String(keepBytes)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`read floor child failed (${r.status}): ${r.stderr.trim()}`);
  return Number(r.stdout.trim());
}

function loadInChild(path: string, capacity: number): ChildFigures {
  const r = spawnSync(process.execPath, [child, path, String(capacity)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`pickle load child failed (${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as ChildFigures;
}

/** Milliseconds python3's pickle.load takes on `path` (interpreter start excluded), or null without python3 + numpy. */
function pythonLoadMs(path: string): number | null {
  const script =
    'import pickle, sys, time, numpy\nt = time.perf_counter()\nwith open(sys.argv[1], "rb") as f: pickle.load(f)\nprint((time.perf_counter() - t) * 1000)';
  const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Pickle figures: loading a hil-serl demo pickle (1,000 transitions, two 128x128 cameras) into
 * a replay buffer, against the read floor of the same file (a fresh process reading it and
 * copying the bytes the buffer keeps) and python3's `pickle.load`, in the same run; and a
 * multi-GB pickle loaded in a fresh process, with its peak RSS against the bytes stored.
 */
export async function benchPickle(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'rlpd-bench-pickle-'));
  try {
    const demoPath = join(dir, 'demo.pkl');
    const writeStart = performance.now();
    await writeTransitionsPickle(demoPath, demoTransitions(DEMO_TRANSITIONS), { observationSpace: HIL_SERL_SPACE });
    const writeMs = performance.now() - writeStart;
    const demoBytes = (await stat(demoPath)).size;
    // Alternate the variants run by run (the machine is shared); report medians.
    const ts: ChildFigures[] = [];
    const py: (number | null)[] = [];
    const fresh: number[] = [];
    const window: number[] = [];
    const keep: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const loaded = loadInChild(demoPath, DEMO_TRANSITIONS);
      ts.push(loaded);
      py.push(pythonLoadMs(demoPath));
      fresh.push(readFloorMs(demoPath, 'fresh'));
      window.push(readFloorMs(demoPath, 'window'));
      keep.push(readFloorMs(demoPath, 'keep', loaded.storedBytes));
    }
    const pyMs = py.every((x) => x !== null) ? median(py as number[]) : null;
    const tsMs = median(ts.map((r) => r.loadMs));
    const floorMs = median(keep);
    const result: Record<string, unknown> = {
      benchmark: 'pickle',
      demo: {
        transitions: DEMO_TRANSITIONS,
        fileBytes: demoBytes,
        writeMs,
        loadIntoBufferMs: tsMs,
        // CPU time of both threads during the load (frame memory is faulted in on a second thread).
        loadCpuMs: median(ts.map((r) => r.loadCpuMs)),
        // Loads whose frame memory a worker thread faulted in (`prefaultThread: 'auto'` skips it when no core is idle).
        prefaultThreadRuns: ts.filter((r) => r.prefaultThread).length,
        loadMBPerSecond: demoBytes / 1e6 / (tsMs / 1000),
        // The target: at most LOAD_VS_FLOOR_TARGET x the read floor of the same file in the same run.
        readFloorMs: floorMs,
        loadVsReadFloor: tsMs / floorMs,
        loadVsReadFloorTarget: LOAD_VS_FLOOR_TARGET,
        targetMs: LOAD_VS_FLOOR_TARGET * floorMs,
        speedupVsPython: pyMs === null ? null : pyMs / tsMs,
        storedBytes: ts[0].storedBytes,
      },
      reference: {
        ...(pyMs === null ? { python: 'python3 with numpy not available' } : { pythonPickleLoadMs: pyMs }),
        // Floors in a fresh node process: readSync of the whole file into new memory, and through a reused 4 MB window.
        readSyncIntoFreshMemoryMs: median(fresh),
        readSyncThroughWindowMs: median(window),
        // The least a streaming loader that keeps storedBytes (frames once) can spend: window read + copy into new memory.
        readThroughWindowKeepingStoredBytesMs: floorMs,
        runs: RUNS,
      },
    };
    await rm(demoPath);
    if (BIG_GB > 0) {
      const perTransition = 4 * PIXELS + 400;
      const count = Math.ceil((BIG_GB * 1e9) / perTransition);
      const bigPath = join(dir, 'big.pkl');
      const bigWriteStart = performance.now();
      await writeTransitionsPickle(bigPath, demoTransitions(count), { observationSpace: HIL_SERL_SPACE });
      const bigWriteMs = performance.now() - bigWriteStart;
      const bigBytes = (await stat(bigPath)).size;
      const big = loadInChild(bigPath, count);
      const bigPy = pythonLoadMs(bigPath);
      result.big = {
        transitions: big.transitions,
        fileBytes: bigBytes,
        writeMs: bigWriteMs,
        loadIntoBufferMs: big.loadMs,
        loadCpuMs: big.loadCpuMs,
        prefaultThread: big.prefaultThread,
        loadMBPerSecond: bigBytes / 1e6 / (big.loadMs / 1000),
        storedBytes: big.storedBytes,
        allocatedBytes: big.allocatedBytes,
        peakRssBytes: big.maxRssBytes,
        peakRssVsStored: big.maxRssBytes / big.storedBytes,
        rssBeforeLoadBytes: big.rssBeforeBytes,
        pythonPickleLoadMs: bigPy,
      };
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
