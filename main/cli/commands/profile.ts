import type { Command } from '../command';

export const profileCommands: readonly Command[] = [];
