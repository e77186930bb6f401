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

export type SacMetricKey = (typeof SAC_METRIC_KEYS)[number];

/** A flat record of scalar metrics keyed by {@link SAC_METRIC_KEYS}. */
export type SacMetrics = Readonly<Partial<Record<SacMetricKey, number>>>;
