/** Fields of the learner's GET /status that the progress line shows. */
export interface LearnerStatus {
  readonly phase?: string;
  readonly learnerStep?: number;
  readonly pretrainStep?: number;
  readonly transitionsReceived?: number;
  readonly episodes?: number;
  readonly successRate?: number;
  readonly interventionRate?: number;
  readonly updatesPerSecond?: number;
}

const percent = (x: number | undefined): string => `${Math.round((x ?? 0) * 100)}%`.padStart(4);

/** One line: env steps, learner steps, episodes, success over the last 20, interventions, updates/s. */
export function formatProgress(status: LearnerStatus, maxSteps: number, elapsedSeconds: number): string {
  const envSteps = status.transitionsReceived ?? 0;
  const pretrain = status.phase === 'pretraining' ? ` pretrain ${status.pretrainStep ?? 0}` : '';
  return [
    `${formatDuration(elapsedSeconds)}`,
    `env ${envSteps}/${maxSteps}`,
    `learner ${status.learnerStep ?? 0}${pretrain}`,
    `episodes ${status.episodes ?? 0}`,
    `success(last 20) ${percent(status.successRate)}`,
    `interventions ${percent(status.interventionRate)}`,
    `${(status.updatesPerSecond ?? 0).toFixed(1)} updates/s`,
    `${status.phase ?? 'starting'}`,
  ].join(' | ');
}

function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
