/**
 * The CLI's exit codes, stable for scripts:
 * 0 success (a run completed, a read succeeded, a webhook verified),
 * 1 the run ended but not `completed` (failed, cancelled…),
 * 2 usage error (unknown flag, missing argument, invalid inputs, no API key),
 * 3 API or network error (including an HTTP error status, a bad response, or a wait that timed out),
 * 4 webhook verification failed.
 */
export const EXIT = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  api: 3,
  verification: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
