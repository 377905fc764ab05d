/**
 * Which tfjs backend to run on, and why. Pure logic: the probing of real devices lives in
 * `browserBackends.ts` / `nodeBackends.ts`, which hand their findings to `chooseBackend`.
 */

/** Every backend t5lab knows, fastest-in-principle first (the automatic order). */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_ORDER as readonly string[]).includes(value);
}

/** Parses a user's `?backend=` value. `auto`, empty and null mean "no preference". */
export function parseBackendRequest(value: string | null | undefined): BackendName | 'auto' {
  if (value == null || value === '' || value === 'auto') return 'auto';
  const v = value.trim().toLowerCase();
  if (isBackendName(v)) return v;
  throw new Error(`backend: unknown backend "${value}"; expected one of auto, ${BACKEND_ORDER.join(', ')}`);
}

/** What probing found out about one backend. */
export interface BackendProbe {
  name: BackendName;
  /** True when the backend initialised and passed the self-test. */
  usable: boolean;
  /**
   * True when it works but is a software emulation (SwiftShader) that is slower than wasm;
   * automatic choice skips it, an explicit request still gets it.
   */
  software?: boolean;
  /** Why it is not usable, or why it is only a software fallback. */
  reason?: string;
  /** Adapter / renderer description, e.g. "google swiftshader (fallback adapter)". */
  detail?: string;
}

export interface BackendDecision {
  active: BackendName;
  requested: BackendName | 'auto';
  /** One sentence saying why `active` was chosen, shown beside the backend badge. */
  why: string;
  /** Backends passed over, with the reason for each, in the order they were considered. */
  skipped: { name: BackendName; reason: string }[];
  probes: BackendProbe[];
}

/**
 * Chooses a backend from probe results. An explicit request wins when that backend is usable
 * (software emulation included); otherwise the first usable, non-software backend in
 * `BACKEND_ORDER`; software backends are a last resort before cpu.
 */
export function chooseBackend(probes: BackendProbe[], requested: BackendName | 'auto' = 'auto'): BackendDecision {
  const byName = new Map(probes.map((p) => [p.name, p]));
  const skipped: { name: BackendName; reason: string }[] = [];
  const reasonOf = (p: BackendProbe | undefined, name: BackendName) => p?.reason ?? (p ? 'not usable' : `${name} was not probed`);

  if (requested !== 'auto') {
    const p = byName.get(requested);
    if (p?.usable) {
      const sw = p.software ? ` (software emulation: ${p.reason ?? 'slow'})` : '';
      return { active: requested, requested, why: `requested by the user${sw}`, skipped, probes };
    }
    skipped.push({ name: requested, reason: reasonOf(p, requested) });
  }
  for (const name of BACKEND_ORDER) {
    if (name === requested) continue;
    const p = byName.get(name);
    if (!p) continue; // not probed: unavailable here, or an earlier backend already won
    if (p.usable && !p.software) {
      const fallback = requested !== 'auto' ? `${requested} is unavailable, fell back to ${name}` : '';
      const first =
        skipped.length === 0 ? `${name} is the fastest backend available` : `best available after ${skipped.map((s) => s.name).join(', ')}`;
      return { active: name, requested, why: fallback || first, skipped, probes };
    }
    skipped.push({ name, reason: reasonOf(p, name) });
  }
  // Everything non-software failed: take a software backend before plain cpu only if cpu is gone.
  const cpu = byName.get('cpu');
  if (cpu?.usable || !cpu) {
    return { active: 'cpu', requested, why: 'no faster backend is usable here', skipped, probes };
  }
  const sw = BACKEND_ORDER.find((n) => byName.get(n)?.usable);
  if (sw) return { active: sw, requested, why: 'only a software backend is usable', skipped, probes };
  throw new Error('backend: no tfjs backend passed its self-test; this browser cannot run t5lab');
}
