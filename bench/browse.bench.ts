import { tableFromIPC } from 'apache-arrow';
import { WebSocket } from 'ws';
import { contract } from '../shared/contract';
import { createClient } from '../shared/contract/client';
import { createSocketTransport } from '../shared/contract/socket-transport';
import { startWebServer } from '../main/host/web-server';
import { type Bench, benchWorkspace, fmtMs, quantile, timed } from './harness';

const ROWS = 10_000_000;
const PAGES = 200;

/** Issue 3: any 200-row page of a 10M-row table, end to end to a WebSocket client, p95 under 50 ms. */
export const browseBench: Bench = {
  name: 'browse',
  issue: 3,
  async run({ dir, report }) {
    const { host, close } = await benchWorkspace(dir);
    const sql = host.requireWorkspace().workspace.sql;
    await sql.run(`CREATE TABLE ods.events AS
      SELECT range AS id, range % 100000 AS user_id, (range * 7919) % 1000 AS item_id, random() AS score,
             'event_' || (range % 13) AS kind, TIMESTAMP '2024-01-01' + INTERVAL (range % 31536000) SECOND AS at
      FROM range(${ROWS})`);
    const server = await startWebServer({ host, rendererDir: null });
    const transport = createSocketTransport(new WebSocket(`ws://127.0.0.1:${server.port}/lode?token=${server.token}`));
    const client = createClient(contract, transport);
    const offsets = Array.from({ length: PAGES }, (_, i) => Math.floor((((i * 2654435761) % 2 ** 32) / 2 ** 32) * (ROWS - 200)));
    try {
      const lode: number[] = [];
      for (const offset of offsets) {
        const { ms } = await timed(async () => {
          const page = await client.data.browse({ source: { table: { layer: 'ods', name: 'events' } }, offset, limit: 200 });
          return tableFromIPC(page.arrow).numRows;
        });
        lode.push(ms);
      }
      const raw: number[] = [];
      for (const offset of offsets) {
        raw.push((await timed(() => sql.runAndReadAll(`SELECT * FROM ods.events LIMIT 200 OFFSET ${offset}`))).ms);
      }
      const p95 = quantile(lode, 0.95);
      const rawP95 = quantile(raw, 0.95);
      report(
        `200-row page of ${ROWS.toLocaleString('en')} rows over WebSocket, ${PAGES} random pages: p50 ${fmtMs(quantile(lode, 0.5))}, p95 ${fmtMs(p95)} ` +
          `(target < 50 ms: ${p95 < 50 ? 'met' : 'MISSED'}); hand-written DuckDB LIMIT/OFFSET in-process p95 ${fmtMs(rawP95)}; ratio ${(p95 / rawP95).toFixed(2)}x`,
      );
      const sorted: number[] = [];
      for (const offset of offsets.slice(0, 20)) {
        sorted.push(
          (
            await timed(() =>
              client.data.browse({
                source: { table: { layer: 'ods', name: 'events' } },
                offset,
                limit: 200,
                sort: [{ column: 'score', descending: true }],
              }),
            )
          ).ms,
        );
      }
      report(`sorted by a column (20 random pages): p50 ${fmtMs(quantile(sorted, 0.5))}, p95 ${fmtMs(quantile(sorted, 0.95))}`);
    } finally {
      transport.close();
      await server.close();
      await close();
    }
  },
};
