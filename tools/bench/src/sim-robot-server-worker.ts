import { parentPort, workerData } from 'node:worker_threads';
import { startSimRobotServer, type SimRobotServerOptions } from '@rlpd/robot-env';

// Runs the sim robot server on its own thread (its own event loop), as a separate robot PC would.
const server = await startSimRobotServer(workerData as SimRobotServerOptions);
parentPort?.postMessage({ url: server.url });
parentPort?.on('message', (message: unknown) => {
  if (message === 'close') void server.close().then(() => parentPort?.close());
});
