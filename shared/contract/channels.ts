/** Electron IPC channel names, shared by preload and main/app. */
export const IPC_CALL_CHANNEL = 'lode:call';
export const IPC_EVENT_CHANNEL = 'lode:event';
