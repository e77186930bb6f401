/** Metric keys reported by `SacAgent.updateCritic` (the first four) and `updateFull` (all), hil-serl's names. */
export const SAC_METRIC_KEYS = [
  'critic/critic_loss',
  'critic/predicted_qs',
  'critic/target_qs',
  'critic/rewards',
  'actor/actor_loss',
  'actor/temperature',
  'actor/entropy',
  'temperature/temperature_loss',
] as const;

/** Added to every update's metrics with a learned gripper (hil-serl's grasp critic key first). */
export const GRASP_METRIC_KEYS = ['grasp_critic/grasp_critic_loss', 'grasp_critic/predicted_grasp_qs'] as const;

export type SacMetricKey = (typeof SAC_METRIC_KEYS)[number] | (typeof GRASP_METRIC_KEYS)[number];

/** A flat record of scalar metrics keyed by {@link SAC_METRIC_KEYS} (and {@link GRASP_METRIC_KEYS}). */
export type SacMetrics = Readonly<Partial<Record<SacMetricKey, number>>>;
