import { episodeDataSchema, fileStatusSchema, type EpisodeData, type FileIndex } from '../protocol.js';
import { el, getFrame, getJson, sleep } from './api.js';
import { StepPlots } from './step-plots.js';

/** Frames per second while playing (frames are fetched one by one, so slow disks play slower). */
const PLAY_FPS = 10;
const POLL_MS = 300;

/** One pickle: totals, episode list, and the selected episode's frames, scrubber and plots. */
export class DemoView {
  private closed = false;
  private index: FileIndex | null = null;
  private episode = 0;
  private data: EpisodeData | null = null;
  private step = 0;
  private playing = false;
  private plots: StepPlots | null = null;
  /** Increases with every step change, so a slow frame reply never overwrites a newer frame. */
  private frameRequest = 0;
  private readonly rows: HTMLTableRowElement[] = [];
  private readonly canvases = new Map<string, HTMLCanvasElement>();
  private readonly episodeBox = el('div', 'episode');
  private readonly scrubber = el('input');
  private readonly stepLabel = el('span', 'step');
  private readonly playButton = el('button', '', 'play');
  private readonly onKey = (event: KeyboardEvent): void => this.key(event);

  constructor(
    private readonly root: HTMLElement,
    private readonly file: number,
  ) {
    void this.load().catch((error: unknown) => this.fail(error));
  }

  close(): void {
    this.closed = true;
    this.playing = false;
    this.plots?.destroy();
    document.removeEventListener('keydown', this.onKey);
  }

  private fail(error: unknown): void {
    this.root.append(el('p', 'error', error instanceof Error ? error.message : String(error)));
  }

  private async load(): Promise<void> {
    const progress = el('p', '', 'Indexing…');
    this.root.append(progress);
    for (;;) {
      const status = await getJson(`/api/files/${this.file}`, fileStatusSchema);
      if (this.closed) return;
      if (status.status === 'ready') {
        progress.remove();
        this.index = status.index;
        break;
      }
      if (status.status === 'failed') {
        progress.remove();
        this.root.append(el('h2', '', `Cannot show ${status.file}`), el('p', 'error', status.error));
        return;
      }
      progress.textContent = `Indexing ${status.file}: ${status.transitionsSoFar} transitions read…`;
      await sleep(POLL_MS);
    }
    this.render(this.index);
    document.addEventListener('keydown', this.onKey);
    if (this.index.episodes.length > 0) await this.selectEpisode(0);
  }

  private render(index: FileIndex): void {
    const cameras = index.cameras.map((c) => `${c.key} ${c.width}×${c.height}×${c.channels}`).join(', ') || 'none';
    const totals = `${index.file}: ${index.transitions} transitions, ${index.episodes.length} episodes, cameras: ${cameras}, state size ${index.stateLabels.length}, action size ${index.actionSize}`;
    this.root.append(el('p', 'totals', totals));
    this.root.append(el('p', 'hint', 'Keys: ← → step, space play/pause, ↑ ↓ previous/next episode. Shaded: intervened steps; red line: current step.'));
    const table = el('table', 'episodes');
    const head = el('tr');
    for (const title of ['episode', 'length', 'return', 'success', 'interventions', 'intervened steps']) head.append(el('th', '', title));
    table.append(el('thead'), el('tbody'));
    table.tHead?.append(head);
    index.episodes.forEach((e, i) => {
      const row = el('tr');
      const cells = [String(i), String(e.length), e.return.toFixed(2), e.success ? 'yes' : 'no', String(e.interventions), String(e.intervenedSteps)];
      if (!e.ended) cells[0] += ' (unfinished)';
      for (const text of cells) row.append(el('td', '', text));
      row.addEventListener('click', () => void this.selectEpisode(i).catch((error: unknown) => this.fail(error)));
      table.tBodies[0].append(row);
      this.rows.push(row);
    });
    const demo = el('div', 'demo');
    demo.append(table, this.episodeBox);
    this.root.append(demo);
  }

  private async selectEpisode(episode: number): Promise<void> {
    const index = this.index;
    if (index === null || episode < 0 || episode >= index.episodes.length) return;
    this.episode = episode;
    this.playing = false;
    this.rows.forEach((row, i) => row.classList.toggle('selected', i === episode));
    this.rows[episode].scrollIntoView({ block: 'nearest' });
    const data = await getJson(`/api/files/${this.file}/episodes/${episode}`, episodeDataSchema);
    if (this.closed || this.episode !== episode) return;
    this.data = data;
    this.plots?.destroy();
    this.canvases.clear();
    const length = index.episodes[episode].length;
    this.scrubber.type = 'range';
    this.scrubber.min = '0';
    this.scrubber.max = String(Math.max(0, length - 1));
    this.scrubber.value = '0';
    this.scrubber.oninput = () => void this.showStep(Number(this.scrubber.value));
    this.playButton.onclick = () => this.togglePlay();
    this.playButton.textContent = 'play';
    const controls = el('div', 'controls');
    controls.append(this.playButton, this.scrubber, this.stepLabel);
    const frames = el('div', 'frames');
    for (const camera of index.cameras) {
      const figure = el('figure');
      const canvas = el('canvas');
      canvas.width = camera.width;
      canvas.height = camera.height;
      canvas.dataset.camera = camera.key;
      figure.append(canvas, el('figcaption', '', camera.key));
      frames.append(figure);
      this.canvases.set(camera.key, canvas);
    }
    const plotBox = el('div', 'plots');
    this.episodeBox.replaceChildren(el('h3', '', `Episode ${episode}`), controls, frames, plotBox);
    const stateSize = index.stateLabels.length;
    const dims = [
      ...index.stateLabels.map((label, d) => ({ label, values: column(data.state, stateSize, d) })),
      ...Array.from({ length: index.actionSize }, (_, d) => ({ label: `action[${d}]`, values: column(data.actions, index.actionSize, d) })),
      { label: 'reward', values: data.rewards },
    ];
    this.plots = new StepPlots(plotBox, dims, data.intervened);
    await this.showStep(0);
  }

  private async showStep(step: number): Promise<void> {
    const index = this.index;
    const data = this.data;
    if (index === null || data === null) return;
    const length = data.rewards.length;
    this.step = Math.min(Math.max(0, step), Math.max(0, length - 1));
    this.scrubber.value = String(this.step);
    const at = index.episodes[this.episode].start + this.step;
    this.stepLabel.textContent = `step ${this.step} / ${length - 1} (transition ${at})${data.intervened[this.step] ? ' · intervened' : ''}`;
    this.plots?.setStep(this.step);
    const request = ++this.frameRequest;
    const frames = await Promise.all(index.cameras.map((c) => getFrame(`/api/files/${this.file}/frame?camera=${encodeURIComponent(c.key)}&step=${at}`)));
    if (request !== this.frameRequest || this.closed) return;
    index.cameras.forEach((c, i) => this.canvases.get(c.key)?.getContext('2d')?.putImageData(frames[i], 0, 0));
  }

  private togglePlay(): void {
    this.playing = !this.playing;
    this.playButton.textContent = this.playing ? 'pause' : 'play';
    if (this.playing) void this.play().catch((error: unknown) => this.fail(error));
  }

  private async play(): Promise<void> {
    const length = this.data?.rewards.length ?? 0;
    if (this.step >= length - 1) await this.showStep(0);
    while (this.playing && !this.closed && this.step < length - 1) {
      await Promise.all([this.showStep(this.step + 1), sleep(1000 / PLAY_FPS)]);
    }
    this.playing = false;
    this.playButton.textContent = 'play';
  }

  private key(event: KeyboardEvent): void {
    const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
    const episode = { ArrowUp: -1, ArrowDown: 1 }[event.key];
    if (step !== undefined) void this.showStep(this.step + step);
    else if (episode !== undefined) void this.selectEpisode(this.episode + episode);
    else if (event.key === ' ') this.togglePlay();
    else return;
    // The scrubber and the page would otherwise also react (double steps, scrolling).
    event.preventDefault();
  }
}

/** Dimension `d` of a row-major `[steps, size]` array. */
function column(values: readonly number[], size: number, d: number): number[] {
  const out: number[] = [];
  for (let i = d; i < values.length; i += size) out.push(values[i]);
  return out;
}
