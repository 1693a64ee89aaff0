import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/services/data/imports';
import { allTables, type Bench, DATASETS, importAndWait, importOk, openBench, scalar, writeBigCsv } from './import-testing';

/** Resolves once the import reports that DuckDB is reading the file. */
function readingStarted(bench: Bench, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = bench.client.on('jobs.updated', (job) => {
      if (job.id === jobId && job.message.startsWith('reading')) {
        stop();
        resolve();
      }
    });
  });
}

const BANK = join(DATASETS, 'uci_bank_marketing', 'bank-full.csv');
const ADULT = join(DATASETS, 'uci_adult', 'adult.data');
const TITANIC = join(DATASETS, 'titanic', 'train.csv');

describe('import preview', () => {
  it('shows bank marketing as DuckDB reads it: `;` delimiter, double quotes, header and types', async () => {
    const bench = await openBench();
    const preview = await bench.client.data.previewImport({ path: BANK, rows: 5 });
    expect(preview).toMatchObject({ format: 'csv', compression: 'none', problems: [] });
    expect(preview.detected).toMatchObject({ delimiter: ';', quote: '"', header: true, skipRows: 0, nullStrings: [''] });
    expect(preview.columns.slice(0, 3)).toEqual([
      { name: 'age', type: 'BIGINT' },
      { name: 'job', type: 'VARCHAR' },
      { name: 'marital', type: 'VARCHAR' },
    ]);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0]!.slice(0, 3)).toEqual(['58', 'management', 'married']);
    await bench.host.close();
  });

  it("takes the analyst's overrides: a forced type, a null marker and the padded delimiter of adult", async () => {
    const bench = await openBench();
    const preview = await bench.client.data.previewImport({
      path: ADULT,
      rows: 30,
      options: { delimiter: ', ', nullStrings: ['?'], types: { fnlwgt: 'VARCHAR' } },
    });
    expect(preview.detected).toMatchObject({ delimiter: ', ', header: true, nullStrings: ['?'] });
    const names = preview.columns.map((c) => c.name);
    expect(names).toHaveLength(15);
    expect([...names.slice(0, 3), names.at(-1)]).toEqual(['age', 'workclass', 'fnlwgt', 'ltgt50k']);
    expect(preview.columns.find((c) => c.name === 'fnlwgt')!.type).toBe('VARCHAR');
    expect(preview.rows[0]!.slice(0, 3)).toEqual(['39', 'State-gov', '77516']);
    // Row 28 of adult.data has `?` as workclass: read as NULL.
    expect(preview.rows.some((row) => row[1] === null)).toBe(true);
    await bench.host.close();
  });

  it('reports malformed rows of the sample with their line numbers', async () => {
    const bench = await openBench();
    const file = join(bench.root, 'scores.csv');
    await writeFile(file, 'id,score\n1,2.5\n2,3.5,extra\n3,4\n4,oops\n5,6\n');
    const preview = await bench.client.data.previewImport({ path: file, rows: 10, options: { types: { score: 'DOUBLE' } } });
    expect(preview.rows).toEqual([
      ['1', '2.5'],
      ['3', '4.0'],
      ['5', '6.0'],
    ]);
    expect(preview.problems).toEqual([
      { line: 3, column: null, message: expect.stringContaining('Expected Number of Columns: 2 Found: 3'), sample: '2,3.5,extra' },
      { line: 5, column: 'score', message: expect.stringContaining('oops'), sample: '4,oops' },
    ]);
    await bench.host.close();
  });

  it('finds malformed rows in the head of a large file, plain or gzip, without reading all of it', async () => {
    const bench = await openBench();
    const lines = ['id,city,score', '1,"Paris, FR",2.5', '2,Oslo,3.5,extra'];
    for (let i = 3; i <= 200_000; i++) lines.push(`${i},"Quoted, town ${i}",${i}.5`);
    const text = `${lines.join('\n')}\n`;
    const plain = join(bench.root, 'towns.csv');
    await writeFile(plain, text);
    await writeFile(`${plain}.gz`, gzipSync(text));
    for (const path of [plain, `${plain}.gz`]) {
      const preview = await bench.client.data.previewImport({ path, rows: 2 });
      expect(preview.detected).toMatchObject({ delimiter: ',', quote: '"', header: true });
      expect(preview.columns.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'DOUBLE']);
      expect(preview.rows).toEqual([
        ['1', 'Paris, FR', '2.5'],
        ['3', 'Quoted, town 3', '3.5'],
      ]);
      expect(preview.problems).toEqual([
        { line: 3, column: null, message: expect.stringContaining('Found: 4'), sample: '2,Oslo,3.5,extra' },
      ]);
    }
    await bench.host.close();
  });

  it('reads TSV files with a tab delimiter', async () => {
    const bench = await openBench();
    const tsv = join(bench.root, 'pets.tsv');
    await writeFile(tsv, 'name\tlegs\ncat\t4\nbird\t2\n');
    const result = await importOk(bench, { path: tsv, table: { layer: 'ods', name: 'pets' } });
    expect(result.table.columns).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'legs', type: 'BIGINT' },
    ]);
    await bench.host.close();
  });

  it('reads gzip CSV, JSON, JSON Lines (plain and gzip) and Parquet with their own readers', async () => {
    const bench = await openBench();
    const gz = join(bench.root, 'titanic.csv.gz');
    await bench.workspace.sql.run(`COPY (FROM read_csv('${TITANIC}')) TO '${gz}' (HEADER, COMPRESSION gzip)`);
    const parquet = join(bench.root, 'titanic.parquet');
    await bench.workspace.sql.run(`COPY (FROM read_csv('${TITANIC}')) TO '${parquet}' (FORMAT parquet)`);
    const lines = '{"id":1,"tags":["a","b"],"score":0.5}\n{"id":2,"tags":[],"score":null}\n';
    await writeFile(join(bench.root, 'events.jsonl'), lines);
    await writeFile(join(bench.root, 'events.jsonl.gz'), gzipSync(lines));
    await writeFile(join(bench.root, 'events.json'), '[{"id":1,"score":0.5},{"id":2,"score":1.5}]');

    const csv = await bench.client.data.previewImport({ path: gz, rows: 2 });
    expect(csv).toMatchObject({ format: 'csv', compression: 'gzip', detected: { delimiter: ',', header: true } });
    const pq = await bench.client.data.previewImport({ path: parquet, rows: 2 });
    expect(pq).toMatchObject({ format: 'parquet', detected: null });
    expect(pq.columns).toHaveLength(12);
    for (const name of ['events.jsonl', 'events.jsonl.gz']) {
      const json = await bench.client.data.previewImport({ path: join(bench.root, name), rows: 5 });
      expect(json).toMatchObject({ format: 'jsonl', compression: name.endsWith('.gz') ? 'gzip' : 'none' });
      expect(json.rows).toEqual([
        ['1', '[a, b]', '0.5'],
        ['2', '[]', null],
      ]);
    }
    const array = await bench.client.data.previewImport({
      path: join(bench.root, 'events.json'),
      rows: 5,
      options: { types: { id: 'VARCHAR' } },
    });
    expect(array.columns).toEqual([
      { name: 'id', type: 'VARCHAR' },
      { name: 'score', type: 'DOUBLE' },
    ]);

    const result = await importOk(bench, { path: parquet, table: { layer: 'ods', name: 'titanic_pq' } });
    expect(result.table.rows).toBe(891);
    const lines2 = await importOk(bench, { path: join(bench.root, 'events.jsonl.gz'), table: { layer: 'ods', name: 'events' } });
    expect(lines2.table.columns.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR[]', 'DOUBLE']);
    await bench.host.close();
  });

  it('refuses CSV options for JSON and Parquet, naming them', async () => {
    const bench = await openBench();
    await writeFile(join(bench.root, 'a.jsonl'), '{"a":1}\n');
    await expect(bench.client.data.previewImport({ path: join(bench.root, 'a.jsonl'), options: { delimiter: ';' } })).rejects.toMatchObject(
      {
        code: 'bad_input',
        message: expect.stringContaining('delimiter only apply to CSV and TSV'),
      },
    );
    await bench.host.close();
  });
});

describe('import', () => {
  it('imports into a layer, records its source and lists it', async () => {
    const bench = await openBench();
    const result = await importOk(bench, { path: BANK, table: { layer: 'ods', name: 'bank' } });
    expect(result).toMatchObject({ rejected: 0, rejectsTable: null, rejectSample: [] });
    expect(result.table).toMatchObject({ layer: 'ods', name: 'bank', kind: 'table', rows: 45211, sourceFile: BANK });
    expect(result.table.columns).toHaveLength(17);
    expect(result.table.bytes).toBeGreaterThan(0);
    expect(Date.parse(result.table.importedAt!)).not.toBeNaN();
    const stored = await scalar(bench.workspace, `SELECT options FROM lode_meta.table_sources WHERE layer = 'ods' AND name = 'bank'`);
    expect(JSON.parse(String(stored))).toMatchObject({ format: 'csv', onError: 'abort', detected: { delimiter: ';' } });
    await bench.host.close();
  });

  it('refuses a name that is taken unless asked to replace it', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'people' } });
    await expect(bench.client.data.importFile({ path: BANK, table: { layer: 'ods', name: 'people' } })).rejects.toMatchObject({
      code: 'already_exists',
      message: expect.stringContaining('ods.people already exists'),
      details: { hint: expect.stringContaining('--replace') },
    });
    const replaced = await importOk(bench, { path: BANK, table: { layer: 'ods', name: 'people' }, replace: true });
    expect(replaced.table.rows).toBe(45211);
    expect(await allTables(bench.workspace)).toEqual(['ods.people']);
    await bench.host.close();
  });

  it('checks table names against the naming rule and says the rule', async () => {
    const bench = await openBench();
    await expect(bench.client.data.importFile({ path: BANK, table: { layer: 'ods', name: 'Bank-Full' } })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('use lowercase letters, digits and underscores'),
    });
    await bench.host.close();
  });

  it('aborts on malformed rows with line numbers and a sample, leaving the workspace as it was', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    const file = join(bench.root, 'scores.csv');
    await writeFile(file, 'id,score\n1,2.5\n2,3.5,extra\n3,4\n4,oops\n5,6\n');
    const job = await importAndWait(bench, {
      path: file,
      table: { layer: 'ods', name: 'scores' },
      options: { types: { score: 'DOUBLE' } },
    });
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'bad_input', line: 3, file, hint: expect.stringContaining('--on-error skip') });
    expect(job.error!.message).toContain('2 malformed rows');
    expect(job.error!.message).toContain('line 3: Expected Number of Columns: 2 Found: 3 (2,3.5,extra)');
    expect(job.error!.message).toContain('line 5:');
    expect(await allTables(bench.workspace)).toEqual(['ods.titanic']);
    await bench.host.close();
  });

  it('skips malformed rows into a rejects table and says how many', async () => {
    const bench = await openBench();
    const file = join(bench.root, 'scores.csv');
    await writeFile(file, 'id,score\n1,2.5\n2,3.5,extra\n3,4\n4,oops\n5,6\n');
    const input = {
      path: file,
      table: { layer: 'dwd' as const, name: 'scores' },
      options: { types: { score: 'DOUBLE' } },
      onError: 'skip' as const,
    };
    const result = await importOk(bench, input);
    expect(result).toMatchObject({ rejected: 2, rejectsTable: 'dwd.scores_rejects', table: { rows: 3 } });
    expect(result.rejectSample.map((r) => r.line)).toEqual([3, 5]);
    const rejects = await bench.workspace.sql.runAndReadAll('SELECT line, column_name, csv_line FROM dwd.scores_rejects ORDER BY line');
    expect(rejects.getRowsJson()).toEqual([
      ['3', null, '2,3.5,extra'],
      ['5', 'score', '4,oops'],
    ]);
    // A clean re-import replaces the table and removes the stale rejects table.
    await writeFile(file, 'id,score\n1,2.5\n');
    const again = await importOk(bench, { ...input, replace: true });
    expect(again).toMatchObject({ rejected: 0, rejectsTable: null });
    expect(await allTables(bench.workspace)).toEqual(['dwd.scores']);
    await bench.host.close();
  });

  it('gives a clear message for an empty, binary, missing or misencoded file and changes nothing', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    const empty = join(bench.root, 'empty.csv');
    await writeFile(empty, '');
    const binary = join(bench.root, 'image.csv');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const latin = join(bench.root, 'names.csv');
    await writeFile(latin, Buffer.from('id,name\n1,Jos\xe9\n2,Ren\xe9e\n', 'latin1'));
    const cases: [string, object][] = [
      [empty, { code: 'bad_input', message: expect.stringContaining('is empty') }],
      [binary, { code: 'bad_input', message: expect.stringContaining('binary file') }],
      [join(bench.root, 'nowhere.csv'), { code: 'not_found', message: expect.stringContaining('does not exist') }],
    ];
    for (const [path, error] of cases) {
      await expect(bench.client.data.importFile({ path, table: { layer: 'ods', name: 'x' } })).rejects.toMatchObject(error);
    }
    await expect(bench.client.data.previewImport({ path: latin })).rejects.toMatchObject({ details: { field: 'encoding' } });
    const job = await importAndWait(bench, { path: latin, table: { layer: 'ods', name: 'x' } });
    expect(job.error).toMatchObject({ code: 'bad_input', field: 'encoding', message: expect.stringContaining('not UTF-8') });
    expect(job.error!.hint).toContain('--encoding latin-1');
    expect(await allTables(bench.workspace)).toEqual(['ods.titanic']);

    const fixed = await importOk(bench, { path: latin, table: { layer: 'ods', name: 'x' }, options: { encoding: 'latin-1' } });
    expect(fixed.table.rows).toBe(2);
    expect(await scalar(bench.workspace, 'SELECT name FROM ods.x WHERE id = 1')).toBe('José');
    await bench.host.close();
  });

  it('stops when cancelled mid-import and keeps the tables it had', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    const big = join(bench.root, 'big.csv');
    await writeBigCsv(big, 3_000_000);
    const { jobId } = await bench.client.data.importFile({ path: big, table: { layer: 'ods', name: 'big' } });
    await readingStarted(bench, jobId);
    await bench.client.jobs.cancel({ id: jobId });
    const job = await bench.host.requireWorkspace().jobs.wait(jobId);
    expect(job.state).toBe('cancelled');
    expect(await allTables(bench.workspace)).toEqual(['ods.titanic']);
    await bench.host.close();
  });

  it('fails cleanly or imports whole when the file is deleted mid-import', async () => {
    const bench = await openBench();
    const big = join(bench.root, 'big.csv');
    await writeBigCsv(big, 2_000_000);
    const { jobId } = await bench.client.data.importFile({ path: big, table: { layer: 'ods', name: 'big' } });
    await readingStarted(bench, jobId);
    await rm(big);
    const job = await bench.host.requireWorkspace().jobs.wait(jobId);
    if (job.state === 'succeeded') {
      // The reader had the file open: on POSIX it keeps reading every byte of it.
      expect((job.result as ImportResult).table.rows).toBe(2_000_000);
      expect(await allTables(bench.workspace)).toEqual(['ods.big']);
    } else {
      expect(job.error, JSON.stringify(job.error)).toMatchObject({ code: 'not_found', file: big });
      expect(await allTables(bench.workspace)).toEqual([]);
    }
    await bench.host.close();
  });

  it('reads a misnamed gzip file and explains a misnamed Parquet file', async () => {
    const bench = await openBench();
    const gz = join(bench.root, 'titanic.data');
    await bench.workspace.sql.run(`COPY (FROM read_csv('${TITANIC}')) TO '${gz}' (HEADER, COMPRESSION gzip)`);
    expect((await importOk(bench, { path: gz, table: { layer: 'ods', name: 'titanic' } })).table.rows).toBe(891);
    const parquet = join(bench.root, 'titanic.parquet');
    await bench.workspace.sql.run(`COPY (FROM read_csv('${TITANIC}')) TO '${parquet}' (FORMAT parquet)`);
    const misnamed = join(bench.root, 'titanic2.csv');
    await copyFile(parquet, misnamed);
    await expect(bench.client.data.importFile({ path: misnamed, table: { layer: 'ods', name: 'y' } })).rejects.toMatchObject({
      details: { hint: expect.stringContaining('--format parquet') },
    });
    await bench.host.close();
  });
});
