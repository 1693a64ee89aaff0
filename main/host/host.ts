import { contract, type Contract, type LodeServices } from '../../shared/contract';
import { LodeError } from '../../shared/errors';
import { RecentWorkspaces } from '../workspace/recent';
import { Workspace } from '../workspace/workspace';
import { dataService } from '../data/service';
import { trainingService } from '../training/runner/service';
import { featuresServiceImpl } from '../features/service';
import { trackingServiceImpl } from '../tracking/service';
import { searchServiceImpl } from '../training/search/service';
import { Dispatcher } from './dispatcher';
import { EventBus } from './events';
import { JobManager } from './jobs';
import { hostInfoService } from './services/host-info';
import { jobsService } from './services/jobs';
import { workspaceService } from './services/workspace';

export interface HostOptions {
  /** Where the recent-workspaces list lives; defaults to the user's settings folder. */
  readonly userDir?: string;
}

interface OpenWorkspace {
  readonly workspace: Workspace;
  readonly jobs: JobManager;
}

/**
 * Owns the open workspace and serves the contract. The same Host runs inside Electron's utility
 * process, under `lode web`, and in-process for the CLI and tests.
 */
export class Host {
  readonly events = new EventBus<Contract>(contract);
  readonly recent: RecentWorkspaces;
  readonly dispatcher: Dispatcher<Contract>;
  private current: OpenWorkspace | null = null;
  /** Set while the open workspace closes: new calls are refused, the ones under way finish. */
  private closing: Promise<boolean> | null = null;
  /** Work started in the background on the open workspace (sweeps, index writes): closing waits for it. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Calls in flight to the services that use the open workspace: closing waits for them too. */
  private readonly calls = new Set<Promise<unknown>>();
  /** What to stop when the workspace starts closing (console queries), so closing need not wait for it. */
  private readonly stopOnClose = new Set<() => void>();

  constructor(options: HostOptions = {}) {
    this.recent = new RecentWorkspaces(options.userDir);
    const services: LodeServices = {
      host: hostInfoService(),
      // Not tracked: opening and closing are what wait for the others.
      workspace: workspaceService(this),
      jobs: this.tracked(jobsService(this)),
      data: this.tracked(dataService(this)),
      features: this.tracked(featuresServiceImpl(this)),
      training: this.tracked(trainingService(this)),
      tracking: this.tracked(trackingServiceImpl(this)),
      search: this.tracked(searchServiceImpl(this)),
    };
    this.dispatcher = new Dispatcher(contract, services);
  }

  /**
   * The same service, with each call remembered until it settles, so that `close()` never closes
   * DuckDB under a query a call is still running (a listing the page asked for a moment before).
   * A tracked service must never open or close a workspace itself: the close would wait for it.
   */
  private tracked<S extends object>(service: S): S {
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(service as Record<string, unknown>)) {
      if (typeof value !== 'function') continue;
      const method = value as (...args: unknown[]) => unknown;
      wrapped[name] = (...args: unknown[]): Promise<unknown> => {
        if (this.closing) return Promise.reject(closingError());
        const call = Promise.resolve(method.apply(service, args));
        const settled = call.catch(() => undefined);
        this.calls.add(settled);
        void settled.finally(() => this.calls.delete(settled));
        return call;
      };
    }
    return wrapped as S;
  }

  get workspace(): Workspace | null {
    return this.current?.workspace ?? null;
  }

  /** The open workspace and its jobs, or an error telling the analyst to open one. */
  requireWorkspace(): OpenWorkspace {
    if (!this.current) {
      throw new LodeError('no_workspace', 'no workspace is open.', {
        hint: 'Open or create one first (`--workspace DIR`, or File > Open Workspace).',
      });
    }
    return this.current;
  }

  async open(path: string, create = false, name?: string): Promise<Workspace> {
    await this.close();
    const workspace = create ? await Workspace.create(path, name) : await Workspace.open(path);
    try {
      const jobs = await JobManager.attach(this.events, await workspace.connect());
      this.current = { workspace, jobs };
    } catch (err) {
      await workspace.close();
      throw err;
    }
    await this.recent.remember(workspace.path, workspace.config.name);
    this.events.emit('workspace.changed', { workspace: workspace.info() });
    return workspace;
  }

  /**
   * Runs work in the background on the open workspace. `close()` waits for it, so a workspace is
   * never closed (or its folder removed) under a write in flight. Errors are the task's to handle.
   */
  background(task: () => Promise<unknown>): void {
    const running = task().catch(() => undefined);
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
  }

  /** Closes the open workspace; a second call while it closes waits for the same close. */
  close(): Promise<boolean> {
    this.closing ??= this.closeOpen().finally(() => (this.closing = null));
    return this.closing;
  }

  /** True while the open workspace closes: calls under way finish, new ones are refused. */
  get isClosing(): boolean {
    return this.closing !== null;
  }

  /**
   * Registers work to stop as soon as the open workspace starts closing, as jobs are cancelled:
   * a console query is interrupted rather than waited for. Returns the unregister function.
   */
  onClosing(stop: () => void): () => void {
    this.stopOnClose.add(stop);
    return () => this.stopOnClose.delete(stop);
  }

  private async closeOpen(): Promise<boolean> {
    const open = this.current;
    if (!open) return false;
    for (const stop of this.stopOnClose) stop();
    // Jobs first: background work may be waiting for a job to end (a search settling its record).
    await open.jobs.shutdown();
    // Calls under way still see the workspace (a query then writes its history) and finish first.
    while (this.pending.size > 0 || this.calls.size > 0) await Promise.all([...this.pending, ...this.calls]);
    this.current = null;
    await open.workspace.close();
    this.events.emit('workspace.changed', { workspace: null });
    return true;
  }
}

function closingError(): LodeError {
  return new LodeError('no_workspace', 'the workspace is closing.', {
    hint: 'Open it again once it has closed, or open another one.',
  });
}
