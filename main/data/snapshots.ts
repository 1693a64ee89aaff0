import { rename, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LodeError } from '../../shared/errors';
import type { snapshotMethods } from '../../shared/services/data/snapshots';
import type { Host } from '../host/host';
import type { DataPart } from './parts';
import { diffManifests } from './snapshot-diff';
import { newTempDir, readAllManifests, requireManifest, snapshotDir, sweepTempDirs } from './snapshot-layout';
import { findReferrers } from './snapshot-refs';
import { writeSnapshot } from './snapshot-write';

export function snapshotPart(host: Host): DataPart<typeof snapshotMethods> {
  return {
    createSnapshot: async (request) => {
      const { workspace, jobs } = host.requireWorkspace();
      const info = await jobs.start('snapshot', `Snapshot ${request.name}`, async (job) => {
        // A connection of its own, so that cancelling interrupts this snapshot and nothing else.
        const connection = await workspace.connect();
        try {
          return await writeSnapshot(request, { workspacePath: workspace.path, connection, job });
        } finally {
          workspace.disconnect(connection);
        }
      });
      return { jobId: info.id };
    },

    listSnapshots: async ({ name }) => {
      const { workspace } = host.requireWorkspace();
      await sweepTempDirs(workspace.path);
      const manifests = await readAllManifests(workspace.path, name);
      manifests.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
      return {
        snapshots: manifests.map(({ id, name: n, contentHash, createdAt, rows, bytes, source }) => ({
          id,
          name: n,
          contentHash,
          createdAt,
          rows,
          bytes,
          source,
        })),
      };
    },

    showSnapshot: async ({ id }) => requireManifest(host.requireWorkspace().workspace.path, id),

    diffSnapshots: async ({ a, b }) => {
      const { workspace } = host.requireWorkspace();
      return diffManifests(await requireManifest(workspace.path, a, 'a'), await requireManifest(workspace.path, b, 'b'));
    },

    removeSnapshot: async ({ id }) => {
      const { workspace } = host.requireWorkspace();
      const manifest = await requireManifest(workspace.path, id);
      const referrers = await findReferrers(workspace.path, manifest.id);
      if (referrers.length > 0) {
        const named = referrers.map((r) => `${r.kind} ${r.id} (${r.file})`).join(', ');
        throw new LodeError('bad_input', `snapshot ${id} is still used by ${named}; it was not removed.`, {
          field: 'id',
          hint: 'Remove what refers to it first, or keep the snapshot.',
        });
      }
      const dir = snapshotDir(workspace.path, manifest.id);
      // Out of sight by one rename first, so an interrupted delete never leaves half a snapshot;
      // the temp folder is swept if the delete itself is cut short.
      const doomed = newTempDir(workspace.path);
      await rename(dir, doomed);
      await rm(doomed, { recursive: true, force: true });
      await rmdir(dirname(dir)).catch((err: NodeJS.ErrnoException) => {
        // Other snapshots of the same name still live there.
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST' && err.code !== 'ENOENT') throw err;
      });
      return { removed: true };
    },
  };
}
