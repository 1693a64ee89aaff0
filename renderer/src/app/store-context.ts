import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LodeState, LodeStore } from '../store';

export const StoreContext = createContext<LodeStore | null>(null);

export function useLodeStore(): LodeStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useLode must be used inside <StoreContext value={store}>');
  return store;
}

/** Binds a component to one piece of the store; select primitives or stable references. */
export function useLode<T>(selector: (state: LodeState) => T): T {
  return useStore(useLodeStore(), selector);
}
