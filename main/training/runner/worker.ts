/**
 * Entry of a training worker process (`out/training/worker.mjs`, started with child_process.fork):
 * one run per process, so a crash or an out-of-memory in training takes down only this process.
 * It takes one `start` message, reports by message and exits; the host kills it to cancel.
 */
import { toLodeError } from '../../../shared/errors';
import { outOfMemoryError, saysOutOfMemory, watchOwnMemory, workerMemoryLimitMb } from './memory';
import type { HostMessage, WorkerMessage } from './protocol';
import { runTask } from './pipeline';

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

let finished = false;

// The host checked the setting before starting this worker.
const memoryLimitMb = workerMemoryLimitMb();
if (memoryLimitMb !== null) watchOwnMemory(memoryLimitMb);

// The host went away (killed, crashed): nobody will read the result, so stop rather than train on.
process.once('disconnect', () => {
  if (!finished) process.exit(1);
});

process.once('message', (message: HostMessage) => {
  if (message.type !== 'start') return;
  void runTask(message.task, (m) => void send(m))
    .then(
      (done) => send(done),
      (err: unknown) => send({ type: 'failed', error: describeFailure(err).toJSON() }),
    )
    .finally(() => {
      finished = true;
      process.disconnect();
    });
});

/** A failed allocation (a typed array, DuckDB) is reported as running out of memory, whatever threw it. */
function describeFailure(err: unknown) {
  const error = toLodeError(err);
  if (error.code !== 'internal' || !saysOutOfMemory(error.message)) return error;
  return outOfMemoryError(memoryLimitMb, error.message);
}
