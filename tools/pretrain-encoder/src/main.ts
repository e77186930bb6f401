#!/usr/bin/env node
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configFromArgv, createProgressBar } from '@rlpd/cli';
import { ENCODER_METADATA, encodeSafetensors, initBackend, predictStates, pretrainStateRegressor, SMALL_CONV_NET } from '@rlpd/sac-agent';
import { pretrainEncoderConfigSchema } from './config.js';
import { regressionErrors } from './evaluate.js';
import { renderDataset, TARGET_NAMES } from './render-dataset.js';

const config = configFromArgv(pretrainEncoderConfigSchema, process.argv.slice(2), {
  command: 'npm run -s pretrain-encoder --',
  summary:
    'Pretrains the default frozen encoder: renders pick-cube-vision frames (front and wrist), trains one small conv net per camera with a linear head to predict the ' +
    "cube position, TCP position and gripper opening (the sim's privileged state), reports held-out errors and writes the weights. Prints one JSON summary line.",
});

try {
  const startedAt = Date.now();
  const backend = await initBackend(config.backend, (line) => process.stderr.write(`${line}\n`));
  const renderBar = (label: string, total: number) => {
    const bar = createProgressBar(label, total);
    return { update: (n: number) => (n % 50 === 0 ? bar.update(n) : undefined), finish: () => bar.finish() };
  };
  const trainBar = renderBar('render train', config.trainFrames);
  const train = await renderDataset(config.trainFrames, config.framesPerEpisode, config.seed, trainBar.update);
  trainBar.finish();
  const testBar = renderBar('render test ', config.testFrames);
  // Held-out episodes: seeds far from the training ones.
  const test = await renderDataset(config.testFrames, config.framesPerEpisode, config.seed + 1_000_000, testBar.update);
  testBar.finish();

  const total = config.epochs * Math.floor(train.count / config.batchSize);
  const bar = createProgressBar('train       ', total);
  let smoothed = Number.NaN;
  const weights = pretrainStateRegressor(train, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    seed: config.seed,
    onBatch: (done, all, loss) => {
      smoothed = Number.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
      if (done % 10 === 0 || done === all) bar.update(done, `loss ${smoothed.toFixed(4)}`);
    },
  });
  bar.finish(`loss ${smoothed.toFixed(4)}`);

  const trainMean = Array.from(weights['head/target_mean'].data);
  const heldOut = regressionErrors(predictStates(weights, test), test.targets, trainMean);
  const trainErrors = regressionErrors(predictStates(weights, train), train.targets, trainMean);
  const metadata = {
    [ENCODER_METADATA.architecture]: 'small-conv',
    [ENCODER_METADATA.cameras]: train.cameras.join(','),
    feature_dim: String(SMALL_CONV_NET.featureDim),
    head_targets: TARGET_NAMES.join(','),
    pretraining: JSON.stringify({ ...config, out: undefined, backend }),
    held_out_errors: JSON.stringify(heldOut),
  };
  const out = resolve(config.out);
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.tmp-${process.pid}`;
  writeFileSync(temp, encodeSafetensors(weights, metadata));
  renameSync(temp, out);
  const seconds = Math.round((Date.now() - startedAt) / 100) / 10;
  process.stdout.write(`${JSON.stringify({ out, seconds, backend, heldOut, train: trainErrors })}\n`);
} catch (error) {
  process.stderr.write(`pretrain-encoder: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
