/**
 * Unidirectional payment channels (`PaymentChannel`) with EIP-712 cumulative vouchers.
 *
 * @module
 */
import { paymentChannelAbi } from '@cryptalk/marketplace/abi';
import { type TransactionReceipt, verifyTypedData } from 'ethers';
import { type ClientContext, ContractClient } from './contract-client.js';
import { EscrowError } from './errors.js';
import type { ChannelInfo, Hex, Voucher } from './types.js';

/** EIP-712 domain name of the payment channel contract. */
export const PAYMENT_CHANNEL_DOMAIN = 'CrypTalk PaymentChannel';

/** EIP-712 types of a voucher. */
export const VOUCHER_TYPES = {
  Voucher: [
    { name: 'channelId', type: 'bytes32' },
    { name: 'amount', type: 'uint256' },
  ],
};

/**
 * Client of `PaymentChannel`.
 *
 * @example
 * const id = await sender.channel.open(recipient, ZeroAddress, deposit, expiry);
 * const v = await sender.channel.signVoucher(id, 100n); // send v over the chat
 * await recipient.channel.close(v);
 */
export class ChannelClient extends ContractClient {
  /**
   * @param ctx - the connection context.
   * @param address - the PaymentChannel address.
   */
  constructor(ctx: ClientContext, address: string) {
    super(ctx, address, paymentChannelAbi);
  }

  /**
   * Opens a channel from the connected account.
   *
   * @param recipient - who redeems vouchers.
   * @param token - ERC-20 token, or the zero address for ETH.
   * @param deposit - the deposit.
   * @param expiry - unix seconds after which the sender may reclaim.
   * @returns the channel id.
   */
  async open(recipient: string, token: string, deposit: bigint, expiry: number): Promise<Hex> {
    const receipt = await this.write('open', [recipient, token, deposit, expiry], { token, amount: deposit });
    return this.eventArgs(receipt, 'ChannelOpened').id as Hex;
  }

  /**
   * Signs a cumulative voucher as the channel's sender.
   *
   * @param channelId - the channel.
   * @param amount - the total paid so far (not the increment).
   * @returns the voucher.
   */
  async signVoucher(channelId: Hex, amount: bigint): Promise<Voucher> {
    const signature = await this.signTyped(await this.domain(PAYMENT_CHANNEL_DOMAIN), VOUCHER_TYPES, {
      channelId,
      amount,
    });
    return { channelId, amount, signature };
  }

  /**
   * Checks a received voucher off-chain: signed by the channel's sender, above what was paid, within the deposit.
   *
   * @param voucher - the voucher.
   * @returns the channel it is for.
   * @throws EscrowError `ESCROW_INVALID_ARGUMENT` naming the problem.
   */
  async verifyVoucher(voucher: Voucher): Promise<ChannelInfo> {
    const channel = await this.getChannel(voucher.channelId);
    const signer = verifyTypedData(
      await this.domain(PAYMENT_CHANNEL_DOMAIN),
      VOUCHER_TYPES,
      voucher,
      voucher.signature,
    );
    if (signer.toLowerCase() !== channel.sender.toLowerCase())
      throw EscrowError.invalidArgument('voucher not signed by the sender');
    if (voucher.amount <= channel.paid) throw EscrowError.invalidArgument('stale voucher');
    if (voucher.amount > channel.deposit) throw EscrowError.invalidArgument('voucher above the deposit');
    return channel;
  }

  /** The recipient redeems a voucher and keeps the channel open. @param v - the voucher. @returns the receipt. */
  settle(v: Voucher): Promise<TransactionReceipt> {
    return this.write('settle', [v.channelId, v.amount, v.signature]);
  }

  /** The recipient redeems a voucher and closes the channel. @param v - the voucher. @returns the receipt. */
  close(v: Voucher): Promise<TransactionReceipt> {
    return this.write('close', [v.channelId, v.amount, v.signature]);
  }

  /**
   * The sender tops up and/or extends.
   *
   * @param channelId - the channel.
   * @param extra - extra deposit (0 for none).
   * @param expiry - the new expiry.
   * @returns the receipt.
   */
  async extend(channelId: Hex, extra: bigint, expiry: number): Promise<TransactionReceipt> {
    const { token } = await this.getChannel(channelId);
    return this.write('extend', [channelId, extra, expiry], { token, amount: extra });
  }

  /** The sender reclaims a closed or expired channel. @param channelId - the channel. @returns the receipt. */
  reclaim(channelId: Hex): Promise<TransactionReceipt> {
    return this.write('reclaim', [channelId]);
  }

  /**
   * Reads a channel.
   *
   * @param channelId - the channel.
   * @returns its state.
   * @throws EscrowError `ESCROW_NOT_FOUND` when it does not exist (or was reclaimed).
   */
  async getChannel(channelId: Hex): Promise<ChannelInfo> {
    const c = await this.read<ChannelInfo & { expiry: bigint }>('getChannel', channelId);
    if (/^0x0{40}$/i.test(c.sender)) throw EscrowError.notFound('channel');
    return {
      sender: c.sender,
      expiry: Number(c.expiry),
      closed: c.closed,
      recipient: c.recipient,
      token: c.token,
      deposit: c.deposit,
      paid: c.paid,
    };
  }
}
