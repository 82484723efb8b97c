import { randomBytes } from 'node:crypto';

/** A fresh stream epoch: 64 random bits in base64url (11 characters). */
export function newStreamEpoch(): string {
  return randomBytes(8).toString('base64url');
}
