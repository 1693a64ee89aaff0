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
  /** Work started in the background on the open workspace (sweeps, index writes): closing waits for it. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: HostOptions = {}) {
    this.recent = new RecentWorkspaces(options.userDir);
    const services: LodeServices = {
      host: hostInfoService(),
      workspace: workspaceService(this),
      jobs: jobsService(this),
      data: dataService(this),
      features: featuresServiceImpl(this),
      training: trainingService(this),
      tracking: trackingServiceImpl(this),
      search: searchServiceImpl(this),
    };
    this.dispatcher = new Dispatcher(contract, services);
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

  async close(): Promise<boolean> {
    const open = this.current;
    if (!open) return false;
    this.current = null;
    // Jobs first: background work may be waiting for a job to end (a search settling its record).
    await open.jobs.shutdown();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await open.workspace.close();
    this.events.emit('workspace.changed', { workspace: null });
    return true;
  }
}
