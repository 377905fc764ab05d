/**
 * From the core's field names to the names the user knows. A check deep in the core names the
 * field it checks (`batch.size`, `schedule.value`); at the boundary — the CLI, a cell's form —
 * the caller maps that field to its flag or label, so the message starts with what the user set.
 */
import { ValidationError } from './checks.ts';

/** The user-facing name of `field` in `names`, by the longest matching prefix (`schedule` covers `schedule.peak`). */
export function userNameFor(field: string, names: Readonly<Record<string, string>>): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(names)) {
    const covers = field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`);
    if (covers && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : names[best];
}

/**
 * A ValidationError renamed for the user: `NAME: original message` with NAME from `names`
 * (the original stays, since it is what a config file or run.json calls the field). Other
 * errors, and fields `names` does not cover, come back unchanged.
 */
export function renamedError(err: unknown, names: Readonly<Record<string, string>>): unknown {
  if (!(err instanceof ValidationError)) return err;
  const name = userNameFor(err.field, names);
  if (name === undefined || err.message.startsWith(`${name} `) || err.message.startsWith(`${name}:`)) return err;
  return new ValidationError(name, `${name}: ${err.message}`);
}
