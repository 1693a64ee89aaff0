import { LineCounter, parseDocument } from 'yaml';
import type { Range } from '../../../shared/features/diagnostics';
import { SourceMap, type Path } from '../../../shared/features/source-map';
import { LodeError } from '../../../shared/errors';
import { trainingAlgorithms, type TrainingAlgorithm } from '../../../shared/services/training';
import { didYouMean } from '../../../shared/suggest';
import { CATALOG } from './catalog';
import {
  ALGO_KEY,
  DEFAULT_PRUNING,
  TPE_DEFAULTS,
  type TpeSettings,
  paramKey,
  type Distribution,
  type PruningSettings,
  type SearchSpace,
  type SpaceParam,
} from './space';

export interface SpaceProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

export interface ParsedSpace {
  readonly space: SearchSpace | null;
  readonly problems: readonly SpaceProblem[];
}

const DIST_KEYS = ['int', 'float', 'loguniform', 'categorical', 'log', 'step'] as const;
const PRUNING_KEYS = ['startup_trials', 'warmup_iterations'] as const;
const TPE_KEYS = ['startup_trials', 'ei_candidates'] as const;

type Raw = Record<string, unknown>;

function isMapping(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/**
 * Parses a search space (docs/search.md). Never throws on bad input: every problem comes back
 * with its line and column, and unknown names with the nearest known one.
 */
export function parseSpace(text: string, defaultAlgo: TrainingAlgorithm): ParsedSpace {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(text, doc, lines);
  const problems: SpaceProblem[] = [];
  const report = (range: Range, message: string, hint?: string) =>
    problems.push({ message, line: range.start.line, column: range.start.column, ...(hint ? { hint } : {}) });
  for (const error of doc.errors) {
    const message = error.code === 'DUPLICATE_KEY' ? 'this key is written twice in the same mapping' : error.message.split('\n')[0]!;
    report(map.rangeOfOffsets(error.pos[0], error.pos[1]), message);
  }
  if (problems.length > 0) return { space: null, problems };
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isMapping(raw)) {
    report(
      map.range([]),
      'a search space is a mapping: `algo`, a parameter block per algorithm, optionally `pruning`',
      'see docs/search.md',
    );
    return { space: null, problems };
  }

  const algos = readAlgos(raw, defaultAlgo, map, report);
  const branching = algos.length > 1;
  const params: SpaceParam[] = [];
  const topKeys = [ALGO_KEY, 'pruning', 'tpe', ...trainingAlgorithms];
  for (const [key, value] of Object.entries(raw)) {
    if (key === ALGO_KEY || key === 'pruning' || key === 'tpe') continue;
    if (!(trainingAlgorithms as readonly string[]).includes(key)) {
      const owner = algos.find((a) => CATALOG[a].names.includes(key));
      const hint = owner
        ? `parameters go under their algorithm: write '${key}' inside '${owner}:'`
        : (didYouMean(key, topKeys) ?? `the space has ${topKeys.join(', ')}`);
      report(map.keyRange([], key), `unknown key '${key}' in the search space`, hint);
      continue;
    }
    const algo = key as TrainingAlgorithm;
    if (!algos.includes(algo)) {
      report(
        map.keyRange([], key),
        `'${algo}' parameters are given, but the search chooses from ${algos.join(', ')}`,
        `add ${algo} to algo: [...] or remove this block`,
      );
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!isMapping(value)) {
      report(map.range([key]), `${algo} must be a mapping of parameter names to ranges, not ${describe(value)}`);
      continue;
    }
    for (const [name, spec] of Object.entries(value)) {
      const dist = readParam(algo, name, spec, [key, name], map, report);
      if (dist) params.push({ key: paramKey(algo, name, branching), algo, name, dist });
    }
  }
  const pruning = readPruning(raw.pruning, map, report);
  const tpe = readTpe(raw.tpe, map, report);
  if (problems.length > 0) return { space: null, problems: sortProblems(problems) };
  return { space: { algos, params, pruning, tpe }, problems: [] };
}

type Report = (range: Range, message: string, hint?: string) => void;

function readAlgos(raw: Raw, defaultAlgo: TrainingAlgorithm, map: SourceMap, report: Report): TrainingAlgorithm[] {
  const value = raw[ALGO_KEY];
  if (value === undefined || value === null) return [defaultAlgo];
  const list = Array.isArray(value) ? value : [value];
  const algos: TrainingAlgorithm[] = [];
  list.forEach((item, i) => {
    const path: Path = Array.isArray(value) ? [ALGO_KEY, i] : [ALGO_KEY];
    if (typeof item !== 'string' || !(trainingAlgorithms as readonly string[]).includes(item)) {
      const hint = typeof item === 'string' ? didYouMean(item, trainingAlgorithms) : undefined;
      report(map.range(path), `algo ${describe(item)} is not one of ${trainingAlgorithms.join(', ')}`, hint);
    } else if (algos.includes(item as TrainingAlgorithm)) {
      report(map.range(path), `algo '${item}' is listed twice`);
    } else {
      algos.push(item as TrainingAlgorithm);
    }
  });
  if (algos.length === 0 && list.length === 0) report(map.range([ALGO_KEY]), 'algo needs at least one algorithm');
  return algos.length > 0 ? algos : [defaultAlgo];
}

function readPruning(value: unknown, map: SourceMap, report: Report): PruningSettings {
  if (value === undefined || value === null) return DEFAULT_PRUNING;
  if (!isMapping(value)) {
    report(map.range(['pruning']), `pruning must be a mapping (startup_trials, warmup_iterations), not ${describe(value)}`);
    return DEFAULT_PRUNING;
  }
  const out = { ...DEFAULT_PRUNING };
  for (const [key, v] of Object.entries(value)) {
    if (!(PRUNING_KEYS as readonly string[]).includes(key)) {
      report(
        map.keyRange(['pruning'], key),
        `unknown key '${key}' in pruning`,
        didYouMean(key, PRUNING_KEYS) ?? `pruning has ${PRUNING_KEYS.join(', ')}`,
      );
      continue;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      report(map.range(['pruning', key]), `${key} must be a whole number of 0 or more, not ${describe(v)}`);
      continue;
    }
    if (key === 'startup_trials') out.startupTrials = v;
    else out.warmupIterations = v;
  }
  return out;
}

function readTpe(value: unknown, map: SourceMap, report: Report): TpeSettings {
  if (value === undefined || value === null) return TPE_DEFAULTS;
  if (!isMapping(value)) {
    report(map.range(['tpe']), `tpe must be a mapping (startup_trials, ei_candidates), not ${describe(value)}`);
    return TPE_DEFAULTS;
  }
  const out = { ...TPE_DEFAULTS };
  for (const [key, v] of Object.entries(value)) {
    if (!(TPE_KEYS as readonly string[]).includes(key)) {
      report(map.keyRange(['tpe'], key), `unknown key '${key}' in tpe`, didYouMean(key, TPE_KEYS) ?? `tpe has ${TPE_KEYS.join(', ')}`);
      continue;
    }
    const min = key === 'ei_candidates' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      report(map.range(['tpe', key]), `${key} must be a whole number of ${min} or more, not ${describe(v)}`);
      continue;
    }
    if (key === 'startup_trials') out.startupTrials = v;
    else out.eiCandidates = v;
  }
  return out;
}

function readParam(algo: TrainingAlgorithm, name: string, spec: unknown, path: Path, map: SourceMap, report: Report): Distribution | null {
  const catalog = CATALOG[algo];
  if (!catalog.names.includes(name)) {
    report(
      map.keyRange(path.slice(0, -1), name),
      `'${name}' is not a ${algo} parameter`,
      didYouMean(name, catalog.names) ?? `${algo} parameters: ${catalog.names.join(', ')}`,
    );
    return null;
  }
  const allowed = (value: unknown, at: Path): value is number | string => {
    if (typeof value !== 'number' && typeof value !== 'string') {
      report(map.range(at), `${name} values must be numbers or text, not ${describe(value)}`);
      return false;
    }
    const problem = catalog.check(name, value);
    if (problem) report(map.range(at), problem.message, problem.hint);
    return problem === null;
  };
  if (typeof spec === 'number' || typeof spec === 'string') return allowed(spec, path) ? { kind: 'fixed', value: spec } : null;
  if (Array.isArray(spec)) return readChoices(name, spec, path, map, report, allowed);
  if (!isMapping(spec)) {
    report(map.range(path), `${name} must be a value, a list of choices or a range such as {float: [0.01, 0.3]}, not ${describe(spec)}`);
    return null;
  }
  for (const key of Object.keys(spec)) {
    if (!(DIST_KEYS as readonly string[]).includes(key)) {
      report(
        map.keyRange(path, key),
        `unknown key '${key}' in the range of ${name}`,
        didYouMean(key, DIST_KEYS) ?? `a range has one of int, float, loguniform, categorical, and optionally log, step`,
      );
      return null;
    }
  }
  const kinds = (['int', 'float', 'loguniform', 'categorical'] as const).filter((k) => k in spec);
  if (kinds.length !== 1) {
    report(
      map.range(path),
      kinds.length === 0
        ? `the range of ${name} needs one of int, float, loguniform or categorical`
        : `the range of ${name} has both ${kinds.join(' and ')}; keep one`,
    );
    return null;
  }
  const kind = kinds[0]!;
  if (kind === 'categorical') {
    if (!Array.isArray(spec.categorical)) {
      report(map.range([...path, kind]), `categorical must be a list of choices, not ${describe(spec.categorical)}`);
      return null;
    }
    return readChoices(name, spec.categorical, [...path, kind], map, report, allowed);
  }
  if (catalog.text.has(name)) {
    report(map.range([...path, kind]), `${name} takes text values; list them with categorical: [...]`);
    return null;
  }
  const bounds = spec[kind];
  if (!Array.isArray(bounds) || bounds.length !== 2 || bounds.some((b) => typeof b !== 'number')) {
    report(map.range([...path, kind]), `${kind} must be a list of two numbers [low, high], not ${describe(bounds)}`);
    return null;
  }
  const [low, high] = bounds as [number, number];
  const log = kind === 'loguniform' || spec.log === true;
  if (spec.log !== undefined && typeof spec.log !== 'boolean')
    report(map.range([...path, 'log']), `log must be true or false, not ${describe(spec.log)}`);
  const step = spec.step;
  let ok = allowed(low, [...path, kind, 0]) && allowed(high, [...path, kind, 1]);
  if (ok && low > high) {
    report(map.range([...path, kind]), `the low end ${low} of ${name} is above the high end ${high}`);
    ok = false;
  }
  if (log && low <= 0) {
    report(map.range([...path, kind, 0]), `a log range needs a low end above 0, not ${low}`, `use a small positive number such as 1e-4`);
    ok = false;
  }
  if (step !== undefined && (typeof step !== 'number' || !(step > 0))) {
    report(map.range([...path, 'step']), `step must be a number above 0, not ${describe(step)}`);
    ok = false;
  }
  if (step !== undefined && log) {
    report(map.range([...path, 'step']), 'a log range cannot have a step', 'remove step, or log');
    ok = false;
  }
  const integer = kind === 'int';
  if (integer && (!Number.isInteger(low) || !Number.isInteger(high) || (step !== undefined && !Number.isInteger(step)))) {
    report(
      map.range([...path, kind]),
      `int ranges take whole numbers; ${name} is [${low}, ${high}]${step !== undefined ? ` step ${describe(step)}` : ''}`,
    );
    ok = false;
  }
  if (!integer && catalog.integers.has(name)) {
    report(map.range([...path, kind]), `${name} is a whole number; write int: [${low}, ${high}]`);
    ok = false;
  }
  if (!ok) return null;
  if (integer) return { kind: 'int', low, high, step: (step as number | undefined) ?? 1, log };
  return { kind: 'float', low, high, step: (step as number | undefined) ?? null, log };
}

function readChoices(
  name: string,
  list: unknown[],
  path: Path,
  map: SourceMap,
  report: Report,
  allowed: (value: unknown, at: Path) => value is number | string,
): Distribution | null {
  if (list.length === 0) {
    report(map.range(path), `${name} needs at least one choice`);
    return null;
  }
  const choices: (number | string)[] = [];
  let ok = true;
  list.forEach((item, i) => {
    if (!allowed(item, [...path, i])) ok = false;
    else if (choices.includes(item)) {
      report(map.range([...path, i]), `${name} lists ${describe(item)} twice`);
      ok = false;
    } else choices.push(item);
  });
  if (!ok) return null;
  return choices.length === 1 ? { kind: 'fixed', value: choices[0]! } : { kind: 'categorical', choices };
}

function sortProblems(problems: SpaceProblem[]): SpaceProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The space, or a LodeError at the first problem (with the count of the others). */
export function requireSpace(text: string, algo: TrainingAlgorithm, file?: string): SearchSpace {
  const { space, problems } = parseSpace(text, algo);
  if (space) return space;
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  const where = `${file ?? 'search space'}:${first.line}:${first.column}`;
  throw new LodeError('bad_input', `${where}: ${first.message}${more}`, {
    field: 'space',
    ...(file ? { file } : {}),
    line: first.line,
    column: first.column,
    ...(first.hint ? { hint: first.hint } : {}),
  });
}

/** What checkSpace reports for each parameter. */
export function describeParams(space: SearchSpace): { name: string; kind: string }[] {
  const out = space.algos.length > 1 ? [{ name: ALGO_KEY, kind: 'categorical' }] : [];
  for (const p of space.params) {
    const kind = p.dist.kind === 'float' && p.dist.log ? 'log-float' : p.dist.kind === 'int' && p.dist.log ? 'log-int' : p.dist.kind;
    out.push({ name: p.key, kind });
  }
  return out;
}
