/** Live data: polling the API while the page is visible, and a clock for countdowns. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api';

/** How often live pages ask again; the board must show a lapse within 5 s (issue 13). */
export const POLL_MS = 4_000;

export interface Polled<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  /** When the data last arrived. */
  at: Date | undefined;
  reload: () => Promise<void>;
}

/** Loads at once, then every `everyMs` while the tab is visible, and at once when it becomes visible again. */
export function usePoll<T>(load: () => Promise<T>, deps: unknown[], everyMs = POLL_MS): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'reload'>>({ data: undefined, error: undefined, at: undefined });
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    try {
      const data = await loader.current();
      setState({ data, error: undefined, at: new Date() });
    } catch (err) {
      setState((s) => ({ ...s, error: err instanceof Error ? err : new Error(String(err)) }));
    }
  }, []);
  useEffect(() => {
    void reload();
    if (everyMs <= 0) return undefined;
    const timer = setInterval(() => document.visibilityState === 'visible' && void reload(), everyMs);
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, deps);
  return { ...state, reload };
}

/** The time now, moving every `everyMs`: countdowns and "waited" figures tick between polls. */
export function useNow(everyMs = 1_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
