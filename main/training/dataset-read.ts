import { type DuckDBConnection, DuckDBDoubleVector, DuckDBIntegerVector } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';

/** One output column of a load query: SQL producing DOUBLE (NULL becomes NaN) or INTEGER (never NULL). */
export interface ReadColumn {
  readonly sql: string;
  readonly into: Float64Array | Int32Array;
}

/**
 * Streams `SELECT <columns> FROM <from>` chunk by chunk straight into typed arrays, so no row
 * objects are built however large the data (the arrays are sized from a prior count).
 */
export async function readColumns(
  sql: DuckDBConnection,
  from: string,
  columns: readonly ReadColumn[],
  expectedRows: number,
  signal?: AbortSignal,
): Promise<void> {
  const onAbort = (): void => sql.interrupt();
  signal?.addEventListener('abort', onAbort);
  try {
    const result = await sql.stream(`SELECT ${columns.map((c) => c.sql).join(', ')} FROM ${from}`);
    let at = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      if (at + n > expectedRows) throw new LodeError('internal', 'The data changed while it was being read.');
      columns.forEach((column, j) => {
        const vector = chunk.getColumnVector(j);
        const into = column.into;
        if (into instanceof Float64Array && vector instanceof DuckDBDoubleVector) {
          for (let i = 0; i < n; i++) into[at + i] = vector.getItem(i) ?? Number.NaN;
        } else if (into instanceof Int32Array && vector instanceof DuckDBIntegerVector) {
          for (let i = 0; i < n; i++) into[at + i] = vector.getItem(i) ?? -1;
        } else {
          throw new LodeError('internal', `Load query column ${j} has an unexpected type ${vector.type.toString()}.`);
        }
      });
      at += n;
    }
    if (at !== expectedRows) throw new LodeError('internal', `Read ${at} rows where ${expectedRows} were counted.`);
  } catch (err) {
    if (signal?.aborted) throw new LodeError('cancelled', 'Loading the training data was cancelled.');
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
