import { z } from 'zod';
import { defineService, method } from '../contract/define';

const folderPath = z.string().trim().min(1, 'give the folder path of the workspace');

export const workspaceInfo = z.object({
  path: z.string(),
  name: z.string(),
  format: z.number().int(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfo>;

export const recentWorkspace = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentWorkspace = z.infer<typeof recentWorkspace>;

export const workspaceService = defineService(
  'workspace',
  {
    create: method(
      'Create a new workspace folder (lode.yaml, lode.duckdb, layout folders) and open it.',
      z.object({ path: folderPath, name: z.string().trim().min(1).max(120).optional() }).strict(),
      workspaceInfo,
    ),
    open: method('Open an existing workspace folder for writing.', z.object({ path: folderPath }).strict(), workspaceInfo),
    close: method('Close the open workspace and release its lock.', z.object({}).strict(), z.object({ closed: z.boolean() })),
    current: method('The workspace this host has open, if any.', z.object({}).strict(), z.object({ workspace: workspaceInfo.nullable() })),
    recent: method('Recently opened workspaces, newest first.', z.object({}).strict(), z.object({ workspaces: z.array(recentWorkspace) })),
  },
  {
    changed: z.object({ workspace: workspaceInfo.nullable() }),
  },
);
