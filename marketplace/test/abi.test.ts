import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { escrowVaultAbi, htlcAbi, marketplaceAbi, paymentChannelAbi } from '@cryptalk/marketplace/abi';
import {
  ABI_DIR,
  compileContracts,
  kebabCase,
  PUBLIC_CONTRACTS,
  renderAbiModule,
} from '../scripts/compile.js';

describe('typed ABIs', () => {
  it('the committed src/abi modules match the compiled contracts (run scripts/compile.ts after editing .sol)', () => {
    const artifacts = compileContracts();
    const committed: Record<string, readonly unknown[]> = {
      EscrowVault: escrowVaultAbi,
      Marketplace: marketplaceAbi,
      HTLC: htlcAbi,
      PaymentChannel: paymentChannelAbi,
    };
    for (const name of PUBLIC_CONTRACTS) {
      const artifact = artifacts.get(name);
      assert.ok(artifact, `${name} compiled`);
      assert.deepEqual(committed[name], artifact.abi, `${name} ABI is stale`);
      assert.ok(readFileSync(join(ABI_DIR, `${kebabCase(name)}.ts`), 'utf8').includes('as const;'), name);
    }
  });

  it('every custom error follows <Contract><Problem> and every contract has events', () => {
    const abis: [string, readonly { type: string; name?: string }[]][] = [
      ['EscrowVault', escrowVaultAbi],
      ['Marketplace', marketplaceAbi],
      ['HTLC', htlcAbi],
      ['PaymentChannel', paymentChannelAbi],
    ];
    const inherited =
      /^(ReentrancyGuard|SafeERC20|ECDSA|InvalidShortString|StringTooLong|AddressEmptyCode|FailedCall|InsufficientBalance)/;
    for (const [name, abi] of abis) {
      for (const e of abi.filter((x) => x.type === 'error')) {
        assert.ok(e.name?.startsWith(name) || inherited.test(e.name ?? ''), `${name}: ${e.name}`);
      }
      assert.ok(
        abi.some((x) => x.type === 'event'),
        `${name} has events`,
      );
    }
  });

  it('kebabCase and renderAbiModule produce the expected names', () => {
    assert.equal(kebabCase('EscrowVault'), 'escrow-vault');
    assert.equal(kebabCase('HTLC'), 'htlc');
    assert.match(renderAbiModule('PaymentChannel', []), /export const paymentChannelAbi = \[\] as const;/);
  });
});
