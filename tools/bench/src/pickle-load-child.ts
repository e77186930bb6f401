#!/usr/bin/env node
import { loadTransitionsPickle, ReplayBuffer } from '@rlpd/replay-buffer';
import { ACTION_DIM, HIL_SERL_SPACE } from './demo-transitions.js';

/**
 * Loads one pickle into a buffer in a fresh process and prints its figures as JSON, so the
 * pickle benchmark can read this process's peak RSS: `node pickle-load-child.js FILE CAPACITY`.
 */
const [path, capacity] = process.argv.slice(2);
const rssBeforeBytes = process.memoryUsage().rss;
const buffer = new ReplayBuffer({ observationSpace: HIL_SERL_SPACE, actionDim: ACTION_DIM, capacity: Number(capacity) });
const started = performance.now();
const cpuBefore = process.cpuUsage();
const report = await loadTransitionsPickle(path, buffer);
const loadMs = performance.now() - started;
// User + system time of all the process's threads (the loader faults frame memory in on a second one).
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    transitions: report.transitions,
    loadMs,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
    prefaultThread: report.prefaultThread,
    rssBeforeBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    storedBytes: buffer.storedBytes,
    allocatedBytes: buffer.allocatedBytes,
  })}\n`,
);
