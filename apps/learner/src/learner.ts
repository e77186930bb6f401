import { ReplayBuffer, summarizeTransitionsPickle, SymmetricSampler } from '@rlpd/replay-buffer';
import { createProgressBar, type ProgressBar } from '@rlpd/cli';
import {
  agentObservationDim,
  encodeSafetensors,
  encoderPolicyMetadata,
  featureKey,
  frameFeatureCrops,
  latestCheckpoint,
  loadCheckpoint,
  observationKeysMetadata,
  saveCheckpoint,
  SacAgent,
  smallEncoderCameras,
  smallEncoderPolicyMetadata,
  withSmallEncoderFeatures,
  type LoadedEncoder,
} from '@rlpd/sac-agent';
import { boxSize, type EnvSpec, type EpisodeStats, type Transition } from '@rlpd/spaces';
import { LearnerServer, type ReceivedBatch } from '@rlpd/transport';
import { BatchSource, type BatchSourceOptions } from './batch-source.js';
import type { LearnerConfig } from './config.js';
import { criticUpdatesPerStep, sacConfigFromFlags } from './agent-flags.js';
import { EpisodeWindow } from './episode-window.js';
import { parseLearnerState } from './learner-state.js';
import { BufferDumps } from './buffer-dumps.js';
import { learnerStep } from './learner-step.js';
import { loadDemos } from './load-demos.js';
import type { Log } from '@rlpd/cli';
import { MetricsLog } from './metrics-log.js';
import { OnlineJournal } from './online-journal.js';
import { Timeline } from './timeline.js';

/** Summary the learner prints as its last stdout line (and to --status-file). */
export interface LearnerSummary {
  readonly learnerSteps: number;
  readonly pretrainSteps: number;
  readonly envSteps: number;
  readonly episodes: number;
  readonly successRate: number;
  readonly interventionRate: number;
  readonly checkpoint: string | null;
  readonly backend: string;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One training run: demo loading, optional demo-only warm-up, waiting for online data, then
 * RLPD updates on 50/50 batches while actors stream transitions in.
 */
export class Learner {
  private step = 0;
  private pretrainStep = 0;
  private paramsVersion = 0;
  private stopping = false;
  /** A journal write or fsync failed: acks can no longer mean durable, so the run ends with it. */
  private failure: Error | null = null;
  private lastCheckpoint: string | null = null;
  /** Learner step of the checkpoint this run wrote last (-1: none yet). */
  private checkpointedStep = -1;
  private readonly episodes = new EpisodeWindow(20);
  private transitionsReceived = 0;
  private readonly updateTimes: number[] = [];
  private readonly metrics: MetricsLog;
  private readonly timeline: Timeline;
  private readonly online: ReplayBuffer;
  private readonly demo: ReplayBuffer;
  private readonly sampler: SymmetricSampler;
  private readonly dumps: BufferDumps;
  private readonly journal: OnlineJournal;
  private readonly agent: SacAgent;
  private readonly server: LearnerServer;
  private resolvePort: (port: number) => void = () => undefined;
  /** The port the learner listens on (useful with --port 0), once it does. */
  readonly port = new Promise<number>((resolve) => (this.resolvePort = resolve));
  /** The frozen encoder whose features the buffers cache (--encoder), or null. */
  private readonly encoder: LoadedEncoder | null;
  /** --encoder small: the cameras of the encoder the agent trains (batches carry their frames), else null. */
  private readonly trainedEncoderCameras: readonly string[] | null;
  /** Frames encoded so far and the time it took (insert cost of the feature cache). */
  private readonly encodeStats = { frames: 0, ms: 0 };
  /** Shows frames being encoded while buffers fill from files (demos, or dumps on resume). */
  private encodeBar: { bar: ProgressBar; startFrames: number } | null = null;

  constructor(
    private readonly config: LearnerConfig,
    private readonly spec: EnvSpec,
    private readonly backend: string,
    private readonly log: Log,
    /** The frozen encoder of --encoder (loaded by the caller, see `openEncoder`); required unless --encoder none. */
    encoder: LoadedEncoder | null = null,
  ) {
    this.metrics = new MetricsLog(config.checkpointPath, { tensorboard: config.tensorboard });
    if (this.metrics.tensorboardPath !== null) log(`TensorBoard events: ${this.metrics.tensorboardPath} (tensorboard --logdir ${config.checkpointPath})`);
    this.timeline = new Timeline(log, this.metrics);
    const frozen = config.encoder !== 'none' && config.encoder !== 'small';
    if (frozen !== (encoder !== null)) throw new Error(`Learner: --encoder ${config.encoder} needs ${frozen ? 'a loaded' : 'no'} encoder`);
    if (config.encoder === 'small' && config.encoderWeights !== '')
      throw new Error('--encoder-weights: --encoder small starts from random weights and trains them; it reads no weights file');
    this.trainedEncoderCameras = config.encoder === 'small' ? smallEncoderCameras(spec.observationSpace) : null;
    this.encoder = encoder;
    const frameFeatures = this.encoder === null ? undefined : this.timedFeatures(this.encoder);
    const layout = { observationSpace: spec.observationSpace, actionDim: boxSize(spec.actionSpace), capacity: config.replayBufferCapacity, frameFeatures };
    this.online = new ReplayBuffer(layout);
    this.demo = new ReplayBuffer(layout);
    // With an encoder the agent reads every camera's features, then the configured keys.
    const cameras = this.encoder?.cameras ?? this.trainedEncoderCameras;
    const agentKeys = cameras === null ? config.agentObservationKeys : [...cameras.map(featureKey), ...config.agentObservationKeys];
    // --encoder small: batches carry frames; the agent computes the feature columns per batch.
    const agentSpace =
      this.trainedEncoderCameras === null
        ? this.online.batchObservationSpace
        : withSmallEncoderFeatures(this.online.batchObservationSpace, this.trainedEncoderCameras);
    this.sampler = new SymmetricSampler({ online: this.online, demo: this.demo, batchSize: config.batchSize, seed: config.seed });
    this.dumps = new BufferDumps(config.checkpointPath, this.online, this.demo, log, config.interventionBuffers === 'demo-and-online');
    this.journal = new OnlineJournal(config.checkpointPath, spec, { fsync: config.journalFsync, fsyncIntervalMs: config.journalFsyncIntervalMs }, log);
    this.agent = SacAgent.create({
      observationDim: agentObservationDim(agentSpace, agentKeys),
      observationKeys: agentKeys,
      actionDim: boxSize(spec.actionSpace),
      config: sacConfigFromFlags(config),
      seed: config.seed,
      ...(this.trainedEncoderCameras === null
        ? {}
        : { pixelEncoder: { cameras: this.trainedEncoderCameras, sameShiftAcrossCameras: config.drqSameShiftAcrossCameras } }),
    });
    this.server = new LearnerServer({
      port: config.port,
      host: config.host,
      token: config.token,
      envSpec: spec,
      logger: log,
      onTransitions: (actorId, transitions, seq, batch) => this.store(actorId, transitions, seq, batch),
      onStats: (actorId, stats) => this.recordEpisode(actorId, stats),
      status: () => this.status(),
    });
  }

  /** Runs the whole timeline until maxSteps or stop(); returns the summary. */
  async run(): Promise<LearnerSummary> {
    if (this.config.resume) await this.resume();
    this.journal.open();
    // Serve from the start: actors connect (and wait for the first parameters) and GET /status
    // reports progress while demos load and the learner pre-trains, which can take minutes.
    const port = await this.server.start();
    this.resolvePort(port);
    this.log(`listening on http://${this.config.host}:${port} (GET /status for progress)`);
    this.timeline.enter('loading-demos', this.step);
    const demoCount = await this.withEncodeProgress('encoding demo frames', this.config.demoPath, () =>
      loadDemos(this.config.demoPath, this.spec, this.demo, this.log),
    );
    this.log(`demo buffer holds ${this.demo.size} transitions (${demoCount} loaded)`);
    if (this.encoder !== null) this.logEncodeCost('demo frames');
    if (this.demo.size === 0)
      throw new Error('no demo transitions: pass at least one --demo-path with transitions (RLPD samples half of every batch from demos)');
    if (this.config.pretrainSteps > 0 && !this.config.resume) await this.pretrain();
    this.publish();
    this.timeline.enter('waiting-for-data', this.step, `${this.config.trainingStarts} online transitions needed`);
    while (!this.stopping && this.online.size < this.config.trainingStarts) await sleep(20);
    if (!this.stopping) {
      this.timeline.enter('training', this.step);
      await this.train();
    }
    const summary = await this.shutdown();
    if (this.failure !== null) throw this.failure;
    return summary;
  }

  /** Asks the loop to stop after the current update; the final checkpoint is written by run(). */
  stop(): void {
    if (!this.stopping) this.log('stop requested: finishing the current update, then checkpointing');
    this.stopping = true;
  }

  private async pretrain(): Promise<void> {
    this.timeline.enter('pretraining', this.step, `${this.config.pretrainSteps} demo-only learner steps`);
    await BatchSource.use(this.batchSourceOptions(true), async (batches) => {
      while (!this.stopping && this.pretrainStep < this.config.pretrainSteps) {
        const metrics = await learnerStep(batches, this.agent, criticUpdatesPerStep(this.config));
        this.pretrainStep += 1;
        if (this.pretrainStep % this.config.logPeriod === 0) this.metrics.write({ phase: 'pretraining', pretrainStep: this.pretrainStep, ...metrics });
        await yieldToEventLoop();
      }
    });
  }

  /** Runs once the online buffer holds `trainingStarts` transitions (the 50/50 batches need both buffers). */
  private async train(): Promise<void> {
    await BatchSource.use(this.batchSourceOptions(false), async (batches) => {
      while (!this.stopping && this.step < this.config.maxSteps) {
        const started = performance.now();
        const metrics = await learnerStep(batches, this.agent, criticUpdatesPerStep(this.config));
        this.step += 1;
        this.server.setLearnerStep(this.step);
        this.recordUpdateTime(performance.now() - started);
        if (this.step % this.config.stepsPerUpdate === 0) this.publish();
        if (this.step % this.config.logPeriod === 0) {
          this.metrics.write({ step: this.step, ...metrics, 'buffer/online': this.online.size, 'buffer/demo': this.demo.size });
        }
        if (this.config.checkpointPeriod > 0 && this.step % this.config.checkpointPeriod === 0) await this.checkpoint();
        // Actors' transitions are inserted, and the next batches prefetched, while we yield.
        await yieldToEventLoop();
      }
    });
  }

  private batchSourceOptions(demoOnly: boolean): BatchSourceOptions {
    return { sampler: this.sampler, demoOnly, depth: this.config.prefetchDepth, workers: this.config.prefetchWorkers };
  }

  /** Journals the batch, inserts it, and resolves (so the server acks it) once it is on disk. */
  private async store(actorId: string, transitions: readonly Transition[], seq: number, batch: ReceivedBatch): Promise<void> {
    try {
      await this.journal.append(actorId, seq, batch, () => this.insert(transitions));
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.log.error(`journal failed, stopping (acks can no longer mean durable): ${this.failure.message}`);
    this.stop();
  }

  /** The buffers' frame features (K DrQ crops per frame), timed for the insert-cost figures. */
  private timedFeatures(encoder: LoadedEncoder): ReturnType<typeof frameFeatureCrops> {
    const crops = frameFeatureCrops(encoder, { crops: this.config.encoderCrops, seed: this.config.seed });
    return {
      ...crops,
      encode: (frames) => {
        const started = performance.now();
        const out = crops.encode(frames);
        this.encodeStats.ms += performance.now() - started;
        this.encodeStats.frames += 1;
        const progress = this.encodeBar;
        if (progress !== null && this.encodeStats.frames % 25 === 0) progress.bar.update(this.encodeStats.frames - progress.startFrames);
        return out;
      },
    };
  }

  /**
   * Runs `load` (which fills buffers from `files`) with a progress bar of the frames encoded
   * when there is an encoder: about one frame per transition (counted first) plus one per episode.
   */
  private async withEncodeProgress<T>(label: string, files: readonly string[], load: () => Promise<T>): Promise<T> {
    if (this.encoder === null || files.length === 0) return load();
    let transitions = 0;
    for (const file of files) transitions += (await summarizeTransitionsPickle(file)).transitions;
    this.encodeBar = { bar: createProgressBar(label, transitions), startFrames: this.encodeStats.frames };
    try {
      return await load();
    } finally {
      this.encodeBar.bar.finish('', this.encodeStats.frames - this.encodeBar.startFrames);
      this.encodeBar = null;
    }
  }

  private logEncodeCost(what: string): void {
    const { frames, ms } = this.encodeStats;
    const perTransition = this.demo.size > 0 ? Math.round(this.demo.storedBytes / this.demo.size) : 0;
    this.log(
      `${what}: ${frames} frames encoded so far (${(ms / Math.max(1, frames)).toFixed(1)} ms per frame, ${this.config.encoderCrops} crops x ${this.encoder?.cameras.length} cameras); ${perTransition} bytes per demo transition`,
    );
  }

  private insert(transitions: readonly Transition[]): void {
    for (const t of transitions) {
      this.online.insert(t);
      // Interventions count as demonstrations (hil-serl): they also enter the demo buffer,
      // unless --intervention-buffers online. Journal replay on --resume comes through here too.
      if (t.intervened && this.config.interventionBuffers === 'demo-and-online') this.demo.insert(t);
    }
    this.transitionsReceived += transitions.length;
  }

  private recordEpisode(actorId: string, stats: EpisodeStats): void {
    this.episodes.add(stats);
    this.metrics.write({
      step: this.step,
      actor: actorId,
      // Env steps received so far (this episode's included: actors send its transitions before its stats).
      envSteps: this.transitionsReceived,
      'environment/episode/r': stats.return,
      'environment/episode/l': stats.length,
      'environment/episode/t': stats.duration,
      'environment/episode/success': stats.success,
      'environment/episode/intervention_count': stats.interventionCount,
      'environment/episode/intervention_steps': stats.interventionSteps,
    });
  }

  private publish(): void {
    this.paramsVersion += 1;
    // The keys the policy reads travel with it, so actors build their input as the learner says.
    const encoderMetadata =
      this.encoder !== null ? encoderPolicyMetadata(this.encoder) : this.trainedEncoderCameras !== null ? smallEncoderPolicyMetadata() : {};
    const metadata = { ...observationKeysMetadata(this.agent.observationKeys), ...encoderMetadata };
    this.server.publishParams(this.paramsVersion, this.step, encodeSafetensors(this.agent.exportPolicy(), metadata));
  }

  private recordUpdateTime(ms: number): void {
    this.updateTimes.push(ms);
    if (this.updateTimes.length > 50) this.updateTimes.shift();
  }

  private status(): Record<string, unknown> {
    const meanMs = this.updateTimes.reduce((a, b) => a + b, 0) / Math.max(1, this.updateTimes.length);
    return {
      phase: this.timeline.phase,
      learnerStep: this.step,
      trainingStarts: this.config.trainingStarts,
      pretrainStep: this.pretrainStep,
      onlineBufferSize: this.online.size,
      demoBufferSize: this.demo.size,
      transitionsReceived: this.transitionsReceived,
      episodes: this.episodes.episodes,
      successRate: this.episodes.successRate,
      interventionRate: this.episodes.interventionRate,
      updatesPerSecond: this.updateTimes.length === 0 ? 0 : 1000 / meanMs,
      paramsVersion: this.paramsVersion,
      ...(this.encoder === null
        ? {}
        : {
            encodedFrames: this.encodeStats.frames,
            encodeMsPerFrame: this.encodeStats.ms / Math.max(1, this.encodeStats.frames),
            bufferBytesPerTransition: this.online.storedBytes / Math.max(1, this.online.size),
          }),
      checkpoint: this.lastCheckpoint,
      backend: this.backend,
    };
  }

  private async checkpoint(): Promise<void> {
    // A periodic checkpoint at the last step already is the final one.
    if (this.checkpointedStep === this.step) return;
    await this.dumps.dump(this.step); // buffer/ and demo_buffer/transitions_<step>.pkl, before the checkpoint names the step
    // The sampler's RNG is ahead of the batches trained on by the ones prefetched (up to
    // --prefetch-depth): a resumed run draws fresh batches from there, it does not replay those.
    const state = {
      config: this.config,
      step: this.step,
      pretrainStep: this.pretrainStep,
      paramsVersion: this.paramsVersion,
      sampler: this.sampler.getRngState(),
      dumpedOnline: this.dumps.dumped,
    };
    this.lastCheckpoint = await saveCheckpoint(this.config.checkpointPath, this.step, this.agent, state);
    this.log(`checkpoint written: ${this.lastCheckpoint}`);
    this.checkpointedStep = this.step;
  }

  /**
   * The newest complete checkpoint gives the agent, the step and the sampler; the journal gives
   * every acked batch (before and after that checkpoint) and each actor's last durable seq.
   * A learner killed before its first checkpoint resumes from the journal alone, at step 0.
   */
  private async resume(): Promise<void> {
    const dir = await latestCheckpoint(this.config.checkpointPath);
    const journaled = this.journal.exists();
    if (!dir && !journaled) throw new Error(`--resume: no checkpoint_<step> folder and no journal in ${this.config.checkpointPath}`);
    let dumpedOnline: number | undefined;
    if (dir) {
      const { tensors, state } = await loadCheckpoint(dir);
      this.agent.importState(tensors);
      const saved = parseLearnerState(state, dir);
      this.step = saved.step;
      this.pretrainStep = saved.pretrainStep;
      this.paramsVersion = saved.paramsVersion;
      this.sampler.setRngState(saved.sampler);
      dumpedOnline = saved.dumpedOnline;
      this.lastCheckpoint = dir;
      this.log(`resumed from ${dir} at learner step ${this.step}; continuing at step ${this.step + 1}`);
    } else {
      this.log(`--resume: no complete checkpoint in ${this.config.checkpointPath} yet: the agent starts afresh at step 0, the buffers come from the journal`);
    }
    this.server.setLearnerStep(this.step);
    if (!journaled) {
      // A run from before the journal existed: its buffers are in the dumps (re-encoded with a progress bar when features are cached).
      const dumps = await this.dumps.files();
      await this.withEncodeProgress('rebuilding the feature cache', dumps, () => this.dumps.restore());
      return;
    }
    // With an encoder, each replayed frame is encoded again as it is inserted (the feature cache is rebuilt, not stored).
    const replay = this.journal.replay((_actorId, transitions) => this.insert(transitions));
    this.server.restoreCursors(replay.cursors);
    await this.dumps.removeAfter(dir ? this.step : -1);
    this.dumps.markDumped(dir ? (dumpedOnline ?? this.online.totalInserted) : 0);
    const cursors = Object.entries(replay.cursors).map(([id, c]) => `${id}#${c.lastSeq}`);
    this.log(
      `replayed ${replay.records} journal records (${replay.transitions} transitions) from ${this.journal.path}; last durable seqs: ${cursors.join(', ') || 'none'}`,
    );
  }

  private async shutdown(): Promise<LearnerSummary> {
    this.timeline.enter('stopping', this.step);
    await this.checkpoint();
    await this.server.close();
    await this.journal.close();
    this.agent.dispose();
    this.encoder?.dispose();
    this.timeline.enter('stopped', this.step);
    this.metrics.close();
    return {
      learnerSteps: this.step,
      pretrainSteps: this.pretrainStep,
      envSteps: this.transitionsReceived,
      episodes: this.episodes.episodes,
      successRate: this.episodes.successRate,
      interventionRate: this.episodes.interventionRate,
      checkpoint: this.lastCheckpoint,
      backend: this.backend,
    };
  }
}
