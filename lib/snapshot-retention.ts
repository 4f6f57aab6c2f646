import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SnapshotValidationError } from './private/validation';

/**
 * How long AWS keeps a manual snapshot: a number of days, or until someone deletes it.
 *
 * Redshift and Redshift Serverless accept 1 to 3,653 days (ten years), or -1 for "indefinitely".
 *
 * @example
 * SnapshotRetention.days(30);
 * SnapshotRetention.indefinitely();
 */
export class SnapshotRetention {
  /** The longest retention AWS accepts, in days (ten years). */
  public static readonly MAX_DAYS = 3653;

  /**
   * Keep the snapshot for this many days.
   *
   * A token (e.g. `param.valueAsNumber` of a CfnParameter) is passed to the handler as it is: the handler
   * checks it at deploy time and fails the deployment unless it is -1 or a whole number from 1 to 3,653.
   *
   * The construct that is given the retention checks the number, so that its error names the construct's path
   * and prop: a number outside 1 to 3,653 fails there, at synth.
   *
   * @param days a whole number of days from 1 to 3,653
   */
  public static days(days: number): SnapshotRetention {
    return new SnapshotRetention(days, false);
  }

  /** Keep the snapshot until it is deleted (AWS's `-1`). */
  public static indefinitely(): SnapshotRetention {
    return new SnapshotRetention(-1, true);
  }

  /**
   * The value AWS APIs take: the number of days, or -1 for indefinitely.
   */
  public readonly retentionDays: number;

  private readonly indefinite: boolean;

  private constructor(retentionDays: number, indefinite: boolean) {
    this.retentionDays = retentionDays;
    this.indefinite = indefinite;
  }

  /**
   * Checks the days against what AWS accepts; throws a SnapshotValidationError naming `scope` and `prop`.
   *
   * @internal
   */
  public _validate(scope: IConstruct, prop: string): void {
    const days = this.retentionDays;
    if (this.indefinite || Token.isUnresolved(days)) return;
    if (!Number.isInteger(days) || days < 1 || days > SnapshotRetention.MAX_DAYS) {
      throw new SnapshotValidationError(scope, prop, `SnapshotRetention.days(${days})`,
        `the retention must be a whole number of days from 1 to ${SnapshotRetention.MAX_DAYS}; `
        + 'use SnapshotRetention.indefinitely() to keep the snapshot until it is deleted');
    }
  }

  /** Whether the snapshot is kept until it is deleted. */
  public get isIndefinite(): boolean {
    return this.indefinite;
  }

  /** A readable form for messages, e.g. `30 days` or `indefinitely`. */
  public toString(): string {
    if (Token.isUnresolved(this.retentionDays)) return 'a number of days known at deploy time';
    return this.isIndefinite ? 'indefinitely' : `${this.retentionDays} days`;
  }
}
