/** The on-disk layout of a workspace (../shared/DESIGN.md, "Workspace on disk"). */
export const WORKSPACE_FORMAT = 1;
export const CONFIG_FILE = 'lode.yaml';
export const DATABASE_FILE = 'lode.duckdb';
export const LOCK_FILE = '.lode.lock';
export const WORKSPACE_FOLDERS = ['features', 'pipelines', 'snapshots', 'runs'] as const;
export const DATA_LAYERS = ['ods', 'dwd', 'dws', 'ads'] as const;
export const META_SCHEMA = 'lode_meta';
