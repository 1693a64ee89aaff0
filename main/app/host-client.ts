import { utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { resultMessage, serverMessage, type EventMessage, type ResultMessage } from '../../shared/contract/wire';
import { LodeError } from '../../shared/errors';

/** Electron main's handle on the host utility process: relays calls and events, restarts on crash. */
export class HostProcess {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private readonly resultIds = new Map<number, (result: ResultMessage) => void>();
  private stopping = false;

  constructor(
    private readonly onEvent: (message: EventMessage) => void,
    private readonly onCrash: (reason: string) => void,
  ) {}

  start(): void {
    const child = utilityProcess.fork(join(__dirname, 'host.cjs'), [], { serviceName: 'Lode workspace host', stdio: 'inherit' });
    child.on('message', (raw: unknown) => {
      const parsed = serverMessage.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.kind === 'event') this.onEvent(message);
      else this.resultIds.get(message.id)?.(message);
    });
    child.on('exit', (code) => {
      this.child = null;
      const failed = new LodeError('internal', `the workspace host stopped (exit code ${code}).`, { hint: 'Open the workspace again.' });
      for (const [id, settle] of this.resultIds) settle({ kind: 'result', id, ok: false, error: failed.toJSON() });
      this.resultIds.clear();
      if (!this.stopping) {
        this.onCrash(failed.message);
        this.start();
      }
    });
    this.child = child;
  }

  /** Sends one call and resolves with its result message; errors come back as values. */
  call(service: string, method: string, input: unknown): Promise<ResultMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (!this.child) {
        resolve({ kind: 'result', id, ok: false, error: { code: 'internal', message: 'the workspace host is not running.' } });
        return;
      }
      this.resultIds.set(id, (result) => {
        this.resultIds.delete(id);
        resolve(resultMessage.parse(result));
      });
      this.child.postMessage({ kind: 'call', id, service, method, input });
    });
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill();
  }
}
