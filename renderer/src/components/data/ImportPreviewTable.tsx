import type { ImportPreview } from '../../../../shared/services/data/imports';
import { useLode } from '../../app/store-context';
import { isNumericType } from '../../data/arrow-rows';

const commonTypes = ['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,4)', 'BOOLEAN', 'DATE', 'TIMESTAMP'];

/** The first rows as DuckDB reads them; each column's type can be forced, which reads the file again. */
export function ImportPreviewTable({ preview }: { preview: ImportPreview }) {
  const types = useLode((s) => s.importDraft.types);
  const setType = useLode((s) => s.setImportType);

  return (
    <div className="import-preview" data-testid="import-preview">
      <table className="preview-table">
        <thead>
          <tr>
            {preview.columns.map((column) => {
              const forced = types[column.name];
              const options = [...new Set([column.type, ...commonTypes])];
              return (
                <th key={column.name} data-testid="import-column" data-column={column.name}>
                  <span className="preview-name">{column.name}</span>
                  <select
                    className={forced ? 'preview-type forced' : 'preview-type'}
                    data-testid="import-type"
                    data-column={column.name}
                    value={forced ?? column.type}
                    onChange={(e) => setType(column.name, e.target.value === column.type && !forced ? null : e.target.value)}
                    aria-label={`Type of ${column.name}`}
                    title={forced ? `Forced to ${forced}` : `Detected ${column.type}`}
                  >
                    {options.map((type) => (
                      <option key={type} value={type}>
                        {type}
                      </option>
                    ))}
                  </select>
                  {forced && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setType(column.name, null)}
                      title="Let DuckDB detect the type"
                    >
                      detect
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, c) => (
                <td
                  key={c}
                  className={`${value === null ? 'null' : ''}${isNumericType(preview.columns[c]?.type ?? '') ? ' num' : ''}`}
                  data-testid="import-cell"
                >
                  {value ?? 'NULL'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {preview.rows.length === 0 && <p className="data-hint">The file has no rows after the header.</p>}
    </div>
  );
}

export function ImportProblems({ preview }: { preview: ImportPreview }) {
  if (preview.problems.length === 0) return null;
  return (
    <div className="import-problems" data-testid="import-problems" role="alert">
      <p>
        <strong>{preview.problems.length}</strong> malformed row{preview.problems.length > 1 ? 's' : ''} in the rows read so far. Fix the
        options above, or choose to skip them into a rejects table.
      </p>
      <ul className="problem-list">
        {preview.problems.map((problem, i) => (
          <li key={i} data-testid="import-problem">
            <span className="problem-where">line {problem.line ?? '?'}</span>
            {problem.column && <span className="problem-where">{problem.column}</span>}
            <span>{problem.message}</span>
            <code>{problem.sample}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
