import type { LodeClient } from '../shared/contract';
import type { SearchInfo } from '../shared/services/tracking';
import { quoteLiteral } from '../main/data/sql';
import type { Host } from '../main/host/host';
import { adultColumns, dataset } from '../main/testing/datasets';
import { type Bench, benchWorkspace, fmtMs, timed } from './harness';

const TRIALS = Number(process.env.LODE_BENCH_SEARCH_TRIALS ?? 50);
const PARALLEL = 2;

/** A usual GBDT space: rate, tree size and regularisation, 100 rounds each. */
const SPACE = `gbdt:
  num_iterations: 100
  learning_rate: {float: [0.01, 0.3], log: true}
  num_leaves: {int: [4, 128], log: true}
  min_data_in_leaf: {int: [5, 300], log: true}
  feature_fraction: {float: [0.4, 1.0]}
  lambda_l2: {float: [0.001, 10], log: true}
`;

/** adult.test starts with a comment line; its labels end with a period, which training matches. */
function adultCsv(file: string, skip: number): string {
  const names = adultColumns().map(quoteLiteral).join(', ');
  return `read_csv(${quoteLiteral(dataset(`uci_adult/${file}`))}, delim = ', ', header = false, ${skip > 0 ? `skip = ${skip}, ` : ''}nullstr = '?', names = [${names}])`;
}

async function snapshot(host: Host, client: LodeClient, name: string, sql: string): Promise<string> {
  const { jobId } = await client.data.createSnapshot({ name, source: { sql } });
  const job = await host.requireWorkspace().jobs.wait(jobId);
  if (job.state !== 'succeeded') throw new Error(job.error?.message ?? job.state);
  return (job.result as { id: string }).id;
}

function line(search: SearchInfo, ms: number): string {
  const pruned = search.trials.filter((t) => t.state === 'pruned').length;
  const failed = search.trials.filter((t) => t.state === 'failed').length;
  const best = search.best!;
  const at = search.trials.filter((t) => t.state === 'succeeded' && t.value! >= best.value! - 0.001).map((t) => t.trial)[0];
  return (
    `${search.spec.strategy.padEnd(6)} ${fmtMs(ms)}, best AUC ${best.value!.toFixed(4)} (trial ${best.trial}; within 0.001 of it by trial ${at}), ` +
    `${pruned} pruned, ${failed} failed`
  );
}

/**
 * Issue 6: a 50-trial TPE search on adult (train on adult.data, validate on adult.test) with two
 * trials at a time, next to random search with the same budget, space and seed.
 */
export const searchBench: Bench = {
  name: 'search',
  issue: 6,
  async run({ dir, report }) {
    const { host, client, close } = await benchWorkspace(dir);
    try {
      const sql = host.requireWorkspace().workspace.sql;
      await sql.run(`CREATE TABLE ods.adult AS SELECT * FROM ${adultCsv('adult.data', 0)}`);
      await sql.run(`CREATE TABLE ods.adult_test AS SELECT * FROM ${adultCsv('adult.test', 1)}`);
      const train = await snapshot(host, client, 'adult', 'SELECT * FROM "ods"."adult"');
      const valid = await snapshot(host, client, 'adult_test', 'SELECT * FROM "ods"."adult_test"');
      const results: Record<string, { search: SearchInfo; ms: number }> = {};
      for (const strategy of ['tpe', 'random'] as const) {
        const { ms, value } = await timed(async () => {
          const { searchId, jobId } = await client.search.start({
            data: train,
            label: 'income',
            space: SPACE,
            strategy,
            trials: TRIALS,
            parallel: PARALLEL,
            split: { kind: 'snapshot', valid },
            seed: 0,
          });
          await host.requireWorkspace().jobs.wait(jobId);
          return client.search.get({ searchId });
        });
        results[strategy] = { search: value, ms };
        report(`adult, ${TRIALS} trials, ${PARALLEL} in parallel: ${line(value, ms)}`);
        for (const t of value.trials.filter((x) => x.state === 'failed')) {
          const run = t.runId ? await client.training.getRun({ runId: t.runId }) : null;
          report(`  trial ${t.trial} failed: ${run?.error?.message ?? 'before its run started'} (${JSON.stringify(t.params)})`);
        }
      }
      const tpe = results.tpe!;
      const random = results.random!;
      report(
        `adult: TPE vs random: best AUC ${tpe.search.best!.value! - random.search.best!.value! >= 0 ? '+' : ''}` +
          `${(tpe.search.best!.value! - random.search.best!.value!).toFixed(4)}, wall time ratio ${(tpe.ms / random.ms).toFixed(2)}x ` +
          `(LightGBM defaults, 100 rounds: AUC 0.9273, docs/training.md)`,
      );
    } finally {
      await close();
    }
  },
};
