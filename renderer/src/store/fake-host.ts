import { contract, type LodeServices } from '../../../shared/contract';
import { createClient, type Transport } from '../../../shared/contract/client';
import type { CallContext } from '../../../shared/contract/define';
import type { EventMessage } from '../../../shared/contract/wire';
import { LodeError } from '../../../shared/errors';
import type { JobInfo } from '../../../shared/services/jobs';
import type { RecentWorkspace, WorkspaceInfo } from '../../../shared/services/workspace';
import type { Connection } from './connection-slice';
import { FakeData } from './fake-data';

type Handler = (input: unknown, ctx: CallContext) => Promise<unknown>;

/**
 * An in-memory stand-in for the host at the edge of the renderer's world, for store tests that run
 * without a browser. Inputs and outputs go through the real contract schemas and client proxy.
 */
export class FakeHost {
  readonly folders = new Set<string>();
  readonly jobs = new Map<string, JobInfo>();
  recent: RecentWorkspace[] = [];
  open: WorkspaceInfo | null = null;
  closeListeners: (() => void)[] = [];
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private nextJob = 1;
  private clock = Date.parse('2025-01-01T00:00:00Z');
  /** Whether jobs of the data service finish by themselves right after they start. */
  autoFinishJobs = true;
  readonly data = new FakeData({ start: (kind, title, result) => this.startJob(kind, title, result) });

  /** Only the services the store uses; a call to any other fails as an unknown method. */
  readonly services: Pick<LodeServices, 'host' | 'workspace' | 'jobs' | 'data'> = {
    data: this.data.service,
    host: { info: async () => ({ version: '0.1.0', commit: null, transport: 'websocket', platform: 'linux' }) },
    workspace: {
      create: async ({ path, name }) => {
        if (this.folders.has(path)) throw new LodeError('already_exists', `${path} is already a Lode workspace.`, { field: 'path' });
        this.folders.add(path);
        return this.openFolder(path, name ?? path.split('/').pop() ?? path);
      },
      open: async ({ path }) => {
        if (!this.folders.has(path)) {
          throw new LodeError('not_a_workspace', `${path} is not a Lode workspace (it has no lode.yaml).`, {
            field: 'path',
            hint: `Choose a workspace folder, or create one with \`lode init ${path}\`.`,
          });
        }
        return this.openFolder(path, this.recent.find((r) => r.path === path)?.name ?? 'workspace');
      },
      close: async () => {
        const closed = this.open !== null;
        this.open = null;
        this.emit('workspace', 'changed', { workspace: null });
        return { closed };
      },
      current: async () => ({ workspace: this.open }),
      recent: async () => ({ workspaces: this.recent }),
    },
    jobs: {
      list: async ({ limit }) => ({ jobs: [...this.jobs.values()].reverse().slice(0, limit) }),
      get: async ({ id }) => this.job(id),
      cancel: async ({ id }) => {
        const job = this.job(id);
        if (job.state === 'running') this.update(id, { state: 'cancelled', message: 'cancelled', finishedAt: this.now() });
        return this.job(id);
      },
      selfTest: async () => {
        const id = `job-${this.nextJob++}`;
        const info: JobInfo = {
          id,
          kind: 'self-test',
          title: 'Self-test of the workspace host',
          state: 'running',
          progress: 0,
          message: 'starting',
          createdAt: this.now(),
          finishedAt: null,
          error: null,
          result: null,
        };
        this.jobs.set(id, info);
        this.emit('jobs', 'updated', info);
        return { jobId: id };
      },
    },
  };

  connection(): Connection {
    const transport: Transport = {
      call: async (service, method, input) => {
        const spec = contract[service as keyof typeof contract]?.methods[method as never] as
          { input: { parse(v: unknown): unknown }; output: { parse(v: unknown): unknown } } | undefined;
        const handler = (this.services as unknown as Record<string, Record<string, Handler>>)[service]?.[method];
        if (!spec || !handler) throw new LodeError('not_found', `no method ${service}.${method}`);
        return spec.output.parse(await handler(spec.input.parse(input), { transport: 'in-process' }));
      },
      onEvent: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    return {
      client: createClient(contract, transport),
      transport: 'websocket',
      onClose: (listener) => this.closeListeners.push(listener),
    };
  }

  /** A running job whose result is computed when it finishes (at once, unless autoFinishJobs is off). */
  startJob(kind: string, title: string, result: () => unknown): string {
    const id = `job-${this.nextJob++}`;
    const info: JobInfo = {
      id,
      kind,
      title,
      state: 'running',
      progress: 0,
      message: 'starting',
      createdAt: this.now(),
      finishedAt: null,
      error: null,
      result: null,
    };
    this.jobs.set(id, info);
    this.emit('jobs', 'updated', info);
    this.finishers.set(id, result);
    if (this.autoFinishJobs) setTimeout(() => this.finishJob(id), 0);
    return id;
  }

  /** Ends a job started by startJob: its result, or a failure when computing it throws. */
  finishJob(id: string): JobInfo {
    if (this.job(id).state !== 'running') return this.job(id);
    try {
      const result = this.finishers.get(id)?.() ?? null;
      return this.update(id, { state: 'succeeded', progress: 1, message: 'done', finishedAt: this.now(), result });
    } catch (err) {
      const error = err instanceof LodeError ? err.toJSON() : { code: 'internal' as const, message: String(err) };
      return this.update(id, { state: 'failed', message: error.message, finishedAt: this.now(), error });
    }
  }

  private readonly finishers = new Map<string, () => unknown>();

  /** Moves a job along as the real host would, and tells every client. */
  update(id: string, change: Partial<JobInfo>): JobInfo {
    const job = { ...this.job(id), ...change };
    this.jobs.set(id, job);
    this.emit('jobs', 'updated', job);
    return job;
  }

  emit(service: string, event: string, payload: unknown): void {
    for (const listener of this.listeners) listener({ kind: 'event', service, event, payload });
  }

  private job(id: string): JobInfo {
    const job = this.jobs.get(id);
    if (!job) throw new LodeError('not_found', `no job with id ${id}.`, { field: 'id' });
    return job;
  }

  private openFolder(path: string, name: string): WorkspaceInfo {
    this.open = { path, name, format: 1, schemaVersion: 1, createdAt: this.now() };
    this.recent = [{ path, name, openedAt: this.now(), exists: true }, ...this.recent.filter((r) => r.path !== path)];
    this.emit('workspace', 'changed', { workspace: this.open });
    return this.open;
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }
}
