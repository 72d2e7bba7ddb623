import { useState } from 'preact/hooks';
import { useLoad, type Loaded } from './use-load';

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
}

export interface PagedHandle<T> {
  /** Every item loaded so far: the first page, then those `more()` appended. */
  state: Loaded<T[]>;
  /** Loads the next page; null when there is none. */
  more: (() => Promise<void>) | null;
  /** A failed `more()` (the items shown so far stay). */
  error: Error | null;
}

/**
 * A keyset-paged list: the first page loads when `deps` change (starting over), `more()` appends the next.
 * The lists of the console (deals of a stage or an account, a timeline) all page this way.
 */
export const usePaged = <T>(
  load: (cursor: string | null) => Promise<Page<T>>,
  deps: readonly unknown[],
): PagedHandle<T> => {
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const first = useLoad(async () => {
    const page = await load(null);
    setMore([]);
    setCursor(page.next);
    setError(null);
    return page.items;
  }, deps);
  const loadMore = async (): Promise<void> => {
    try {
      const page = await load(cursor);
      setMore((shown) => [...shown, ...page.items]);
      setCursor(page.next);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };
  const state: Loaded<T[]> =
    first.state.data === undefined ? first.state : { ...first.state, data: [...first.state.data, ...more] };
  return { state, more: cursor ? loadMore : null, error };
};
