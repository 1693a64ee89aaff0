import { type Bench, benchWorkspace, fmtMs, timed } from './harness';

const ROWS = 10_000_000;

/** Issue 3: profiling a 10M x 20 table in under 10 s on 2 cores; anchor: DuckDB's own SUMMARIZE. */
export const profileBench: Bench = {
  name: 'profile',
  issue: 3,
  async run({ dir, report }) {
    const { host, client, close } = await benchWorkspace(dir);
    try {
      const { workspace, jobs } = host.requireWorkspace();
      const columns = Array.from({ length: 20 }, (_, i) =>
        i % 4 === 3
          ? `'v' || ((range * ${i + 7}) % ${50 + i * 10}) AS c${i}`
          : i % 4 === 2
            ? `CASE WHEN range % ${i + 5} = 0 THEN NULL ELSE random() * ${i + 1} END AS c${i}`
            : `(range * ${i + 3}) % ${1000 * (i + 1)} AS c${i}`,
      );
      await workspace.sql.run(`CREATE TABLE ods.wide AS SELECT ${columns.join(', ')} FROM range(${ROWS})`);
      const lode = await timed(async () => {
        const { jobId } = await client.data.profileTable({ table: { layer: 'ods', name: 'wide' } });
        const job = await jobs.wait(jobId);
        if (job.state !== 'succeeded') throw new Error(`profile ${job.state}: ${job.message}`);
      });
      const summarize = await timed(() => workspace.sql.runAndReadAll('SUMMARIZE ods.wide'));
      report(
        `10M x 20 profile: lode ${fmtMs(lode.ms)} (target < 10 s: ${lode.ms < 10_000 ? 'met' : 'MISSED'}); DuckDB SUMMARIZE ${fmtMs(summarize.ms)}; ratio ${(lode.ms / summarize.ms).toFixed(2)}x ` +
          '(both estimate distinct counts at this size; lode takes quantiles from a sample of the scan and adds histograms and top values)',
      );
    } finally {
      await close();
    }
  },
};
