import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportResult } from '../../../shared/services/data/imports';
import type { TableInfo } from '../../../shared/services/data/tables';
import { DATASETS, writeBigCsv } from '../../data/import-testing';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { killHard, runLode, spawnLode } from '../../testing/cli';
import { tempDir } from '../../testing/temp';

const BANK = join(DATASETS, 'uci_bank_marketing', 'bank-full.csv');
const ADULT = join(DATASETS, 'uci_adult', 'adult.test');
const TITANIC = join(DATASETS, 'titanic', 'train.csv');

async function workspace(): Promise<{ root: string; ws: string }> {
  const root = await tempDir();
  const ws = join(root, 'ws');
  expect((await runLode(['init', ws])).code).toBe(0);
  return { root, ws };
}

describe('lode import and lode tables', () => {
  it('import a file with reader options, list, show and remove tables', async () => {
    const { ws } = await workspace();
    const bank = await runLode(['import', BANK, '--as', 'bank', '--delim', ';', '--workspace', ws, '--json']);
    expect(bank.code, bank.stderr).toBe(0);
    expect((JSON.parse(bank.stdout) as ImportResult).table).toMatchObject({ layer: 'ods', name: 'bank', rows: 45211 });

    const adult = await runLode([
      'import',
      ADULT,
      '--as',
      'dwd.adult_test',
      '--delim',
      ', ',
      '--null',
      '?',
      '--types',
      'age=INTEGER',
      '--workspace',
      ws,
    ]);
    expect(adult.code, adult.stderr).toBe(0);
    expect(adult.stdout).toContain('Imported 16,281 rows × 15 columns from adult.test into dwd.adult_test.');
    expect(adult.stdout).toMatch(/age\s+INTEGER/);

    const list = await runLode(['tables', '--workspace', ws]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/TABLE\s+KIND\s+ROWS\s+COLUMNS\s+SIZE\s+SOURCE\s+IMPORTED/);
    expect(list.stdout).toMatch(/ods\.bank\s+table\s+45,211\s+17\s+[\d.]+ [kM]B\s+bank-full\.csv/);
    const json = await runLode(['tables', '--layer', 'dwd', '--json', '--workspace', ws]);
    expect((JSON.parse(json.stdout) as TableInfo[]).map((t) => `${t.layer}.${t.name}`)).toEqual(['dwd.adult_test']);

    const show = await runLode(['tables', 'show', 'ods.bank', '--workspace', ws]);
    expect(show.stdout).toContain(`source:   ${BANK}`);
    expect(show.stdout).toMatch(/balance\s+BIGINT/);

    const saved = await runLode([
      'tables',
      'save',
      'ads.by_job',
      '--sql',
      'SELECT job, count(*) AS n FROM ods.bank GROUP BY job',
      '--workspace',
      ws,
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('Saved ads.by_job as a view.');

    expect((await runLode(['tables', 'rm', 'ads.by_job', '--workspace', ws])).stdout).toContain('Dropped ads.by_job.');
    expect((await runLode(['tables', 'rm', 'ads.by_job', '--workspace', ws])).stdout).toContain('nothing was dropped');
  });

  it('preview shows what DuckDB detected and the first rows, importing nothing', async () => {
    const { ws } = await workspace();
    const text = await runLode(['import', BANK, '--preview', '--rows', '3', '--workspace', ws]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`delimiter ';', quote '"', escape '"', header yes, skip 0`);
    expect(text.stdout).toMatch(/age BIGINT\s+job VARCHAR/);
    const json = await runLode(['import', BANK, '--preview', '--json', '--workspace', ws]);
    expect((JSON.parse(json.stdout) as ImportPreview).rows).toHaveLength(10);
    expect((await runLode(['tables', '--json', '--workspace', ws])).stdout.trim()).toBe('[]');
  });

  it('explains a name clash and malformed rows in one line, and skips them when asked', async () => {
    const { root, ws } = await workspace();
    expect((await runLode(['import', TITANIC, '--as', 'titanic', '--workspace', ws])).code).toBe(0);
    const clash = await runLode(['import', BANK, '--as', 'titanic', '--workspace', ws]);
    expect(clash.code).toBe(1);
    expect(clash.stderr.trim().split('\n')).toHaveLength(1);
    expect(clash.stderr).toContain('ods.titanic already exists');
    expect(clash.stderr).toContain('--replace');
    expect((await runLode(['import', BANK, '--as', 'titanic', '--replace', '--workspace', ws])).code).toBe(0);

    const file = join(root, 'scores.csv');
    await writeFile(file, 'id,score\n1,2.5\n2,3.5,extra\n3,4\n4,oops\n5,6\n');
    const abort = await runLode(['import', file, '--as', 'scores', '--types', 'score=DOUBLE', '--workspace', ws]);
    expect(abort.code).toBe(1);
    expect(abort.stderr).toContain('2 malformed rows; nothing was imported. First: line 3:');
    const skip = await runLode(['import', file, '--as', 'scores', '--types', 'score=DOUBLE', '--on-error', 'skip', '--workspace', ws]);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stdout).toContain('Skipped 2 malformed rows into ods.scores_rejects (first: line 3:');

    const bad = await runLode(['import', file, '--as', 'Scores!', '--workspace', ws]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('use lowercase letters, digits and underscores');
  });

  it('a process killed mid-import leaves exactly the tables there were, and no temp table', async () => {
    const { root, ws } = await workspace();
    expect((await runLode(['import', TITANIC, '--as', 'titanic', '--workspace', ws])).code).toBe(0);
    const big = join(root, 'big.csv');
    await writeBigCsv(big, 4_000_000);
    const database = join(ws, 'lode.duckdb');
    const before = (await stat(database)).size;

    const child = spawnLode(['import', big, '--as', 'big', '--workspace', ws]);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // DuckDB writes the rows it has read into the database file as it goes: once it grew, the import is under way.
    let grown = false;
    while (!grown && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
      grown = (await stat(database)).size > before + 4 * 1024 * 1024;
    }
    expect(grown).toBe(true);
    await killHard(child);
    await exited;

    const host = new Host({ userDir: join(root, 'user') });
    const opened = await host.open(ws);
    const { tables } = await inProcessClient(host).data.listTables({});
    expect(tables.map((t) => `${t.layer}.${t.name}`)).toEqual(['ods.titanic']);
    const all = await opened.sql.runAndReadAll(`SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name LIKE '%lode_tmp%'`);
    expect(all.getRows()[0]![0]).toBe(0);
    expect(await opened.sql.runAndReadAll(`SELECT count(*)::INTEGER FROM lode_meta.table_sources`).then((r) => r.getRows()[0]![0])).toBe(1);
    await host.close();
  });
});
