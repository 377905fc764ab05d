/** See csp.config.mjs. */
export function contentSecurityPolicy(options?: { nonce?: string }): string;
