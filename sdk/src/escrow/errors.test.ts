import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { escrowVaultAbi, htlcAbi, marketplaceAbi, paymentChannelAbi } from '@cryptalk/marketplace/abi';
import { Interface } from 'ethers';
import { CrypTalkError } from '../errors.js';
import { TOKEN_ERRORS_ABI, toEscrowError } from './contract-client.js';
import { ESCROW_ERROR_CODES, EscrowError } from './errors.js';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/errors.md');

function section(): string {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf('## Escrow');
  assert.ok(start >= 0, `${DOC} has no "## Escrow" section`);
  const rest = doc.slice(start + 1);
  const next = rest.search(/\n## /);
  return next >= 0 ? rest.slice(0, next) : rest;
}

describe('escrow error codes', () => {
  it('every SDK code is in docs/errors.md "## Escrow" and every documented code exists', () => {
    const documented = new Set([...section().matchAll(/^\| `(ESCROW_[A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
    for (const code of ESCROW_ERROR_CODES)
      assert.ok(documented.has(code), `${code} missing from docs/errors.md`);
    for (const code of documented) {
      assert.ok((ESCROW_ERROR_CODES as readonly string[]).includes(code as string), `${code} is not a code`);
    }
    assert.equal(new Set(ESCROW_ERROR_CODES).size, ESCROW_ERROR_CODES.length, 'codes are unique');
  });

  it('every custom error of the four contracts is documented, and only those', () => {
    const own = [escrowVaultAbi, marketplaceAbi, htlcAbi, paymentChannelAbi]
      .flatMap((abi) => abi.filter((x) => x.type === 'error').map((x) => x.name))
      .filter((name) => /^(EscrowVault|Marketplace|HTLC|PaymentChannel)/.test(name));
    const documented = new Set(
      [...section().matchAll(/^\| `((?:EscrowVault|Marketplace|HTLC|PaymentChannel)\w+)`\s*\|/gm)].map(
        (m) => m[1],
      ),
    );
    for (const name of own) assert.ok(documented.has(name), `${name} missing from docs/errors.md`);
    for (const name of documented) assert.ok(own.includes(name as never), `${name} is not a contract error`);
  });

  it('factories set code, name, class and safe messages', () => {
    const cases: [EscrowError, string][] = [
      [EscrowError.wrongChain(1n, 2n), 'ESCROW_WRONG_CHAIN'],
      [EscrowError.insufficientFunds(5n, 1n, 'ETH'), 'ESCROW_INSUFFICIENT_FUNDS'],
      [EscrowError.rejected(), 'ESCROW_SIGNATURE_REJECTED'],
      [EscrowError.contractRevert('X', [1n]), 'ESCROW_CONTRACT_REVERT'],
      [EscrowError.invalidArgument('a'), 'ESCROW_INVALID_ARGUMENT'],
      [EscrowError.notFound('escrow'), 'ESCROW_NOT_FOUND'],
      [EscrowError.noProvider(), 'ESCROW_NO_PROVIDER'],
      [EscrowError.transactionFailed(new Error('x')), 'ESCROW_TRANSACTION_FAILED'],
    ];
    for (const [err, code] of cases) {
      assert.equal(err.code, code);
      assert.equal(err.name, 'EscrowError');
      assert.ok(err instanceof CrypTalkError);
    }
    assert.match(EscrowError.insufficientFunds(5n, 1n, 'ETH').message, /5 needed, 1 available/);
    assert.deepEqual(EscrowError.contractRevert('X', [1n]).revert, { name: 'X', args: [1n] });
  });

  it('toEscrowError maps rejections, token shortfalls, custom errors and the rest', () => {
    const vault = new Interface(escrowVaultAbi);
    const tokens = new Interface(TOKEN_ERRORS_ABI);
    assert.equal(toEscrowError({ code: 'ACTION_REJECTED' }, []).code, 'ESCROW_SIGNATURE_REJECTED');
    assert.equal(toEscrowError({ info: { error: { code: 4001 } } }, []).code, 'ESCROW_SIGNATURE_REJECTED');
    const short = tokens.encodeErrorResult('ERC20InsufficientBalance', [`0x${'11'.repeat(20)}`, 3n, 7n]);
    const e = toEscrowError({ data: short }, [vault, tokens]);
    assert.equal(e.code, 'ESCROW_INSUFFICIENT_FUNDS');
    assert.match(e.message, /7 needed, 3 available/);
    const bps = vault.encodeErrorResult('EscrowVaultInvalidBps', [10_001n]);
    const r = toEscrowError({ info: { error: { data: bps } } }, [vault]);
    assert.deepEqual(
      [r.code, r.revert?.name, r.revert?.args],
      ['ESCROW_CONTRACT_REVERT', 'EscrowVaultInvalidBps', [10_001n]],
    );
    assert.equal(toEscrowError(new Error('socket hang up'), [vault]).code, 'ESCROW_TRANSACTION_FAILED');
  });
});
