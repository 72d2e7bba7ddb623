import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'ok'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: Error };

export interface LoadHandle<T> {
  state: Loaded<T>;
  /** Loads again; the data shown so far stays until the new answer arrives. */
  reload: () => Promise<void>;
}

/**
 * Runs `load` when `deps` change and on `reload()`; an answer that arrives after a newer request started
 * is dropped, so a slow page never overwrites a fresh one. `pollMs` reloads on a timer (ops pages).
 */
export const useLoad = <T>(load: () => Promise<T>, deps: readonly unknown[], pollMs?: number): LoadHandle<T> => {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', data: undefined, error: undefined });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ status: 'ok', data, error: undefined });
    } catch (error) {
      if (mine === generation.current)
        setState((previous) => ({
          status: 'error',
          data: previous.data,
          error: error instanceof Error ? error : new Error(String(error)),
        }));
    }
  }, []);

  useEffect(() => {
    setState((previous) => ({ status: 'loading', data: previous.data, error: undefined }));
    void reload();
    if (pollMs === undefined) return undefined;
    const timer = setInterval(() => void reload(), pollMs);
    return () => clearInterval(timer);
    // The caller names the dependencies, as with useEffect.
  }, [...deps, pollMs]);

  // A page left while its request is in flight must not set state later.
  useEffect(() => () => void ++generation.current, []);
  return { state, reload };
};
