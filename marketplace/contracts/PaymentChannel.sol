// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/**
 * @title PaymentChannel
 * @notice Unidirectional payment channels in ETH or an ERC-20 token. The sender deposits, then pays off-chain
 * by signing EIP-712 `Voucher(channelId, amount)` messages whose `amount` is cumulative (each voucher replaces
 * the previous one). Only the recipient redeems: {settle} collects the difference and keeps the channel open,
 * {close} collects it and ends the channel. The sender may top up and extend the expiry at any time, and
 * reclaims what is left with {reclaim} once the channel is closed or expired.
 *
 * @dev The recipient may redeem until the sender reclaims, even past the expiry. A sender that wants a firm end
 * reclaims right after the expiry.
 */
contract PaymentChannel is EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice One channel.
    /// @param sender Deposits and signs vouchers.
    /// @param expiry After this second the sender may reclaim the unpaid deposit.
    /// @param closed Set by {close}; the sender may then reclaim at once.
    /// @param recipient Redeems vouchers.
    /// @param token The token, or `address(0)` for ETH.
    /// @param deposit Total deposited (as received).
    /// @param paid Total paid to the recipient so far (the highest voucher redeemed).
    struct Channel {
        address sender;
        uint40 expiry;
        bool closed;
        address recipient;
        address token;
        uint128 deposit;
        uint128 paid;
    }

    /// @notice EIP-712 type of a cumulative voucher.
    bytes32 public constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint256 amount)");

    mapping(bytes32 id => Channel) private _channels;
    mapping(address sender => uint256) private _opened;

    /// @notice A channel was opened.
    event ChannelOpened(
        bytes32 indexed id, address indexed sender, address indexed recipient, address token, uint256 deposit, uint40 expiry
    );
    /// @notice The sender topped up and/or extended the channel.
    event ChannelExtended(bytes32 indexed id, uint256 deposit, uint40 expiry);
    /// @notice The recipient redeemed a voucher for `amount` in total; `closed` when it also closed the channel.
    event ChannelSettled(bytes32 indexed id, uint256 amount, uint256 payout, bool closed);
    /// @notice The sender took back `amount`; the channel is gone.
    event ChannelReclaimed(bytes32 indexed id, uint256 amount);

    /// @notice No open channel with this id.
    error PaymentChannelNotFound(bytes32 id);
    /// @notice `caller` may not make this call.
    error PaymentChannelUnauthorized(bytes32 id, address caller);
    /// @notice The parameters are inconsistent; `reason` names the first bad one.
    error PaymentChannelInvalidParams(string reason);
    /// @notice The voucher's amount is not above what was already paid.
    error PaymentChannelStaleVoucher(bytes32 id, uint256 amount, uint256 paid);
    /// @notice The voucher's amount exceeds the deposit.
    error PaymentChannelVoucherAboveDeposit(bytes32 id, uint256 amount, uint256 deposit);
    /// @notice The voucher is not signed by the channel's sender.
    error PaymentChannelInvalidSignature(bytes32 id);
    /// @notice The sender may not reclaim before the expiry of an open channel.
    error PaymentChannelNotExpired(bytes32 id, uint256 expiry, uint256 timestamp);
    /// @notice The channel was closed; it can no longer be extended or redeemed.
    error PaymentChannelClosed(bytes32 id);
    /// @notice `msg.value` is not what the call requires.
    error PaymentChannelWrongValue(uint256 expected, uint256 received);

    constructor() EIP712("CrypTalk PaymentChannel", "1") {}

    /**
     * @notice A channel's state.
     * @param id The channel id.
     * @return The channel (all zero once reclaimed or never opened).
     */
    function getChannel(bytes32 id) external view returns (Channel memory) {
        return _channels[id];
    }

    /**
     * @notice The EIP-712 digest the sender signs for a cumulative voucher.
     * @param id The channel id.
     * @param amount The total paid so far.
     * @return The digest.
     */
    function voucherDigest(bytes32 id, uint256 amount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, id, amount)));
    }

    /**
     * @notice The id the caller's next channel will get.
     * @param sender The sender.
     * @return The id.
     */
    function nextChannelId(address sender) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), sender, _opened[sender]));
    }

    /**
     * @notice Opens a channel to `recipient` funded by the caller (ETH as `msg.value`, or approved tokens).
     * @param recipient Who redeems the vouchers.
     * @param token The token, or `address(0)` for ETH.
     * @param amount The deposit.
     * @param expiry When the sender may reclaim.
     * @return id The channel id.
     */
    function open(address recipient, address token, uint256 amount, uint40 expiry)
        external
        payable
        nonReentrant
        returns (bytes32 id)
    {
        if (recipient == address(0) || recipient == msg.sender) revert PaymentChannelInvalidParams("recipient");
        if (amount == 0) revert PaymentChannelInvalidParams("amount");
        if (expiry <= block.timestamp) revert PaymentChannelInvalidParams("expiry");
        id = nextChannelId(msg.sender);
        _opened[msg.sender] += 1;
        uint128 received = _pullIn(token, amount);
        _channels[id] = Channel({
            sender: msg.sender,
            expiry: expiry,
            closed: false,
            recipient: recipient,
            token: token,
            deposit: received,
            paid: 0
        });
        emit ChannelOpened(id, msg.sender, recipient, token, received, expiry);
    }

    /**
     * @notice The sender adds to the deposit and/or moves the expiry later.
     * @param id The channel id.
     * @param amount Extra deposit (0 for none).
     * @param expiry The new expiry; not earlier than the current one.
     */
    function extend(bytes32 id, uint256 amount, uint40 expiry) external payable nonReentrant {
        Channel storage c = _existing(id);
        if (msg.sender != c.sender) revert PaymentChannelUnauthorized(id, msg.sender);
        if (c.closed) revert PaymentChannelClosed(id);
        if (expiry < c.expiry) revert PaymentChannelInvalidParams("expiry");
        uint128 received = _pullIn(c.token, amount);
        c.deposit += received;
        c.expiry = expiry;
        emit ChannelExtended(id, c.deposit, expiry);
    }

    /**
     * @notice The recipient redeems a cumulative voucher and keeps the channel open.
     * @param id The channel id.
     * @param amount The voucher's cumulative amount.
     * @param signature The sender's EIP-712 signature (ERC-1271 accepted).
     */
    function settle(bytes32 id, uint256 amount, bytes calldata signature) external nonReentrant {
        _redeem(id, amount, signature, false);
    }

    /**
     * @notice The recipient redeems a cumulative voucher and closes the channel; `amount` may equal what was
     * already paid (to close without a new payment). The sender then reclaims the rest.
     * @param id The channel id.
     * @param amount The voucher's cumulative amount.
     * @param signature The sender's EIP-712 signature.
     */
    function close(bytes32 id, uint256 amount, bytes calldata signature) external nonReentrant {
        _redeem(id, amount, signature, true);
    }

    /**
     * @notice The sender takes back the unpaid deposit of a closed or expired channel; the channel is deleted.
     * @param id The channel id.
     */
    function reclaim(bytes32 id) external nonReentrant {
        Channel storage c = _existing(id);
        if (msg.sender != c.sender) revert PaymentChannelUnauthorized(id, msg.sender);
        if (!c.closed && block.timestamp <= c.expiry) revert PaymentChannelNotExpired(id, c.expiry, block.timestamp);
        uint256 amount = c.deposit - c.paid;
        address token = c.token;
        delete _channels[id];
        emit ChannelReclaimed(id, amount);
        if (amount > 0) _pushOut(token, msg.sender, amount);
    }

    function _redeem(bytes32 id, uint256 amount, bytes calldata signature, bool closing) private {
        Channel storage c = _existing(id);
        if (msg.sender != c.recipient) revert PaymentChannelUnauthorized(id, msg.sender);
        if (c.closed) revert PaymentChannelClosed(id);
        uint256 paid = c.paid;
        if (amount < paid || (amount == paid && !closing)) revert PaymentChannelStaleVoucher(id, amount, paid);
        if (amount > c.deposit) revert PaymentChannelVoucherAboveDeposit(id, amount, c.deposit);
        if (amount > paid && !SignatureChecker.isValidSignatureNowCalldata(c.sender, voucherDigest(id, amount), signature)) {
            revert PaymentChannelInvalidSignature(id);
        }
        uint256 payout = amount - paid;
        c.paid = uint128(amount);
        if (closing) c.closed = true;
        emit ChannelSettled(id, amount, payout, closing);
        if (payout > 0) _pushOut(c.token, msg.sender, payout);
    }

    function _existing(bytes32 id) private view returns (Channel storage c) {
        c = _channels[id];
        if (c.sender == address(0)) revert PaymentChannelNotFound(id);
    }

    function _pullIn(address token, uint256 amount) private returns (uint128) {
        uint256 received;
        if (token == address(0)) {
            if (msg.value != amount) revert PaymentChannelWrongValue(amount, msg.value);
            received = amount;
        } else {
            if (msg.value != 0) revert PaymentChannelWrongValue(0, msg.value);
            if (amount == 0) return 0;
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            received = IERC20(token).balanceOf(address(this)) - before;
        }
        if (received > type(uint128).max) revert PaymentChannelInvalidParams("amount");
        return uint128(received);
    }

    function _pushOut(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            (bool ok, bytes memory ret) = to.call{value: amount}("");
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
