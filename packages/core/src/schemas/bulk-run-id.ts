/** True for a bulk run's id (`bkr_…`); a run's id starts with `rnp_`. */
export const isBulkRunId = (id: string): boolean => id.startsWith("bkr_");
