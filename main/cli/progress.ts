import type { JobInfo } from '../../shared/services/jobs';

const WIDTH = 28;

/**
 * A one-line progress bar on stderr when it is a terminal; silent otherwise, so scripts and
 * `--json` output stay clean.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastLine = '';

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && process.env.CI !== 'true';
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  update(job: Pick<JobInfo, 'title' | 'progress' | 'message'>): void {
    if (!this.enabled) return;
    const filled = Math.round(job.progress * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const pct = `${Math.round(job.progress * 100)}`.padStart(3);
    const columns = this.stream.columns ?? 80;
    const line = `${bar} ${pct}% ${job.title}: ${job.message}`.slice(0, columns - 1);
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.stream.write(`\r\x1b[2K${line}`);
  }

  done(): void {
    if (this.enabled && this.lastLine) this.stream.write('\r\x1b[2K');
    this.lastLine = '';
  }
}
