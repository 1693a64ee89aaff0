import type { ServiceImpl } from '../../../shared/contract/define';
import type { hostService } from '../../../shared/services/host';
import { appCommit, appVersion } from '../app-root';

export function hostInfoService(): ServiceImpl<typeof hostService> {
  return {
    info: async (_input, ctx) => ({ version: appVersion(), commit: appCommit(), transport: ctx.transport, platform: process.platform }),
  };
}
