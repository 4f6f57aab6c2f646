# Makes moto (5.2.x) keep the tags of Redshift snapshot copy grants as AWS does: CreateSnapshotCopyGrant
# takes Tags, DescribeSnapshotCopyGrants returns them, and CreateTags/DeleteTags accept a grant's ARN
# (Redshift API Reference: CreateSnapshotCopyGrant, SnapshotCopyGrant data type, CreateTags).
# Unpatched moto drops them, and the SnapshotCopyGrant handler recognizes its own grants by a tag.
from moto.redshift import models, responses

_backend_init = models.RedshiftBackend.__init__


def _backend_init_with_grant_tags(self, region_name, account_id):
    _backend_init(self, region_name, account_id)
    self.RESOURCE_TYPE_MAP["snapshotcopygrant"] = self.snapshot_copy_grants


models.RedshiftBackend.__init__ = _backend_init_with_grant_tags
models.SnapshotCopyGrant.tags = []

_create_grant = responses.RedshiftResponse.create_snapshot_copy_grant


def _create_grant_with_tags(self):
    result = _create_grant(self)
    grant = self.redshift_backend.snapshot_copy_grants[self._get_param("SnapshotCopyGrantName")]
    grant.tags = list(self._get_param("Tags", []) or [])
    return result


responses.RedshiftResponse.create_snapshot_copy_grant = _create_grant_with_tags
