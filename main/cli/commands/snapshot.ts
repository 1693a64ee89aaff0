import type { Command } from '../command';

export const snapshotCommands: readonly Command[] = [];
