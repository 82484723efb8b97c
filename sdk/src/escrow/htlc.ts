/**
 * Hash-time-locked transfers (`HTLC`) for atomic swaps with Bitcoin, Lightning or another EVM chain: the
 * hashlock is `sha256` of a 32-byte secret.
 *
 * @module
 */
import { htlcAbi } from '@cryptalk/marketplace/abi';
import { getBytes, hexlify, sha256, type TransactionReceipt, ZeroHash } from 'ethers';
import { type ClientContext, ContractClient } from './contract-client.js';
import { EscrowError } from './errors.js';
import type { Hex, HtlcLock } from './types.js';

/** Length of an HTLC secret in bytes (BOLT 2 payment preimages are 32 bytes). */
export const HTLC_SECRET_BYTES = 32;

/** The states of a lock. */
export const HTLC_STATUSES = ['none', 'locked', 'claimed', 'refunded'] as const;

/**
 * Makes a fresh random 32-byte secret and its sha256 hashlock.
 *
 * @returns the secret (keep it private until claiming) and the hashlock.
 */
export function createSecret(): { secret: Hex; hashlock: Hex } {
  const secret = hexlify(crypto.getRandomValues(new Uint8Array(HTLC_SECRET_BYTES))) as Hex;
  return { secret, hashlock: sha256(secret) as Hex };
}

/**
 * Client of `HTLC`.
 *
 * @example
 * const { secret, hashlock } = createSecret();
 * const lock = await alice.htlc.lock({ receiver: bob, token: ZeroAddress, amount, hashlock, timelock });
 * await bob.htlc.claim(lock, secret);
 */
export class HtlcClient extends ContractClient {
  /**
   * @param ctx - the connection context.
   * @param address - the HTLC address.
   */
  constructor(ctx: ClientContext, address: string) {
    super(ctx, address, htlcAbi);
  }

  /**
   * Locks funds from the connected account.
   *
   * @param params - receiver, token, amount, hashlock, timelock (and an optional salt).
   * @returns the full lock (needed to claim or refund) and its id.
   */
  async lock(params: Omit<HtlcLock, 'sender' | 'salt'> & { salt?: Hex }): Promise<HtlcLock & { id: Hex }> {
    if (getBytes(params.hashlock).length !== 32)
      throw EscrowError.invalidArgument('hashlock must be 32 bytes');
    const lock: HtlcLock = { ...params, sender: this.address, salt: params.salt ?? (ZeroHash as Hex) };
    const receipt = await this.write('lock', [lock], { token: lock.token, amount: lock.amount });
    return { ...lock, id: this.eventArgs(receipt, 'HTLCLocked').id as Hex };
  }

  /**
   * Claims a lock for its stored receiver with the secret.
   *
   * @param lock - the lock.
   * @param secret - the 32-byte preimage.
   * @returns the receipt.
   * @throws EscrowError `ESCROW_INVALID_ARGUMENT` for a secret that is not 32 bytes or does not match.
   */
  claim(lock: HtlcLock, secret: Hex): Promise<TransactionReceipt> {
    const bytes = getBytes(secret);
    if (bytes.length !== HTLC_SECRET_BYTES) {
      throw EscrowError.invalidArgument(`the secret must be ${HTLC_SECRET_BYTES} bytes, got ${bytes.length}`);
    }
    if (sha256(bytes) !== lock.hashlock.toLowerCase())
      throw EscrowError.invalidArgument('the secret does not match the hashlock');
    return this.write('claim', [stripId(lock), secret]);
  }

  /** Refunds the sender after the timelock. @param lock - the lock. @returns the receipt. */
  refund(lock: HtlcLock): Promise<TransactionReceipt> {
    return this.write('refund', [stripId(lock)]);
  }

  /**
   * Reads a lock's status and amount.
   *
   * @param id - the lock id.
   * @returns status and locked amount.
   */
  async getLock(id: Hex): Promise<{ status: (typeof HTLC_STATUSES)[number]; amount: bigint }> {
    const [status, amount] = await this.read<[bigint, bigint]>('getLock', id);
    return { status: HTLC_STATUSES[Number(status)] ?? 'none', amount };
  }

  /**
   * Finds the secret a claim revealed (the other leg of a swap uses it).
   *
   * @param id - the lock id.
   * @param fromBlock - where to start searching; @default 0
   * @returns the secret.
   * @throws EscrowError `ESCROW_NOT_FOUND` when the lock was not claimed.
   */
  async revealedSecret(id: Hex, fromBlock = 0): Promise<Hex> {
    const logs = await this.contract.queryFilter(this.contract.filters.HTLCClaimed!(id), fromBlock);
    const log = logs[0];
    if (!log || !('args' in log)) throw EscrowError.notFound('claimed lock');
    return log.args.secret as Hex;
  }
}

function stripId(lock: HtlcLock & { id?: Hex }): HtlcLock {
  const { id: _id, ...rest } = lock;
  return rest;
}
