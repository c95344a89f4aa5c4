/**
 * The console: one page per path, chosen here; the server already sent the shell only to someone
 * signed in who may see the path. Navigation moves focus to the new page's heading, so keyboard
 * and screen-reader users start at the top of what changed.
 */
import './style.css';
import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { COMMITMENT_ID_SOURCE } from '../../shared/contract/commitment-id';
import { calendarOfPage, isOversightPage, subscriptionOfPage } from '../paths';
import { csrfToken, me, oversees } from './boot';
import { BoardPage } from './pages/board';
import { CommitmentPage } from './pages/commitment';
import { MinePage } from './pages/mine';
import { NewPage } from './pages/new';
import { Refused } from './pages/refused';
import { onLinkClick, useLocation } from './router';

/** Chart.js is fetched only when the reports page is opened (a chunk of its own). */
function ReportsPage() {
  const [Page, setPage] = useState<ComponentType | null>(null);
  useEffect(() => {
    void import('./pages/reports').then((m) => setPage(() => m.ReportsPage));
  }, []);
  return Page ? <Page /> : <p role="status">Loading the charts…</p>;
}

/** The calendar pages are a chunk of their own too: most visits never open them. */
function CalendarPages(props: { id: string | undefined }) {
  const [Page, setPage] = useState<ComponentType<{ id: string | undefined }> | null>(null);
  useEffect(() => {
    void import('./pages/calendars').then((m) => setPage(() => m.CalendarPages));
  }, []);
  return Page ? <Page id={props.id} /> : <h1 tabIndex={-1}>Loading…</h1>;
}

/** So are the event subscriptions: /events and /events/{id}, for supervisors and admins. */
function EventPages(props: { id: string | undefined }) {
  const [Page, setPage] = useState<ComponentType<{ id: string | undefined }> | null>(null);
  useEffect(() => {
    void import('./pages/events').then((m) => setPage(() => m.EventPages));
  }, []);
  return Page ? <Page id={props.id} /> : <h1 tabIndex={-1}>Loading…</h1>;
}

const NAV: { href: string; label: string; overseers?: boolean }[] = [
  { href: '/board', label: 'Board', overseers: true },
  { href: '/mine', label: 'My commitments' },
  { href: '/new', label: 'New commitment' },
  { href: '/reports', label: 'Reports', overseers: true },
  // Everyone may read the calendars (an agent can open one by its address); admins change them.
  { href: '/calendars', label: 'Calendars', overseers: true },
  { href: '/events', label: 'Events', overseers: true },
];

function Page(props: { path: string; query: URLSearchParams }) {
  const { path, query } = props;
  const id = new RegExp(`^/commitments/(${COMMITMENT_ID_SOURCE})$`).exec(path)?.[1];
  if (id) return <CommitmentPage id={id} intent={query.get('do')} />;
  const calendar = calendarOfPage(path);
  if (calendar) return <CalendarPages id={calendar} />;
  if (isOversightPage(path) && !oversees) return <Refused status={403} detail={`The ${path.split('/')[1]} page is for supervisors and admins.`} />;
  if (path === '/board') return <BoardPage />;
  if (path === '/reports') return <ReportsPage />;
  if (path === '/mine') return <MinePage />;
  if (path === '/new') return <NewPage />;
  if (path === '/calendars') return <CalendarPages id={undefined} />;
  if (path === '/events') return <EventPages id={undefined} />;
  const subscription = subscriptionOfPage(path);
  if (subscription) return <EventPages id={subscription} />;
  return <Refused status={404} detail={`There is no page at ${path}.`} />;
}

function App() {
  const { path, query } = useLocation();
  const first = path + query.toString();
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [first]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <span class="brand">Followthrough</span>
        <nav aria-label="Console">
          <ul>
            {NAV.filter((n) => oversees || !n.overseers).map((n) => (
              <li>
                <a href={n.href} aria-current={path === n.href ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <form method="post" action="/logout" class="signout">
          <input type="hidden" name="csrf" value={csrfToken} />
          <span class="who">{me.name}</span>
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main id="main">
        <Page path={path} query={query} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  document.addEventListener('click', onLinkClick);
  root.textContent = '';
  render(<App />, root);
}
