import type { profileMethods } from '../../shared/services/data/profile';
import type { Host } from '../host/host';
import type { DataPart } from './parts';
import { describeRelation, requireTable, resolveColumn } from './profile-columns';
import { runProfile } from './profile-run';
import { evaluateRules, loadRules, saveRules } from './quality';
import { tableLabel, tableSql } from './sql';

export function profilePart(host: Host): DataPart<typeof profileMethods> {
  return {
    async profileTable({ table, key, distinct }) {
      const { workspace, jobs } = host.requireWorkspace();
      await requireTable(workspace.sql, table);
      // A misspelt key column fails the call itself, not a job the analyst has to open.
      const columns = await describeRelation(workspace.sql, tableSql(table));
      key?.forEach((name, j) => resolveColumn(name, columns, { field: `key[${j}]`, context: 'the key' }));
      const job = await jobs.start('profile', `Profile ${tableLabel(table)}`, async (ctx) => {
        // Its own connection, so cancelling interrupts this profile and nothing else.
        const sql = await workspace.connect();
        try {
          return await runProfile(sql, table, { key, distinct }, ctx);
        } finally {
          workspace.disconnect(sql);
        }
      });
      return { jobId: job.id };
    },

    async setQualityRules({ table, rules }) {
      const { workspace } = host.requireWorkspace();
      await requireTable(workspace.sql, table);
      return { rules: await saveRules(workspace.sql, table, rules) };
    },

    async getQualityRules({ table }) {
      const { workspace } = host.requireWorkspace();
      await requireTable(workspace.sql, table);
      return { rules: await loadRules(workspace.sql, table) };
    },

    async checkQuality({ table }) {
      const { workspace } = host.requireWorkspace();
      await requireTable(workspace.sql, table);
      const rules = await loadRules(workspace.sql, table);
      return { results: await evaluateRules(workspace.sql, tableSql(table), rules) };
    },
  };
}
