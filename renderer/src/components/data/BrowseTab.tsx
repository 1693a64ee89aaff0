import { useEffect } from 'react';
import { useLode } from '../../app/store-context';
import { formatCount } from '../../data/numbers';
import { parseTableKey } from '../../data/table-key';
import { cellFrom } from '../../store/page-cache';
import { ErrorMessage } from '../ErrorMessage';
import { Grid } from '../grid/Grid';

/** The selected table in the grid, paged from DuckDB with sort and filters pushed down. */
export function BrowseTab() {
  const selected = useLode((s) => s.selectedTable);
  const view = useLode((s) => s.browse);
  const openBrowse = useLode((s) => s.openBrowse);
  const ensureRows = useLode((s) => s.ensureBrowseRows);
  const sortBrowse = useLode((s) => s.sortBrowse);
  const filterBrowse = useLode((s) => s.filterBrowse);
  const refreshBrowse = useLode((s) => s.refreshBrowse);

  useEffect(() => {
    const ref = selected ? parseTableKey(selected) : null;
    if (ref) openBrowse({ table: ref });
  }, [selected, openBrowse]);

  if (!view || !('table' in view.source)) return null;
  const pages = view.pages;
  const loading = view.loading.length > 0;
  return (
    <div className="browse">
      <div className="browse-bar">
        <span data-testid="browse-total">
          {view.totalRows === null ? 'Loading…' : `${formatCount(view.totalRows)} rows`}
          {view.filters.length > 0 && ` matching ${view.filters.length} filter${view.filters.length > 1 ? 's' : ''}`}
        </span>
        {view.sort.length > 0 && (
          <span className="muted" data-testid="browse-sort">
            sorted by {view.sort.map((s) => `${s.column} ${s.descending ? '↓' : '↑'}`).join(', ')}
          </span>
        )}
        <span className="browse-loading" data-testid="browse-loading" data-loading={loading}>
          {loading ? 'Fetching rows…' : ''}
        </span>
        <button type="button" className="button small subtle" onClick={refreshBrowse} title="Fetch the rows again">
          Reload
        </button>
      </div>
      {view.error && <ErrorMessage error={view.error} />}
      {view.columns && (
        <Grid
          testId="browse-grid"
          label={`Rows of ${selected ?? ''}`}
          columns={view.columns}
          rowCount={view.totalRows ?? 0}
          cell={(row, column) => cellFrom(pages, row, column)}
          onRowsNeeded={ensureRows}
          sort={view.sort}
          onSort={sortBrowse}
          filters={view.filters}
          onFilter={filterBrowse}
          resetKey={`${JSON.stringify(view.source)}|${JSON.stringify(view.sort)}|${JSON.stringify(view.filters)}`}
        />
      )}
    </div>
  );
}
