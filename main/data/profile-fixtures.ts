/**
 * Test fixtures for profiling and quality rules: a temp workspace with real datasets loaded by
 * DuckDB's own reader, independent of the import service.
 */
import { join, resolve } from 'node:path';
import type { LodeClient } from '../../shared/contract';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import type { Workspace } from '../workspace/workspace';
import { tempDir } from '../testing/temp';
import { quoteLiteral } from './sql';

export const DATASETS = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');

export interface Fixture {
  readonly host: Host;
  readonly client: LodeClient;
  readonly workspace: Workspace;
}

export async function openFixture(): Promise<Fixture> {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  const workspace = await host.open(join(root, 'ws'), true);
  return { host, client: inProcessClient(host), workspace };
}

/** `CREATE TABLE <target> AS SELECT * FROM read_csv(<file>, <options>)`. */
export async function loadCsv(workspace: Workspace, target: string, file: string, options = ''): Promise<void> {
  const path = join(DATASETS, file);
  await workspace.sql.run(`CREATE TABLE ${target} AS SELECT * FROM read_csv(${quoteLiteral(path)}${options ? `, ${options}` : ''})`);
}

export const HOUSING = 'california_housing/housing.csv';
export const BANK = 'uci_bank_marketing/bank-additional-full.csv';
export const BIKE = 'bike_sharing_uci/hour.csv';
export const TITANIC = 'titanic/train.csv';
