/**
 * The window event a cell dispatches when it has written to the runs store (a run started,
 * finished or was deleted), so the runs cell can re-read the store without the two kinds
 * importing each other.
 */
export const RUNS_CHANGED_EVENT = 't5lab-runs-changed';
