/**
 * Client-side routing over real paths (/board, /commitments/…): each is also a server route that
 * sends the same shell, so a reload or a link from an email lands on the right page.
 */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
const here = () => window.location.pathname + window.location.search;

export function navigate(to: string): void {
  if (to === here()) return;
  window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** The current path and query, re-rendering on every navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [location, setLocation] = useState(here());
  useEffect(() => {
    const update = () => setLocation(here());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  const url = new URL(location, window.location.origin);
  return { path: url.pathname, query: url.searchParams };
}

/** A plain click on a link to one of our pages navigates without a reload; others behave as links do. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href?.startsWith('/') || href.startsWith('/v1/') || href.startsWith('/login') || href.startsWith('/logout') || a.hasAttribute('download')) return;
  e.preventDefault();
  navigate(href);
}
