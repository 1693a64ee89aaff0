/** The workbench sections, in navigation order; Ctrl/Cmd+1..6 follow this order. */
export const sectionIds = ['data', 'features', 'training', 'experiments', 'models', 'pipelines'] as const;
export type SectionId = (typeof sectionIds)[number];

export interface SectionInfo {
  readonly id: SectionId;
  readonly label: string;
  /** The heading of the empty state, before the section holds anything. */
  readonly emptyTitle: string;
  /** What the section will hold, in the analyst's words. */
  readonly purpose: string;
  /** The command that reaches the same capability from a terminal. */
  readonly command: string;
}

export const sections: readonly SectionInfo[] = [
  {
    id: 'data',
    label: 'Data',
    emptyTitle: 'No tables yet',
    purpose:
      'Import CSV, Parquet or JSON files into layered tables (ods, dwd, dws, ads), profile them, query them in SQL and freeze snapshots.',
    command: 'lode import FILE --as TABLE',
  },
  {
    id: 'features',
    label: 'Features',
    emptyTitle: 'No feature templates yet',
    purpose:
      'Define features as YAML templates that compile to SQL, preview them on a snapshot, check them for leakage and build training sets.',
    command: 'lode features compile TEMPLATE.yaml',
  },
  {
    id: 'training',
    label: 'Training',
    emptyTitle: 'No training runs yet',
    purpose:
      'Train gradient-boosted trees, linear models or neural networks on a snapshot, or search hyper-parameters over many trials, with live progress.',
    command: 'lode train --data SNAPSHOT --label COL --algo gbdt',
  },
  {
    id: 'experiments',
    label: 'Experiments',
    emptyTitle: 'No runs to compare yet',
    purpose:
      'Compare runs side by side: metrics, curves, feature importance and the lineage of each run (snapshot, template version, parameters, code version).',
    command: 'lode runs compare',
  },
  {
    id: 'models',
    label: 'Models',
    emptyTitle: 'No model versions yet',
    purpose:
      "Register runs as model versions, move them through their lifecycle with aliases, and publish them to the team's MLflow registry and serving cluster.",
    command: 'lode models list',
  },
  {
    id: 'pipelines',
    label: 'Pipelines',
    emptyTitle: 'No pipelines yet',
    purpose: 'Chain imports, snapshots, feature builds and training into pipelines that run on a schedule and resume where they stopped.',
    command: 'lode pipeline run PIPELINE.yaml',
  },
];

export function sectionInfo(id: SectionId): SectionInfo {
  const found = sections.find((s) => s.id === id);
  if (!found) throw new Error(`unknown section ${id}`);
  return found;
}

export function isSectionId(value: string): value is SectionId {
  return (sectionIds as readonly string[]).includes(value);
}
