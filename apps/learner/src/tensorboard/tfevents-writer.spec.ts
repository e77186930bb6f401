import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsLog } from '../metrics-log.js';
import { crc32c, maskedCrc32c } from './crc32c.js';
import { TfEventsWriter } from './tfevents-writer.js';

const work = mkdtempSync(join(tmpdir(), 'rlpd-tfevents-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The fields of tensorflow/core/util/event.proto and summary.proto that scalar summaries use,
 * decoded by protobufjs (an independent protobuf implementation) rather than by our encoder.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    Event: {
      fields: {
        wallTime: { type: 'double', id: 1 },
        step: { type: 'int64', id: 2 },
        fileVersion: { type: 'string', id: 3 },
        summary: { type: 'Summary', id: 5 },
      },
    },
    Summary: {
      fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
      nested: { Value: { fields: { tag: { type: 'string', id: 1 }, simpleValue: { type: 'float', id: 2 } } } },
    },
  },
});
const Event = root.lookupType('Event');

interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion: string;
  values: [string, number][];
}

/** Reads a TFRecord file, checking both masked CRCs of every record, and decodes each Event. */
function readEvents(path: string): DecodedEvent[] {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: DecodedEvent[] = [];
  for (let at = 0; at < bytes.length;) {
    const length = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc32c(bytes.subarray(at, at + 8)));
    const data = bytes.subarray(at + 12, at + 12 + length);
    expect(view.getUint32(at + 12 + length, true)).toBe(maskedCrc32c(data));
    const event = Event.toObject(Event.decode(data), { longs: Number, defaults: true }) as {
      wallTime: number;
      step: number;
      fileVersion: string;
      summary?: { value: { tag: string; simpleValue: number }[] };
    };
    events.push({
      wallTime: event.wallTime,
      step: event.step,
      fileVersion: event.fileVersion,
      values: (event.summary?.value ?? []).map((v) => [v.tag, v.simpleValue]),
    });
    at += 12 + length + 4;
  }
  return events;
}

describe('TensorBoard events', () => {
  it('computes CRC-32C like the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('writes TFRecord-framed Events with scalar summaries that a protobuf decoder reads back', () => {
    const writer = new TfEventsWriter(join(work, 'direct'), 1_700_000_000.5);
    writer.scalars(
      1_700_000_001.25,
      300,
      new Map([
        ['critic/critic_loss', 0.125],
        ['actor/temperature', 0.01],
      ]),
    );
    writer.scalars(1_700_000_002, 2 ** 40, new Map([['x', -3]]));
    writer.close();
    expect(writer.path).toMatch(/events\.out\.tfevents\.1700000000\./);
    const events = readEvents(writer.path);
    expect(events[0]).toEqual({ wallTime: 1_700_000_000.5, step: 0, fileVersion: 'brain.Event:2', values: [] });
    expect(events[1]).toMatchObject({
      wallTime: 1_700_000_001.25,
      step: 300,
      values: [
        ['critic/critic_loss', 0.125],
        ['actor/temperature', Math.fround(0.01)],
      ],
    });
    expect(events[2]).toMatchObject({ step: 2 ** 40, values: [['x', -3]] });
  });

  it("mirrors the learner's metrics: update and episode lines at their step, pretraining apart, phases skipped", () => {
    const folder = join(work, 'run');
    const metrics = new MetricsLog(folder, { tensorboard: true });
    metrics.write({ event: 'phase', phase: 'pretraining', learnerStep: 0, elapsedSeconds: 1 });
    metrics.write({ phase: 'pretraining', pretrainStep: 10, 'critic/critic_loss': 4 });
    metrics.write({ step: 20, 'critic/critic_loss': 0.5, 'buffer/online': 100 });
    metrics.write({ step: 20, envSteps: 150, 'environment/episode/r': 1, 'environment/episode/success': true });
    metrics.close();
    const [file] = readdirSync(join(folder, 'tensorboard'));
    const events = readEvents(join(folder, 'tensorboard', file));
    expect(events.slice(1).map((e) => [e.step, e.values])).toEqual([
      [10, [['pretrain/critic/critic_loss', 4]]],
      [
        20,
        [
          ['critic/critic_loss', 0.5],
          ['buffer/online', 100],
        ],
      ],
      [
        20,
        [
          ['envSteps', 150],
          ['environment/episode/r', 1],
          ['environment/episode/success', 1],
        ],
      ],
    ]);
    expect(readFileSync(metrics.path, 'utf8').trim().split('\n')).toHaveLength(4);
  });
});
