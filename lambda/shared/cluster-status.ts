// Redshift cluster states a deployment must not wait out.
//
// The ClusterStatus values are those of the Cluster data type (Redshift API Reference, "Cluster":
// available, "available, prep-for-resize", "available, resize-cleanup", cancelling-resize, creating,
// deleting, final-snapshot, hardware-failure, incompatible-hsm, incompatible-network,
// incompatible-parameters, incompatible-restore, modifying, paused, rebooting, renaming, resizing,
// rotating-keys, storage-full, updating-hsm). Of those, these do not end by themselves: a paused cluster
// stays paused until ResumeCluster ("Resumes a paused cluster", API Reference, ResumeCluster); the
// incompatible-* states and storage-full name a configuration or capacity the user must change; deleting
// and final-snapshot end with no cluster. Every other state (modifying, resizing, rebooting, ...) is waited for.

/** What the user can do about each state that does not end by itself. */
const NEEDS_THE_USER: Record<string, string> = {
  'paused': 'resume it (ResumeCluster)',
  'incompatible-hsm': 'fix its HSM configuration',
  'incompatible-network': 'fix its network configuration (VPC, subnet group)',
  'incompatible-parameters': 'fix its parameter group',
  'incompatible-restore': 'restore it again',
  'storage-full': 'free storage or resize it',
  'deleting': 'use another cluster',
  'final-snapshot': 'use another cluster',
};

/**
 * The message for a change a cluster cannot take in its state and will not take without the user, or
 * undefined when the state is `available` or will become it by itself. `otherwise` is the alternative.
 */
export function clusterNeedsTheUser(clusterIdentifier: string, status: string | undefined, otherwise: string): string | undefined {
  const fix = NEEDS_THE_USER[status ?? ''];
  return fix === undefined ? undefined : `cluster ${clusterIdentifier} is ${status}: ${fix}, or ${otherwise}`;
}
