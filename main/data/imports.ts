import { basename } from 'node:path';
import type { importMethods } from '../../shared/services/data/imports';
import type { Host } from '../host/host';
import { checkImport, runImport } from './import-job';
import { previewFile } from './import-preview';
import type { DataPart } from './parts';
import { tableLabel } from './sql';
import { dropLeftovers, withConnection } from './table-catalog';

export function importPart(host: Host): DataPart<typeof importMethods> {
  return {
    previewImport: async (input) => {
      const { workspace } = host.requireWorkspace();
      return previewFile(workspace, input);
    },

    importFile: async (input) => {
      const { workspace, jobs } = host.requireWorkspace();
      await dropLeftovers(workspace);
      // Missing files, name clashes and the like fail here, before a job is started.
      const source = await withConnection(workspace, (conn) => checkImport(conn, input));
      const job = await jobs.start('import', `Import ${basename(source.path)} as ${tableLabel(input.table)}`, (ctx) =>
        runImport(workspace, input, ctx),
      );
      return { jobId: job.id };
    },
  };
}
