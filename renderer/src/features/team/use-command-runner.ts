// One console command at a time for a panel's buttons: busy while it runs (the buttons wait), and its
// failure kept in plain words for the panel to show. The command's result comes back, or undefined.
import { useCallback, useState } from 'react';
import { plainError } from '../../api/plain-error';

export interface CommandRunner {
  readonly busy: boolean;
  readonly error: string | null;
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
}

export function useCommandRunner(): CommandRunner {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(plainError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
