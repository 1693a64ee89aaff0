import { z } from 'zod';
import { defineService, method } from '../contract/define';

export const hostInfo = z.object({
  version: z.string(),
  commit: z.string().nullable(),
  transport: z.enum(['ipc', 'websocket', 'in-process']),
  platform: z.string(),
});
export type HostInfo = z.infer<typeof hostInfo>;

export const hostService = defineService(
  'host',
  {
    info: method('Version of the host and how this client reaches it.', z.object({}).strict(), hostInfo),
  },
  {},
);
