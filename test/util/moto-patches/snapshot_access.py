# Makes moto (5.2.x) share Redshift snapshots as AWS does: AuthorizeSnapshotAccess and RevokeSnapshotAccess
# (which moto does not implement) keep the snapshot's AccountsWithRestoreAccess, which DescribeClusterSnapshots
# returns ("A list of the AWS accounts authorized to restore the snapshot", Snapshot data type; AWS Support as
# AccountAlias amazon-redshift-support), and DeleteClusterSnapshot refuses a snapshot other accounts may restore
# ("If other accounts are authorized to access the snapshot, you must revoke all of the authorizations before you
# can delete the snapshot", DeleteClusterSnapshot). Errors by the API Reference's names: AuthorizationAlreadyExists,
# AuthorizationNotFound, ClusterSnapshotNotFound, InvalidClusterSnapshotState.
from moto.core.responses import ActionResult
from moto.redshift import models, responses
from moto.redshift.exceptions import ClusterSnapshotNotFoundError, RedshiftClientError

SUPPORT = "amazon-redshift-support"

models.Snapshot.accounts_with_restore_access = None


def _snapshot(backend, identifier):
    snapshot = backend.snapshots.get(identifier)
    if snapshot is None:
        raise ClusterSnapshotNotFoundError(identifier)
    return snapshot


def _entry(account):
    # The id AWS reports for its support account is not documented; any stable one will do here.
    return {"AccountId": "000000000000", "AccountAlias": SUPPORT} if account == SUPPORT else {"AccountId": account}


def _names(snapshot):
    return [entry.get("AccountAlias") or entry["AccountId"] for entry in snapshot.accounts_with_restore_access or []]


def authorize_snapshot_access(self):
    snapshot = _snapshot(self.redshift_backend, self._get_param("SnapshotIdentifier"))
    account = self._get_param("AccountWithRestoreAccess")
    if account in _names(snapshot):
        raise RedshiftClientError("AuthorizationAlreadyExists", f"{account} is already authorized to restore this snapshot.")
    snapshot.accounts_with_restore_access = (snapshot.accounts_with_restore_access or []) + [_entry(account)]
    return ActionResult({"Snapshot": snapshot})


def revoke_snapshot_access(self):
    snapshot = _snapshot(self.redshift_backend, self._get_param("SnapshotIdentifier"))
    account = self._get_param("AccountWithRestoreAccess")
    if account not in _names(snapshot):
        raise RedshiftClientError("AuthorizationNotFound", f"{account} is not authorized to restore this snapshot.")
    remaining = [entry for entry in snapshot.accounts_with_restore_access if (entry.get("AccountAlias") or entry["AccountId"]) != account]
    snapshot.accounts_with_restore_access = remaining or None
    return ActionResult({"Snapshot": snapshot})


_delete_snapshot = models.RedshiftBackend.delete_cluster_snapshot


def _delete_unless_shared(self, snapshot_identifier):
    snapshot = self.snapshots.get(snapshot_identifier)
    if snapshot is not None and snapshot.accounts_with_restore_access:
        raise RedshiftClientError("InvalidClusterSnapshotState", "Cannot delete a snapshot that other accounts are authorized to restore.")
    return _delete_snapshot(self, snapshot_identifier)


responses.RedshiftResponse.authorize_snapshot_access = authorize_snapshot_access
responses.RedshiftResponse.revoke_snapshot_access = revoke_snapshot_access
models.RedshiftBackend.delete_cluster_snapshot = _delete_unless_shared
