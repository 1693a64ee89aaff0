import { dataLayers, type DataLayer } from '../../../../shared/services/data/common';
import type { TableInfo } from '../../../../shared/services/data/tables';
import { useLode } from '../../app/store-context';
import { formatBytes, formatCount } from '../../data/numbers';
import { tableKey } from '../../data/table-key';
import { refOf, visibleTables } from '../../store/tables-slice';
import { ErrorMessage } from '../ErrorMessage';
import { formatWhen } from '../format';
import { Icon } from '../Icon';

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function TableItem({ table, selected, onSelect }: { table: TableInfo; selected: boolean; onSelect: () => void }) {
  const key = tableKey(refOf(table));
  const details = [
    `${key} (${table.kind})`,
    `${table.rows === null ? '' : `${formatCount(table.rows)} rows × `}${table.columns.length} columns${table.bytes === null ? '' : `, ${formatBytes(table.bytes)}`}`,
    table.sourceFile ? `Imported from ${table.sourceFile}` : null,
    table.importedAt ? `at ${new Date(table.importedAt).toLocaleString()}` : null,
  ].filter(Boolean);
  return (
    <li>
      <button
        type="button"
        className="table-item"
        data-testid="table-item"
        data-table={key}
        aria-current={selected || undefined}
        onClick={onSelect}
        title={details.join('\n')}
      >
        <span className="table-item-line">
          <Icon name={table.kind === 'view' ? 'view' : 'table'} size={14} />
          <span className="table-item-name">{table.name}</span>
          {table.rows !== null && (
            <span className="table-item-rows" data-testid="table-rows">
              {formatCount(table.rows)}
            </span>
          )}
        </span>
        <span className="table-item-meta">
          {table.kind} · {table.columns.length} cols{table.bytes !== null && ` · ${formatBytes(table.bytes)}`}
        </span>
        {(table.sourceFile || table.importedAt) && (
          <span className="table-item-meta">
            {table.sourceFile ? fileName(table.sourceFile) : 'from SQL'}
            {table.importedAt && ` · ${formatWhen(table.importedAt)}`}
          </span>
        )}
      </button>
    </li>
  );
}

/** Tables and views of every layer, grouped by layer, filterable by layer and name. */
export function TableList() {
  const tables = useLode((s) => s.tables);
  const loaded = useLode((s) => s.tablesLoaded);
  const loading = useLode((s) => s.tablesLoading);
  const error = useLode((s) => s.tablesError);
  const selected = useLode((s) => s.selectedTable);
  const layer = useLode((s) => s.tableLayerFilter);
  const search = useLode((s) => s.tableSearch);
  const selectTable = useLode((s) => s.selectTable);
  const setLayer = useLode((s) => s.setTableLayerFilter);
  const setSearch = useLode((s) => s.setTableSearch);
  const loadTables = useLode((s) => s.loadTables);
  const shown = visibleTables(tables, layer, search);

  return (
    <nav className="table-list" data-testid="table-list" aria-label="Tables">
      <div className="table-list-tools">
        <input
          className="input small"
          data-testid="table-search"
          placeholder="Find a table"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Find a table"
          spellCheck={false}
        />
        <select
          className="input small"
          data-testid="table-layer-filter"
          value={layer}
          onChange={(e) => setLayer(e.target.value as DataLayer | 'all')}
          aria-label="Layer"
        >
          <option value="all">All layers</option>
          {dataLayers.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-button"
          data-testid="tables-refresh"
          onClick={() => void loadTables()}
          disabled={loading}
          aria-label="Refresh tables"
          title="Refresh tables"
        >
          <Icon name="refresh" size={14} />
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
      <div className="table-groups">
        {dataLayers.map((l) => {
          const inLayer = shown.filter((t) => t.layer === l);
          if (inLayer.length === 0) return null;
          return (
            <section key={l} className="table-group" aria-label={`Layer ${l}`} data-testid={`layer-${l}`}>
              <h3 className="table-group-title">
                {l} <span className="count">{inLayer.length}</span>
              </h3>
              <ul>
                {inLayer.map((t) => (
                  <TableItem
                    key={t.name}
                    table={t}
                    selected={selected === tableKey(refOf(t))}
                    onSelect={() => selectTable(tableKey(refOf(t)))}
                  />
                ))}
              </ul>
            </section>
          );
        })}
        {loaded && shown.length === 0 && <p className="table-list-empty">{tables.length === 0 ? 'No tables yet.' : 'No table matches.'}</p>}
      </div>
    </nav>
  );
}
