import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { adultColumns, dataset } from '../main/testing/datasets';
import { initWorkspace, repoRoot, runSql } from './host';

/** `lode ARGS --json` against a workspace no host holds open, as a setup script would; returns its JSON. */
export function lodeJson(dir: string, lodeHome: string, args: readonly string[]): unknown {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'lode.mjs'), '--workspace', dir, ...args, '--json'], {
    cwd: repoRoot,
    env: { ...process.env, LODE_HOME: lodeHome, LODE_WORKSPACE: '' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`lode ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

export interface CensusWorkspace {
  readonly dir: string;
  /** The snapshot of ods.adult. */
  readonly snapshot: string;
  /** Trains a GBDT on the snapshot with `lode train` and returns the run id. */
  readonly train: (iterations: number, leaves: number) => string;
}

/** A workspace `census` with UCI adult imported as ods.adult and snapshotted as `adult`. */
export function censusWorkspace(tempDir: string, lodeHome: string): CensusWorkspace {
  const dir = join(tempDir, 'census');
  initWorkspace(dir, lodeHome, 'Census');
  const names = `[${adultColumns('income')
    .map((c) => `'${c}'`)
    .join(', ')}]`;
  const adult = dataset('uci_adult/adult.data');
  runSql(
    dir,
    lodeHome,
    `CREATE TABLE ods.adult AS SELECT * FROM read_csv('${adult}', delim=', ', header=false, nullstr='?', names=${names})`,
  );
  const { id: snapshot } = lodeJson(dir, lodeHome, ['snapshot', 'create', 'adult', '--table', 'ods.adult']) as { id: string };
  const train = (iterations: number, leaves: number) =>
    (
      lodeJson(dir, lodeHome, [
        ...['train', '--data', snapshot, '--label', 'income', '--positive', '>50K'],
        ...['--param', `num_iterations=${iterations}`, '--param', `num_leaves=${leaves}`],
      ]) as { id: string }
    ).id;
  return { dir, snapshot, train };
}
