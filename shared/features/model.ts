import type { Diagnostic } from './diagnostics';
import type { Duration, Window } from './duration';
import type { Expr } from './expr/ast';
import type { ValueType } from './expr/types';
import type { SourceMap } from './source-map';
import type { Scalar } from './sql-text';
import type { AggregateFunction, Cast, EncodingMethod, LabelAggregate, Template } from './template';

/** A column as DuckDB describes it (information_schema / DESCRIBE). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/**
 * The workspace's schemas as the validator sees them: `layer.table` to columns. main/ fills it from
 * DuckDB; the editor gets the same map for completion.
 */
export interface SchemaCatalog {
  readonly tables: Readonly<Record<string, readonly ColumnInfo[]>>;
  /** The columns of `spine.query`, when the template has one (main/ describes the query). */
  readonly spineQuery?: readonly ColumnInfo[];
}

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly valueType: ValueType;
}

export interface ResolvedSource {
  readonly name: string;
  readonly table: string;
  /** The event time column; null for a dimension. */
  readonly time: Column | null;
  /** Spine column = source column pairs to join on. */
  readonly on: readonly { readonly spine: string; readonly source: string }[];
  readonly columns: readonly Column[];
}

interface FeatureCommon {
  /** The output column name (an aggregation with several windows becomes several features). */
  readonly name: string;
  /** The index of the definition under `features`. */
  readonly index: number;
  readonly output: boolean;
  readonly valueType: ValueType;
  /** Names of the features this one reads. */
  readonly deps: readonly string[];
  /** Spine columns this one reads in expressions (carried into the derived stages). */
  readonly spineRefs: readonly string[];
}

export type ResolvedFeature = FeatureCommon &
  (
    | {
        readonly kind: 'column';
        readonly source: string | null;
        readonly column: string;
        readonly cast: Cast | null;
        readonly clip: readonly [number | null, number | null] | null;
        readonly fill: Scalar | null;
      }
    | {
        readonly kind: 'aggregation';
        readonly source: string;
        readonly fn: AggregateFunction;
        readonly column: string | null;
        readonly window: Window;
        readonly filter: Expr | null;
        /** A sum of whole numbers stays a BIGINT. */
        readonly integerSum: boolean;
        /** The DuckDB type of `column` (the compiler picks order-independent forms by it, see compile-sources.ts). */
        readonly columnType: string | null;
      }
    | { readonly kind: 'formula'; readonly expr: Expr }
    | { readonly kind: 'time_part'; readonly part: 'hour' | 'weekday' | 'day' | 'month' | 'year'; readonly column: string }
    | { readonly kind: 'days_since_column'; readonly column: string }
    | { readonly kind: 'days_since_event'; readonly source: string; readonly filter: Expr | null; readonly window: Window }
    | {
        readonly kind: 'encoding';
        readonly method: EncodingMethod;
        readonly input: Expr;
        readonly top: number;
        /** Values given in the template; null means fitted on the spine rows. */
        readonly values: readonly Scalar[] | null;
      }
    | { readonly kind: 'bucketize'; readonly input: Expr; readonly boundaries: readonly number[] }
    | { readonly kind: 'cross'; readonly inputs: readonly Expr[] }
  );

export type ResolvedLabel =
  | { readonly name: string; readonly kind: 'column'; readonly column: string }
  | {
      readonly name: string;
      readonly kind: 'event';
      readonly source: string;
      readonly horizon: Duration;
      readonly aggregate: LabelAggregate;
      readonly value: string | null;
      readonly filter: Expr | null;
      readonly integerSum: boolean;
    };

/** A template checked against the workspace: names resolved, types known, features in dependency order. */
export interface ResolvedTemplate {
  readonly name: string;
  readonly template: Template;
  readonly logicVersion: string;
  readonly keys: readonly Column[];
  readonly spine: {
    readonly table: string | null;
    readonly query: string | null;
    readonly time: Column;
    readonly columns: readonly Column[];
  };
  readonly sources: readonly ResolvedSource[];
  /** Every feature, dependencies before the features that read them. */
  readonly features: readonly ResolvedFeature[];
  readonly label: ResolvedLabel | null;
}

export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Present when there are no errors. */
  readonly resolved: ResolvedTemplate | null;
  readonly sourceMap: SourceMap;
}
