import type { LodeBridge } from '../../shared/contract/bridge';

declare global {
  interface Window {
    /** The contract bridge exposed by preload under Electron; absent in a browser (`lode web`). */
    readonly lode?: LodeBridge;
  }
}
