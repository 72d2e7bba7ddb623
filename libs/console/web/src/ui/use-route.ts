import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from '../routing';

/** The current route, following hash changes (links, back and forward). */
export const useRoute = (): Route => {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
};
