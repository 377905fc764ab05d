// Types for scripts/static-server.mjs (used by TypeScript tests).
export interface StaticServer {
  /** The site's address with its base, e.g. "http://127.0.0.1:PORT/t5lab/". */
  url: string;
  port: number;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}
export function serveStatic(options?: { dir?: string; base?: string; port?: number }): Promise<StaticServer>;
