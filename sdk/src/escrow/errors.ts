/**
 * Typed errors of the escrow client. Every code is stable, listed in `docs/errors.md` ("## Escrow"), never
 * reused. Messages name chain ids, amounts and contract error names: never private keys or signatures.
 *
 * @module
 */
import { CrypTalkError } from '../errors.js';

/** Every code an {@link EscrowError} can carry. */
export const ESCROW_ERROR_CODES = [
  'ESCROW_WRONG_CHAIN',
  'ESCROW_INSUFFICIENT_FUNDS',
  'ESCROW_SIGNATURE_REJECTED',
  'ESCROW_CONTRACT_REVERT',
  'ESCROW_INVALID_ARGUMENT',
  'ESCROW_NOT_FOUND',
  'ESCROW_NO_PROVIDER',
  'ESCROW_TRANSACTION_FAILED',
] as const;

/** A stable code of the escrow client. */
export type EscrowErrorCode = (typeof ESCROW_ERROR_CODES)[number];

/**
 * Errors of `sdk/src/escrow`. A contract revert keeps the decoded custom error in `revert`
 * (e.g. `{ name: 'EscrowVaultInvalidState', args: [id, 3n] }`).
 *
 * @example
 * try { await escrow.release(terms) }
 * catch (e) { if (e instanceof EscrowError && e.code === 'ESCROW_WRONG_CHAIN') await switchChain(e.expected) }
 */
export class EscrowError extends CrypTalkError {
  override name = 'EscrowError';
  declare readonly code: EscrowErrorCode;
  /** The decoded custom error of a contract revert, when there is one. */
  readonly revert: { name: string; args: readonly unknown[] } | undefined;

  /**
   * @param code - the stable code.
   * @param message - safe to show and log.
   * @param options - the cause and, for reverts, the decoded custom error.
   */
  constructor(
    code: EscrowErrorCode,
    message: string,
    options?: { cause?: unknown; revert?: { name: string; args: readonly unknown[] } },
  ) {
    super(code, message, options);
    this.revert = options?.revert;
  }

  /** The wallet or RPC is on another chain than the deployment. */
  static wrongChain(expected: bigint, actual: bigint): EscrowError {
    return new EscrowError(
      'ESCROW_WRONG_CHAIN',
      `connected to chain ${actual}, but the contracts are on chain ${expected}`,
    );
  }

  /** The account cannot pay `needed` (wei or token units) plus gas; it holds `available`. */
  static insufficientFunds(needed: bigint, available: bigint, asset: string, cause?: unknown): EscrowError {
    return new EscrowError(
      'ESCROW_INSUFFICIENT_FUNDS',
      `insufficient ${asset}: ${needed} needed, ${available} available`,
      { cause },
    );
  }

  /** The user rejected the signature or transaction in the wallet (EIP-1193 code 4001). */
  static rejected(cause?: unknown): EscrowError {
    return new EscrowError('ESCROW_SIGNATURE_REJECTED', 'the signature request was rejected in the wallet', {
      cause,
    });
  }

  /** A contract refused the call with a custom error. */
  static contractRevert(name: string, args: readonly unknown[], cause?: unknown): EscrowError {
    return new EscrowError('ESCROW_CONTRACT_REVERT', `the contract reverted with ${name}`, {
      cause,
      revert: { name, args },
    });
  }

  /** An argument is malformed (`what` names it and the rule). */
  static invalidArgument(what: string): EscrowError {
    return new EscrowError('ESCROW_INVALID_ARGUMENT', `invalid argument: ${what}`);
  }

  /** No escrow, lock or channel with this id was found on chain. */
  static notFound(kind: string): EscrowError {
    return new EscrowError('ESCROW_NOT_FOUND', `no ${kind} with this id on this chain`);
  }

  /** Neither an EIP-1193 provider nor a private key and RPC URL were given. */
  static noProvider(): EscrowError {
    return new EscrowError(
      'ESCROW_NO_PROVIDER',
      'pass an EIP-1193 provider, or a private key with an RPC URL',
    );
  }

  /** The transaction failed for another reason (see `cause`). */
  static transactionFailed(cause: unknown): EscrowError {
    return new EscrowError('ESCROW_TRANSACTION_FAILED', 'the transaction failed', { cause });
  }
}
