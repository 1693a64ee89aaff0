import type { Command } from '../command';

export const importCommands: readonly Command[] = [];
