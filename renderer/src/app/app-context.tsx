// The app model handed down the component tree once, instead of through every prop.
import { createContext, useContext, type ReactNode } from 'react';
import type { AppModel } from './app-model';

const AppContext = createContext<AppModel | null>(null);

export function AppProvider({ model, children }: { model: AppModel; children: ReactNode }) {
  return <AppContext.Provider value={model}>{children}</AppContext.Provider>;
}

export function useApp(): AppModel {
  const model = useContext(AppContext);
  if (!model) throw new Error('useApp outside AppProvider');
  return model;
}
