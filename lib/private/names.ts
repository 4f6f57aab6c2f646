import { Names } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A default identifier that is unique per stack and construct and valid wherever Redshift-style rules
 * apply (lowercase letters, digits and hyphens, a letter first, no trailing or double hyphen).
 * `salt` goes into the name's hash, so that changing what cannot change in place yields a new name. Without a salt
 * (what it would be made of is a token, unknown at synth) the name has no hash: a hash of nothing would be the same
 * `-0000000` on every name, which reads as a fault; the construct path's own hash keeps the name unique.
 */
export function generatedIdentifier(scope: IConstruct, maxLength: number, salt = ''): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: maxLength - 9, separator: '-' }).toLowerCase();
  const cleaned = (salt === '' ? unique : `${unique}-${saltHash(salt)}`)
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return (/^[a-z]/.test(cleaned) ? cleaned : `s${cleaned}`).slice(0, maxLength).replace(/-+$/, '');
}

function saltHash(salt: string): string {
  let hash = 0;
  for (const char of salt) hash = (hash * 31 + char.charCodeAt(0)) % 0xffffffff;
  return hash.toString(36).padStart(7, '0').slice(-7);
}
