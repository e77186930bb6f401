/** Held-out errors of the head's predictions, in cm for positions. */
export interface RegressionErrors {
  /** Mean Euclidean error of the cube position (cm). */
  readonly cubeCm: number;
  readonly cubeMedianCm: number;
  /** The same for a constant guess (the training mean), for scale. */
  readonly cubeBaselineCm: number;
  readonly tcpCm: number;
  /** Mean absolute error of the gripper opening (0 closed .. 1 open). */
  readonly gripper: number;
}

function distanceCm(a: Float32Array, ao: number, b: Float32Array | readonly number[], bo: number): number {
  return 100 * Math.hypot(a[ao] - b[bo], a[ao + 1] - b[bo + 1], a[ao + 2] - b[bo + 2]);
}

/** Rows of 7: cube xyz, tcp xyz, gripper (see TARGET_NAMES). */
export function regressionErrors(predicted: Float32Array, truth: Float32Array, trainMean: readonly number[]): RegressionErrors {
  const rows = truth.length / 7;
  const cube: number[] = [];
  let baseline = 0;
  let tcp = 0;
  let gripper = 0;
  for (let r = 0; r < rows; r++) {
    cube.push(distanceCm(predicted, r * 7, truth, r * 7));
    baseline += distanceCm(truth, r * 7, trainMean, 0);
    tcp += distanceCm(predicted, r * 7 + 3, truth, r * 7 + 3);
    gripper += Math.abs(predicted[r * 7 + 6] - truth[r * 7 + 6]);
  }
  cube.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    cubeCm: round(cube.reduce((a, b) => a + b, 0) / rows),
    cubeMedianCm: round(cube[Math.floor(rows / 2)]),
    cubeBaselineCm: round(baseline / rows),
    tcpCm: round(tcp / rows),
    gripper: round(gripper / rows),
  };
}
