import type { Eip1193Provider } from 'ethers';

/**
 * Answers a call in place of the node: `undefined` passes it on, anything else is the result, and a throw is the
 * wallet's error (give it a `code`, such as 4001 for a user's refusal).
 */
export type RpcIntercept = (method: string, params?: unknown) => unknown;

/**
 * An EIP-1193 provider over a node's JSON-RPC (anvil's accounts are unlocked, so it acts as a wallet), with
 * optional interception of each call: a refusing wallet, a wrong chain, a node that serves receipts late.
 *
 * @param rpcUrl - the node's JSON-RPC URL.
 * @param intercept - answers calls in place of the node.
 * @returns the provider.
 */
export function eip1193Over(rpcUrl: string, intercept?: RpcIntercept): Eip1193Provider {
  let id = 0;
  return {
    async request({ method, params }: { method: string; params?: unknown[] | Record<string, unknown> }) {
      const hooked = intercept?.(method, params);
      if (hooked !== undefined) return hooked;
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
      });
      const json = (await res.json()) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (json.error) throw Object.assign(new Error(json.error.message), json.error);
      return json.result;
    },
  };
}
