"""The bindings test's app in Python: every construct of cdk-db-snapshots, as test/bindings/app.ts builds it
in TypeScript. Run by test/bindings/python.test.ts in a fresh virtual environment with the built wheel."""
import aws_cdk as cdk
from aws_cdk import aws_kms as kms, aws_s3 as s3
from cdk_db_snapshots import (
    ClusterSnapshot,
    CrossRegionSnapshotCopy,
    ServerlessSchedule,
    ServerlessSnapshot,
    ServerlessSnapshotCopy,
    ServerlessSnapshotSchedule,
    SnapshotCopyGrant,
    SnapshotCopyJob,
    SnapshotRetention,
    SnapshotSource,
)

app = cdk.App()
stack = cdk.Stack(app, "Bindings", env=cdk.Environment(account="123456789012", region="us-east-1"))

grant = SnapshotCopyGrant(stack, "Grant", destination_region="us-west-2", snapshot_copy_grant_name="prod-copy-grant", tags={"team": "data"})
CrossRegionSnapshotCopy(
    stack, "Copy",
    cluster_identifier="analytics",
    destination_region="us-west-2",
    automated_copy_retention=cdk.Duration.days(14),
    manual_copy_retention=SnapshotRetention.days(30),
    snapshot_copy_grant_name=grant.snapshot_copy_grant_name,
    removal_policy=cdk.RemovalPolicy.RETAIN,
    timeout=cdk.Duration.minutes(30),
)
ClusterSnapshot(
    stack, "BeforeMigration",
    cluster_identifier="analytics",
    snapshot_identifier="before-migration-2026-11",
    retention=SnapshotRetention.days(90),
    tags={"team": "data"},
    share_with=["111122223333"],
    timeout=cdk.Duration.minutes(45),
)
ServerlessSnapshot(
    stack, "Nightly",
    namespace_name="analytics",
    snapshot_name="before-upgrade",
    retention=SnapshotRetention.indefinitely(),
    tags={"team": "analytics"},
    removal_policy=cdk.RemovalPolicy.DESTROY,
)
bucket = s3.Bucket(stack, "Exports", object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED)
key = kms.Key(stack, "Key")
SnapshotCopyJob(
    stack, "ExportSessions",
    source=SnapshotSource.memory_db(snapshot_name="sessions-2026-11-22"),
    target_snapshot_name="sessions-export",
    target_bucket=bucket,
)
SnapshotCopyJob(
    stack, "CopyOrders",
    source=SnapshotSource.doc_db_elastic(snapshot_arn="arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc"),
    target_snapshot_name="orders-copy",
    copy_tags=True,
    encryption_key=key,
)
ServerlessSnapshotCopy(
    stack, "ServerlessDr",
    namespace_name="analytics",
    destination_region="us-west-2",
    retention=SnapshotRetention.days(7),
)
ServerlessSnapshotSchedule(
    stack, "NightlySchedule",
    namespace_name="analytics",
    schedule=ServerlessSchedule.cron(minute="0", hour="3"),
    snapshot_name_prefix="nightly",
    retention=SnapshotRetention.days(14),
    tags={"team": "analytics"},
)
app.synth()
