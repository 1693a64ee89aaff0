import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { quoteLiteral } from '../../data/sql';
import { adultColumns, dataset } from '../../testing/datasets';

/** A training and a validation Parquet file and the label to learn. */
export interface ReferenceSplit {
  readonly name: string;
  readonly label: string;
  readonly train: string;
  readonly valid: string;
}

/*
 * The reference data sets of the quality checks and the benchmark, as Parquet. The splits must
 * match scripts/make-gbdt-fixtures.py exactly: adult uses its own train and test files; bank
 * marketing (without `duration`, which leaks the outcome), lending_club and california housing
 * (regression) put every fifth row (row index % 5 == 4) in validation.
 */
const SOURCES: Record<string, { label: string; csv: string; drop?: string }> = {
  adult: {
    label: 'ltgt50k',
    csv: `read_csv(%, delim=', ', header=false, skip=1, nullstr='?', names=[${adultColumns('ltgt50k').map(quoteLiteral).join(', ')}])`,
  },
  bank: { label: 'y', csv: "read_csv(%, delim=';', header=true, quote='\"')", drop: 'duration' },
  lending_club: { label: 'Class', csv: 'read_csv(%, header=true)' },
  california: { label: 'median_house_value', csv: 'read_csv(%, header=true)' },
};

const FILES: Record<string, [string, string?]> = {
  adult: ['uci_adult/adult.data', 'uci_adult/adult.test'],
  bank: ['uci_bank_marketing/bank-additional-full.csv'],
  lending_club: ['modeldata_credit_churn/lending_club.csv'],
  california: ['california_housing/housing.csv'],
};

export const REFERENCE_DATASETS = Object.keys(SOURCES);

export async function writeReferenceSplit(name: string, dir: string): Promise<ReferenceSplit> {
  const source = SOURCES[name];
  const [trainFile, testFile] = FILES[name] ?? [];
  if (!source || !trainFile) throw new Error(`unknown reference data set ${name}`);
  const instance = await DuckDBInstance.create(':memory:');
  const sql = await instance.connect();
  try {
    const read = (file: string): string => {
      const relation = source.csv.replace('%', quoteLiteral(dataset(file)));
      return source.drop ? `(SELECT * EXCLUDE (${source.drop}) FROM ${relation})` : relation;
    };
    const train = join(dir, `${name}-train.parquet`);
    const valid = join(dir, `${name}-valid.parquet`);
    if (testFile) {
      await sql.run(`COPY (SELECT * FROM ${read(trainFile)}) TO ${quoteLiteral(train)} (FORMAT parquet)`);
      await sql.run(`COPY (SELECT * FROM ${read(testFile)}) TO ${quoteLiteral(valid)} (FORMAT parquet)`);
    } else {
      const all = join(dir, `${name}-all.parquet`);
      await sql.run(`COPY (SELECT * FROM ${read(trainFile)}) TO ${quoteLiteral(all)} (FORMAT parquet)`);
      const numbered = `read_parquet(${quoteLiteral(all)}, file_row_number = true)`;
      await sql.run(
        `COPY (SELECT * EXCLUDE (file_row_number) FROM ${numbered} WHERE file_row_number % 5 <> 4) TO ${quoteLiteral(train)} (FORMAT parquet)`,
      );
      await sql.run(
        `COPY (SELECT * EXCLUDE (file_row_number) FROM ${numbered} WHERE file_row_number % 5 = 4) TO ${quoteLiteral(valid)} (FORMAT parquet)`,
      );
    }
    return { name, label: source.label, train, valid };
  } finally {
    sql.closeSync();
    instance.closeSync();
  }
}
