import type { ServiceImpl } from '../../../shared/contract/define';
import type { workspaceService as spec } from '../../../shared/services/workspace';
import type { Host } from '../host';

export function workspaceService(host: Host): ServiceImpl<typeof spec> {
  return {
    create: async ({ path, name }) => (await host.open(path, true, name)).info(),
    open: async ({ path }) => (await host.open(path)).info(),
    close: async () => ({ closed: await host.close() }),
    current: async () => ({ workspace: host.workspace?.info() ?? null }),
    recent: async () => ({ workspaces: await host.recent.list() }),
  };
}
