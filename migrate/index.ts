/**
 * tf-migrate's programmatic API (the CLI is `migrate/cli.ts`, `bin: tf-migrate`).
 */
export { migrateSource, createProject, preload, tidyBlankLines } from "./migrate";
export type { MigrateOptions, MigrateResult } from "./migrate";
export { migrateNotebook } from "./ipynb";
export { migrateText, listTree, writeAtomic, isMigratable } from "./files";
export { formatReport, formatEntry, countIssues } from "./report";
export type { Entry, FileReport, Severity, Lang } from "./report";
export { main } from "./cli";
