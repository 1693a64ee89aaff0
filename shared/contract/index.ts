import { dataService } from '../services/data';
import { featuresService } from '../services/features';
import { hostService } from '../services/host';
import { jobsService } from '../services/jobs';
import { trackingService, searchService } from '../services/tracking';
import { trainingService } from '../services/training';
import { workspaceService } from '../services/workspace';
import type { ContractImpl, EventName } from './define';
import type { Client } from './client';

/** Every service the host serves. Later domains add themselves here and nowhere else. */
export const contract = {
  host: hostService,
  workspace: workspaceService,
  jobs: jobsService,
  data: dataService,
  features: featuresService,
  training: trainingService,
  tracking: trackingService,
  search: searchService,
} as const;

export type Contract = typeof contract;
export type LodeClient = Client<Contract>;
export type LodeServices = ContractImpl<Contract>;
export type LodeEventName = EventName<Contract>;
