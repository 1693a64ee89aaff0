import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleResult, TableProfile } from '../../../shared/services/data/profile';
import { BANK, loadCsv, openFixture } from '../../data/profile-fixtures';
import { runLode } from '../../testing/cli';

/** A workspace holding bank marketing as ods.bank, closed so the CLI can open it. */
async function bankWorkspace(): Promise<string> {
  const { host, workspace } = await openFixture();
  await loadCsv(workspace, 'ods.bank', BANK, "delim = ';'");
  const dir = workspace.path;
  await host.close();
  return dir;
}

describe('lode profile and lode quality', () => {
  it('profiles a table as JSON and as a compact table', async () => {
    const dir = await bankWorkspace();
    const json = await runLode(['profile', 'ods.bank', '--key', 'age,job', '--json', '--workspace', dir]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const profile = JSON.parse(json.stdout) as TableProfile;
    expect(profile).toMatchObject({ rows: 41188, exactDistinct: true, key: { columns: ['age', 'job'] } });
    expect(profile.columns.find((c) => c.name === 'y')).toMatchObject({ distinct: 2 });

    const text = await runLode(['profile', 'bank', '--exact', '--workspace', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ods.bank: 41,188 rows, 21 columns; distinct counts exact');
    expect(text.stdout).toMatch(/^y\s+BOOLEAN\s+0\s+2\s/m);

    const missing = await runLode(['profile', 'ods.nope', '--workspace', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('lode profile: table ods.nope does not exist. List the tables with `lode tables`.');
  });

  it('sets, shows and checks rules, exiting 1 when one fails', async () => {
    const dir = await bankWorkspace();
    const rules = join(dir, 'rules.yaml');
    await writeFile(
      rules,
      [
        'rules:',
        '  - { kind: max_null_rate, column: age, max: 0 }',
        '  - { kind: range, column: age, min: 18, max: 95 }',
        '  - { kind: unique, columns: [age] }',
      ].join('\n'),
    );
    const set = await runLode(['quality', 'set', 'ods.bank', '--rules', rules, '--workspace', dir]);
    expect(set.stderr).toBe('');
    expect(set.stdout.trim()).toBe('3 rules saved for ods.bank.');

    const show = await runLode(['quality', 'show', 'ods.bank', '--workspace', dir]);
    expect(show.stdout.trim().split('\n')).toEqual(['age: null rate at most 0%', 'age: within [18, 95]', 'age: unique']);

    const check = await runLode(['quality', 'check', 'ods.bank', '--json', '--workspace', dir]);
    expect(check.code).toBe(1);
    const { results } = JSON.parse(check.stdout) as { results: RuleResult[] };
    expect(results.map((r) => r.passed)).toEqual([true, false, false]);
    expect(check.stderr.trim()).toBe('lode quality check: 2 of 3 data-quality rules failed on ods.bank.');

    const good = join(dir, 'good.json');
    await writeFile(
      good,
      JSON.stringify([{ kind: 'allowed_values', column: 'marital', values: ['married', 'single', 'divorced', 'unknown'] }]),
    );
    await runLode(['quality', 'set', 'ods.bank', '--rules', good, '--workspace', dir]);
    const pass = await runLode(['quality', 'check', 'ods.bank', '--workspace', dir]);
    expect(pass.code).toBe(0);
    expect(pass.stdout.trim()).toBe('pass  marital: all non-null values allowed');
  });

  it('names the rule and field of a bad rules file, and a misspelt column', async () => {
    const dir = await bankWorkspace();
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify([
        { kind: 'unique', columns: ['age'] },
        { kind: 'max_null_rate', column: 'age', max: 2 },
      ]),
    );
    const result = await runLode(['quality', 'set', 'ods.bank', '--rules', bad, '--workspace', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.json: rules[1].max:');

    const typo = join(dir, 'typo.json');
    await writeFile(typo, JSON.stringify([{ kind: 'range', column: 'agge', min: 0 }]));
    const misspelt = await runLode(['quality', 'set', 'ods.bank', '--rules', typo, '--workspace', dir]);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr.trim()).toBe('lode quality set: rule 1 (range) names column "agge", which does not exist. Did you mean "age"?');
  });
});
