/**
 * Share links pasted into a tab that already shows t5lab: only the fragment changes, so the page
 * does not reload. Each new `#nb=` opens like one that loaded the page (an untrusted import, or
 * a message saying why not); the fragment is then removed so a reload does not import it twice.
 */
import { sharedPayload } from '../../src/notebook/shareLink.ts';
import type { NotebookSession } from '../../src/notebook/notebookSession.ts';

/** Listens for `#nb=` links on `win`; returns the function that stops listening. */
export function watchShareLinks(win: Window, session: Pick<NotebookSession, 'openShared'>): () => void {
  const onHash = () => {
    const payload = sharedPayload(win.location.hash);
    if (payload === undefined) return;
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    void session.openShared(payload);
  };
  win.addEventListener('hashchange', onHash);
  return () => win.removeEventListener('hashchange', onHash);
}
