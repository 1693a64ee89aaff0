import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { LodeBridge } from '../shared/contract/bridge';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/contract/channels';
import type { EventMessage, ResultMessage } from '../shared/contract/wire';

// The renderer gets exactly two functions: call a contract method, and subscribe to events.
const bridge: LodeBridge = {
  call: (service, method, input) => ipcRenderer.invoke(IPC_CALL_CHANNEL, service, method, input) as Promise<ResultMessage>,
  subscribe: (listener) => {
    const handler = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('lode', bridge);
