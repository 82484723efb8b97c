// A development wallet for the demo (`?wallet=dev`): an EIP-1193 provider that forwards every request to a
// local anvil node, whose default accounts are unlocked, so it signs and sends without an extension. Never
// use this against a real chain: it has no keys and no confirmations.

/**
 * @param {string} rpcUrl - anvil's JSON-RPC URL (anvil allows cross-origin requests).
 * @param {number} accountIndex - which of anvil's accounts this "wallet" holds.
 * @returns {{ request(args: { method: string, params?: unknown[] }): Promise<unknown>, on(): void, removeListener(): void }}
 */
export function devWallet(rpcUrl, accountIndex) {
  let id = 0;
  let account;
  const rpc = async (method, params = []) => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = await res.json();
    if (body.error)
      throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
    return body.result;
  };
  return {
    async request({ method, params }) {
      if (method === 'eth_requestAccounts' || method === 'eth_accounts') {
        account ??= (await rpc('eth_accounts'))[accountIndex];
        return [account];
      }
      return rpc(method, params);
    },
    on() {},
    removeListener() {},
  };
}
