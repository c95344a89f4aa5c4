/**
 * What the server put in the page for the client: who is signed in, their team's supervisor
 * (a new commitment's first escalation), and the session's CSRF token for every change.
 */
import type { ShellBoot } from '../pages';

function read(): ShellBoot {
  const text = document.getElementById('ft-boot')?.textContent;
  if (!text) throw new Error('The page has no boot data; reload it.');
  return JSON.parse(text) as ShellBoot;
}

export const boot: ShellBoot = read();
export const me = boot.me;
export const csrfToken: string = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
/** Supervisors and admins oversee every commitment: the board, the reports, acknowledging. */
export const oversees = me.role === 'supervisor' || me.role === 'admin';
