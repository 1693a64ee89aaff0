import type { Command } from '../command';

export const tableCommands: readonly Command[] = [];
