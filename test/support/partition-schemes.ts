/**
 * The partitioning schemes the API tests run on, one vitest project each
 * (vitest.config.ts): the database settings the partitions migration reads
 * before it makes the first partitions (see lib_event.partition_policy).
 */
export const partitionSchemes: Record<string, Record<string, string>> = {
  // The default: one partition per month.
  monthly: {},
  // One partition per day, each split in four by hash of event__id.
  'daily-hash4': {
    'lib_event.partition_period': 'day',
    'lib_event.hash_subpartitions': '4',
  },
};
