export * from './snapshot-retention';
export * from './cross-region-snapshot-copy';
export * from './cluster-snapshot';
export * from './snapshot-copy-grant';
export * from './serverless-snapshot';
export * from './snapshot-copy-job';
export * from './serverless-snapshot-schedule';
export * from './serverless-snapshot-copy';
