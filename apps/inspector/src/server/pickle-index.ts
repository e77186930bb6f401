import { streamTransitionsPickle, type StoredField } from '@rlpd/replay-buffer';
import type { Transition } from '@rlpd/spaces';
import type { Camera, EpisodeData, EpisodeSummary, FileIndex } from '../protocol.js';
import { GrowableFloat32 } from './growable-float32.js';

/** Non-camera observation arrays with more elements than this are not plotted (e.g. depth maps). */
const MAX_PLOTTED_ELEMENTS = 256;

/** Where one camera frame is: a byte offset in the file, or (when the file stores it converted) a copy. */
type FrameLocation = number | Uint8Array;

interface CameraColumn extends Camera {
  /** Bytes of one frame (H * W * C). */
  readonly frameBytes: number;
  /** Byte offset of the shown (last stacked) frame inside the stored array. */
  readonly lastFrameOffset: number;
  readonly frames: FrameLocation[];
}

interface Layout {
  readonly cameras: CameraColumn[];
  readonly stateKeys: string[];
  readonly stateLabels: string[];
  readonly actionSize: number;
}

/**
 * A demo or buffer pickle's index, built in one streaming pass: per-step state, actions,
 * rewards and intervention flags (small), and for camera frames only where they sit in the file,
 * so a viewer reads one frame at a time and never holds the images.
 */
export class PickleIndex {
  private constructor(
    readonly file: string,
    private readonly cameraColumns: readonly CameraColumn[],
    private readonly stateKeys: readonly string[],
    readonly stateLabels: readonly string[],
    readonly actionSize: number,
    private readonly state: GrowableFloat32,
    private readonly actions: GrowableFloat32,
    private readonly rewards: GrowableFloat32,
    private readonly intervened: readonly boolean[],
    readonly episodes: readonly EpisodeSummary[],
  ) {}

  get transitions(): number {
    return this.intervened.length;
  }

  /**
   * Streams `file` once. Episodes end at each transition with `dones` true (hil-serl sets it on
   * termination and on truncation); steps after the last `dones` form an unfinished episode.
   * `onProgress` receives the count of transitions read so far.
   */
  static async build(file: string, onProgress: (transitions: number) => void = () => undefined): Promise<PickleIndex> {
    const first: { layout: Layout | null } = { layout: null };
    const state = new GrowableFloat32();
    const actions = new GrowableFloat32();
    const rewards = new GrowableFloat32();
    const intervened: boolean[] = [];
    const episodes: EpisodeSummary[] = [];
    let episode = new EpisodeTally(0);
    await streamTransitionsPickle(file, ({ index, transition, stored, sourceOffsets }) => {
      const layout = (first.layout ??= layoutOf(transition, stored));
      for (const camera of layout.cameras) {
        const at = sourceOffsets[`observations.${camera.key}`];
        const pixels = transition.observations[camera.key];
        // Arrays the file stores converted (no offset) are kept: the only frames held in memory.
        if (at !== undefined) camera.frames.push(at + camera.lastFrameOffset);
        else if (pixels instanceof Uint8Array) camera.frames.push(pixels.slice(camera.lastFrameOffset, camera.lastFrameOffset + camera.frameBytes));
        else throw new Error(`${file}: transition ${index}: camera '${camera.key}' is not uint8 here although transition 0's is`);
      }
      for (const key of layout.stateKeys) state.push(transition.observations[key]);
      actions.push(transition.actions);
      rewards.push([transition.rewards]);
      intervened.push(transition.intervened);
      episode.add(transition);
      if (transition.dones) {
        episodes.push(episode.summary(true));
        episode = new EpisodeTally(index + 1);
      }
      if ((index + 1) % 1000 === 0) onProgress(index + 1);
    });
    if (episode.length > 0) episodes.push(episode.summary(false));
    const { cameras, stateKeys, stateLabels, actionSize } = first.layout ?? { cameras: [], stateKeys: [], stateLabels: [], actionSize: 0 };
    return new PickleIndex(file, cameras, stateKeys, stateLabels, actionSize, state, actions, rewards, intervened, episodes);
  }

  get cameras(): readonly Camera[] {
    return this.cameraColumns.map(({ key, height, width, channels }) => ({ key, height, width, channels }));
  }

  /** What `GET /api/files/:file` answers once the index is built. */
  toJSON(): FileIndex {
    return {
      file: this.file,
      transitions: this.transitions,
      cameras: [...this.cameras],
      stateLabels: [...this.stateLabels],
      actionSize: this.actionSize,
      episodes: [...this.episodes],
    };
  }

  /** Per-step values of episode `episode` (0-based), or null when there is no such episode. */
  episodeData(episode: number): EpisodeData | null {
    const e = this.episodes[episode];
    if (e === undefined) return null;
    const stateSize = this.stateLabels.length;
    const end = e.start + e.length;
    return {
      state: this.state.slice(e.start * stateSize, end * stateSize),
      actions: this.actions.slice(e.start * this.actionSize, end * this.actionSize),
      rewards: this.rewards.slice(e.start, end),
      intervened: this.intervened.slice(e.start, end),
    };
  }

  /** Where the frame of `camera` at transition `step` is, with its layout; null when either does not exist. */
  frame(camera: string, step: number): { camera: Camera; frameBytes: number; location: FrameLocation } | null {
    const column = this.cameraColumns.find((c) => c.key === camera);
    const location = column?.frames[step];
    if (column === undefined || location === undefined) return null;
    return { camera: column, frameBytes: column.frameBytes, location };
  }
}

/** Running totals of the episode being read. */
class EpisodeTally {
  length = 0;
  private total = 0;
  private intervenedSteps = 0;
  private interventions = 0;
  private previousIntervened = false;
  private last: Transition | null = null;

  constructor(private readonly start: number) {}

  add(t: Transition): void {
    this.length++;
    this.total += t.rewards;
    if (t.intervened) {
      this.intervenedSteps++;
      if (!this.previousIntervened) this.interventions++;
    }
    this.previousIntervened = t.intervened;
    this.last = t;
  }

  /** Success as `merge --successful-only` decides it: the last step's `infos.succeed`, else its reward > 0. */
  summary(ended: boolean): EpisodeSummary {
    const success = this.last === null ? false : (this.last.success ?? this.last.rewards > 0);
    return {
      start: this.start,
      length: this.length,
      return: this.total,
      success,
      intervenedSteps: this.intervenedSteps,
      interventions: this.interventions,
      ended,
    };
  }
}

/** A uint8 observation shaped `[..., H, W, C]` with C in 1, 3, 4 is a camera; leading dims are stacked frames. */
function cameraOf(key: string, field: StoredField): CameraColumn | null {
  const shape = field.shape;
  if (field.dtype !== 'uint8' || shape.length < 3) return null;
  const [height, width, channels] = shape.slice(-3);
  if (![1, 3, 4].includes(channels) || height < 2 || width < 2) return null;
  const frameBytes = height * width * channels;
  const stacked = shape.slice(0, -3).reduce((a, b) => a * b, 1);
  return { key, height, width, channels, frameBytes, lastFrameOffset: (stacked - 1) * frameBytes, frames: [] };
}

/** Cameras, plotted state keys and action size, decided from the first transition (the reader checks the rest match it). */
function layoutOf(t: Transition, stored: Readonly<Record<string, StoredField>>): Layout {
  const cameras: CameraColumn[] = [];
  const stateKeys: string[] = [];
  const stateLabels: string[] = [];
  for (const key of Object.keys(t.observations)) {
    const field = stored[`observations.${key}`];
    const camera = field === undefined ? null : cameraOf(key, field);
    if (camera !== null) {
      cameras.push(camera);
      continue;
    }
    const size = t.observations[key].length;
    if (size > MAX_PLOTTED_ELEMENTS) continue;
    stateKeys.push(key);
    for (let i = 0; i < size; i++) stateLabels.push(`${key}[${i}]`);
  }
  return { cameras, stateKeys, stateLabels, actionSize: t.actions.length };
}
