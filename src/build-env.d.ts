/**
 * The Lightning CLI replaces `process.env.APP_*` at build time (see `src/config.ts`). Only
 * that part of `process` exists in the bundle.
 */
declare const process: { readonly env: Readonly<Record<string, string | undefined>> }
