import { parseCli } from '@rlpd/cli';
import { resolveSacConfig } from '@rlpd/sac-agent';
import { describe, expect, it } from 'vitest';
import { criticUpdatesPerStep, sacConfigFromFlags } from './agent-flags.js';
import { learnerConfigSchema } from './config.js';

const parse = (argv: string[]) => {
  const result = parseCli(learnerConfigSchema, argv, { command: 'learner', summary: '' });
  if (result.kind !== 'config') throw new Error('expected a config');
  return result.config;
};

describe('agent flags', () => {
  it('default to hil-serl: 2 critics, no subsampling, cta_ratio 2', () => {
    const config = parse([]);
    expect(resolveSacConfig(sacConfigFromFlags(config))).toMatchObject({
      criticEnsembleSize: 2,
      criticSubsample: null,
      tau: 0.005,
      initTemperature: 0.01,
      backupEntropy: false,
      targetEntropy: null,
    });
    expect(criticUpdatesPerStep(config)).toBe(2);
  });

  it("give RLPD's configuration with its names: 10 critics, min over 2, UTD 20", () => {
    const config = parse([
      '--critic-ensemble-size',
      '10',
      '--critic-subsample-size',
      '2',
      '--utd',
      '20',
      '--discount',
      '0.99',
      '--soft-target-update-rate',
      '0.01',
      '--backup-entropy',
      '--target-entropy=-3',
    ]);
    const sac = resolveSacConfig(sacConfigFromFlags(config));
    expect(sac).toMatchObject({ criticEnsembleSize: 10, criticSubsample: 2, discount: 0.99, tau: 0.01, backupEntropy: true, targetEntropy: -3 });
    expect(criticUpdatesPerStep(config)).toBe(20);
  });

  it('reject a subset larger than the ensemble, naming the field', () => {
    expect(() => resolveSacConfig(sacConfigFromFlags(parse(['--critic-subsample-size', '3'])))).toThrow(/criticSubsample must be <= criticEnsembleSize/);
  });
});
