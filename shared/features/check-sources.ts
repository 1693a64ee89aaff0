import { type CheckContext, ColumnSet } from './check-context';
import { parseDuration, type Duration } from './duration';
import type { Expr } from './expr/ast';
import type { ExprScope } from './expr/check';
import { isIntegerType, isTimeLike, typeLabel } from './expr/types';
import type { Column, ResolvedLabel, ResolvedSource, SchemaCatalog } from './model';
import { didYouMean } from '../suggest';
import type { Template } from './template';

/** A source with its columns, while checking. */
export type SourceEntry = ResolvedSource & { readonly set: ColumnSet };

function tableColumns(ctx: CheckContext, catalog: SchemaCatalog, table: string, path: (string | number)[]): ColumnSet | null {
  const columns = Object.hasOwn(catalog.tables, table) ? catalog.tables[table] : undefined;
  if (columns) return new ColumnSet(columns);
  ctx.error(path, 'unknown_table', `there is no table or view ${table} in the workspace`, didYouMean(table, Object.keys(catalog.tables)));
  return null;
}

export function checkSpine(ctx: CheckContext, t: Template, catalog: SchemaCatalog): { set: ColumnSet; time: Column } | null {
  let set: ColumnSet | null = null;
  if (t.spine.table && t.spine.query) {
    ctx.error(['spine', 'query'], 'conflict', 'the spine is a table or a query, not both', 'remove table or query');
    return null;
  }
  if (t.spine.table) set = tableColumns(ctx, catalog, t.spine.table, ['spine', 'table']);
  else if (t.spine.query) {
    if (catalog.spineQuery) set = new ColumnSet(catalog.spineQuery);
    else ctx.error(['spine', 'query'], 'spine_unknown', 'the columns of the spine query are unknown', 'check that the query runs');
  } else {
    ctx.error(['spine'], 'missing_key', 'the spine needs a table or a query', 'add table: LAYER.NAME');
  }
  if (!set) return null;
  const time = ctx.column(set, t.spine.time, ['spine', 'time'], 'the spine');
  if (!time) return null;
  if (!isTimeLike(time.valueType)) {
    ctx.error(['spine', 'time'], 'type_error', `the as-of column ${time.name} must be a timestamp or date, not ${time.type}`);
    return null;
  }
  return { set, time };
}

export function checkSources(ctx: CheckContext, t: Template, catalog: SchemaCatalog, spine: ColumnSet | null): Map<string, SourceEntry> {
  const out = new Map<string, SourceEntry>();
  for (const [name, def] of Object.entries(t.sources ?? {})) {
    const path = ['sources', name];
    const set = tableColumns(ctx, catalog, def.table, [...path, 'table']);
    if (!set) continue;
    let time: Column | null = null;
    if (def.time !== undefined) {
      time = ctx.column(set, def.time, [...path, 'time'], def.table);
      if (time && !isTimeLike(time.valueType)) {
        ctx.error(
          [...path, 'time'],
          'type_error',
          `the event time ${time.name} must be a timestamp or date, not ${time.type}`,
          'convert it in a view, e.g. epoch_ms(ts * 1000)',
        );
        time = null;
      }
      if (!time) continue;
    }
    const keys = [...new Set(t.entity.keys)].filter((k) => k !== t.spine.time);
    const pairs = def.on ? Object.entries(def.on) : keys.map((k) => [k, k] as const);
    const on: { spine: string; source: string }[] = [];
    for (const [spineName, sourceName] of pairs) {
      const explicit = def.on !== undefined;
      const spineColumn = spine ? (explicit ? ctx.column(spine, spineName, [...path, 'on'], 'the spine') : spine.find(spineName)) : null;
      // An entity key missing from the spine is reported once, at entity.keys.
      if (!explicit && spine && !spineColumn) continue;
      const sourceColumn = set.find(sourceName);
      if (!sourceColumn) {
        const near = didYouMean(sourceName, set.names());
        if (explicit) ctx.error([...path, 'on', spineName], 'unknown_column', `${def.table} has no column '${sourceName}'`, near);
        else {
          const guess = near ? `${near.replace(/^did you mean (.*)\?$/, '$1')}` : 'COLUMN';
          ctx.error(
            path,
            'unknown_column',
            `${def.table} has no column '${sourceName}' to join the entity key on`,
            `add on: {${spineName}: ${guess}}`,
          );
        }
        continue;
      }
      if (
        spineColumn &&
        spineColumn.valueType !== sourceColumn.valueType &&
        spineColumn.valueType !== 'unknown' &&
        sourceColumn.valueType !== 'unknown'
      ) {
        ctx.error(
          [...path, 'on'],
          'type_error',
          `cannot join spine ${spineColumn.name} (${spineColumn.type}) with ${def.table}.${sourceColumn.name} (${sourceColumn.type})`,
        );
        continue;
      }
      if (spineColumn || !explicit) on.push({ spine: spineColumn?.name ?? spineName, source: sourceColumn.name });
    }
    out.set(name, { name, table: def.table, time, on, columns: set.columns, set });
  }
  return out;
}

/** A source named by a feature or label, with an error at `path` when it does not exist. */
export function findSource(
  ctx: CheckContext,
  sources: ReadonlyMap<string, SourceEntry>,
  name: string,
  path: (string | number)[],
  t: Template,
): SourceEntry | null {
  const found = sources.get(name);
  if (found) return found;
  if (t.sources && Object.hasOwn(t.sources, name)) return null; // Declared, with its own error.
  ctx.error(
    path,
    'unknown_source',
    `there is no source '${name}' under sources`,
    didYouMean(name, sources.keys()) ?? 'declare it under sources',
  );
  return null;
}

/** The scope of a filter: the columns of the source's events. */
export function sourceScope(source: SourceEntry): ExprScope {
  return {
    what: `a column of ${source.table}`,
    resolve: (name: string) => {
      const c = source.set.find(name);
      return c ? { type: c.valueType } : undefined;
    },
    candidates: () => source.set.names(),
  };
}

/** A filter expression: parsed, a condition over the source's columns. */
export function checkFilter(
  ctx: CheckContext,
  path: (string | number)[],
  text: string | undefined,
  source: SourceEntry,
): Expr | null | false {
  if (text === undefined) return null;
  const expr = ctx.parse(path, text);
  if (!expr) return false;
  const type = ctx.typeOf(path, expr, sourceScope(source));
  if (type !== 'boolean' && type !== 'unknown') {
    ctx.error(path, 'type_error', `a filter must be a condition (true/false), but this is ${typeLabel(type)}`, "e.g. event = 'click'");
    return false;
  }
  return type === 'unknown' ? false : expr;
}

export function checkLabel(
  ctx: CheckContext,
  t: Template,
  spine: ColumnSet,
  sources: ReadonlyMap<string, SourceEntry>,
): ResolvedLabel | null {
  const def = t.label;
  if (!def) return null;
  const path = ['label'];
  if (def.column !== undefined) {
    for (const key of ['source', 'horizon', 'aggregate', 'value', 'filter'] as const) {
      if (def[key] !== undefined) ctx.error([...path, key], 'conflict', `a label from a spine column takes no ${key}`);
    }
    const column = ctx.column(spine, def.column, [...path, 'column'], 'the spine');
    return column ? { name: def.name, kind: 'column', column: column.name } : null;
  }
  if (def.source === undefined) {
    ctx.error(
      path,
      'missing_key',
      'the label needs a spine column or an event source',
      'add column: NAME, or source, horizon and aggregate',
    );
    return null;
  }
  const source = findSource(ctx, sources, def.source, [...path, 'source'], t);
  let horizon: Duration | null = null;
  if (def.horizon === undefined) ctx.error(path, 'missing_key', 'an event label needs a horizon', 'add horizon: 7d');
  else horizon = parseDuration(def.horizon);
  if (!source) return null;
  if (!source.time) {
    ctx.error(
      [...path, 'source'],
      'not_events',
      `source '${source.name}' has no time column, so nothing happens after the as-of time`,
      'add time: COLUMN to the source',
    );
    return null;
  }
  const aggregate = def.aggregate ?? 'any';
  let value: string | null = null;
  let integerSum = false;
  if (aggregate === 'sum' || aggregate === 'avg' || aggregate === 'min' || aggregate === 'max') {
    if (def.value === undefined) {
      ctx.error(path, 'missing_key', `a label with aggregate ${aggregate} needs a value column`, 'add value: COLUMN');
      return null;
    }
    const column = ctx.column(source.set, def.value, [...path, 'value'], source.table);
    if (!column) return null;
    if ((aggregate === 'sum' || aggregate === 'avg') && column.valueType !== 'number') {
      ctx.error([...path, 'value'], 'type_error', `${aggregate} needs a number column, but ${column.name} is ${column.type}`);
      return null;
    }
    value = column.name;
    integerSum = aggregate === 'sum' && isIntegerType(column.type);
  } else if (def.value !== undefined) {
    ctx.error([...path, 'value'], 'conflict', `aggregate ${aggregate} takes no value column`);
  }
  const filter = checkFilter(ctx, [...path, 'filter'], def.filter, source);
  if (filter === false || !horizon) return null;
  return { name: def.name, kind: 'event', source: source.name, horizon, aggregate, value, filter, integerSum };
}
