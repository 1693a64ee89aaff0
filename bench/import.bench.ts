import { DuckDBInstance } from '@duckdb/node-api';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bench, benchWorkspace, fmtMs, timed } from './harness';

const TARGET_BYTES = 1024 ** 3;

/** Issue 3: `lode import` of a 1 GB CSV within 1.15x of DuckDB's own read_csv into a table. */
export const importBench: Bench = {
  name: 'import',
  issue: 3,
  async run({ dir, report }) {
    const csv = join(dir, 'events.csv');
    // About 66 bytes a row: generate ~1 GB with DuckDB itself.
    const rows = Math.round(TARGET_BYTES / 66);
    const gen = await DuckDBInstance.create(':memory:');
    const g = await gen.connect();
    await g.run(`COPY (SELECT range AS id, range % 100000 AS user_id, 'item_' || ((range * 7919) % 50000) AS item, round(random() * 1000, 3) AS amount,
        TIMESTAMP '2024-01-01' + INTERVAL (range % 31536000) SECOND AS at, CASE WHEN range % 17 = 0 THEN NULL ELSE 'channel_' || (range % 9) END AS channel,
        (range % 2 = 0) AS clicked FROM range(${rows})) TO '${csv}' (HEADER)`);
    g.closeSync();
    gen.closeSync();
    const bytes = (await stat(csv)).size;

    const raw = await DuckDBInstance.create(join(dir, 'raw.duckdb'));
    const r = await raw.connect();
    const anchor = await timed(() => r.run(`CREATE TABLE events AS SELECT * FROM read_csv('${csv}')`));
    r.closeSync();
    raw.closeSync();

    const { host, client, close } = await benchWorkspace(dir);
    try {
      const lode = await timed(async () => {
        const { jobId } = await client.data.importFile({ path: csv, table: { layer: 'ods', name: 'events' } });
        const job = await host.requireWorkspace().jobs.wait(jobId);
        if (job.state !== 'succeeded') throw new Error(`import ${job.state}: ${job.message}`);
      });
      const ratio = lode.ms / anchor.ms;
      report(
        `${(bytes / 1024 ** 3).toFixed(2)} GB CSV, ${rows.toLocaleString('en')} rows: lode import ${fmtMs(lode.ms)}, DuckDB read_csv into a table ${fmtMs(anchor.ms)}; ` +
          `ratio ${ratio.toFixed(2)}x (target <= 1.15x: ${ratio <= 1.15 ? 'met' : 'MISSED'}); peak RSS ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB`,
      );
    } finally {
      await close();
    }
  },
};
