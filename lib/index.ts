export * from './snapshot-retention';
export * from './cross-region-snapshot-copy';
