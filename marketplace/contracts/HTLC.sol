// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/**
 * @title HTLC
 * @notice Hash-time-locked transfers of ETH or ERC-20 tokens for atomic swaps. The hashlock is
 * `sha256(secret)` of a 32-byte secret, the same construction as Bitcoin's `OP_SHA256` scripts and Lightning
 * payment hashes (BOLT 2 `payment_hash`), so one secret can unlock both legs of a cross-chain swap.
 *
 * A lock is claimable by anyone holding the secret until `timelock` (inclusive); the payment always goes to
 * the stored receiver. After `timelock` only a refund to the sender is possible. Each lock settles once.
 *
 * @dev As in {EscrowVault}, a lock is stored as one slot keyed by `keccak256(abi.encode(lock))`; the
 * {HTLCLocked} event carries the parameters. Fee-on-transfer tokens are locked for the amount received.
 */
contract HTLC is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The parameters of one lock; its id is their `keccak256(abi.encode(...))`.
    /// @param sender Funds the lock and receives the refund.
    /// @param receiver Receives the payment on claim.
    /// @param token The token, or `address(0)` for ETH.
    /// @param amount The amount requested (the stored amount is what actually arrived).
    /// @param hashlock `sha256` of the 32-byte secret.
    /// @param timelock The last second at which a claim is accepted.
    /// @param salt Any value that makes otherwise equal locks distinct.
    struct Lock {
        address sender;
        address receiver;
        address token;
        uint256 amount;
        bytes32 hashlock;
        uint40 timelock;
        bytes32 salt;
    }

    /// @notice The state of a lock.
    enum Status {
        None,
        Locked,
        Claimed,
        Refunded
    }

    /// @dev Status in the low byte, received amount above it.
    mapping(bytes32 id => uint256) private _slots;

    /// @notice Funds were locked.
    event HTLCLocked(bytes32 indexed id, bytes32 indexed hashlock, Lock lock, uint256 received);
    /// @notice The receiver was paid; `secret` is now public for the other leg of the swap.
    event HTLCClaimed(bytes32 indexed id, bytes32 secret);
    /// @notice The sender was refunded after the timelock.
    event HTLCRefunded(bytes32 indexed id);

    /// @notice The parameters are inconsistent; `reason` names the first bad field.
    error HTLCInvalidLock(string reason);
    /// @notice A lock with these parameters exists already.
    error HTLCAlreadyExists(bytes32 id);
    /// @notice The lock is not in the `Locked` state.
    error HTLCNotLocked(bytes32 id, Status status);
    /// @notice The secret is not 32 bytes long.
    error HTLCInvalidSecretLength(uint256 length);
    /// @notice `sha256(secret)` is not the hashlock.
    error HTLCWrongSecret(bytes32 id);
    /// @notice A claim after the timelock.
    error HTLCExpired(bytes32 id, uint256 timelock, uint256 timestamp);
    /// @notice A refund at or before the timelock.
    error HTLCNotExpired(bytes32 id, uint256 timelock, uint256 timestamp);
    /// @notice `msg.value` is not what the lock requires.
    error HTLCWrongValue(uint256 expected, uint256 received);

    /**
     * @notice The id of a lock.
     * @param lock The parameters.
     * @return The id.
     */
    function lockId(Lock calldata lock) public pure returns (bytes32) {
        return keccak256(abi.encode(lock));
    }

    /**
     * @notice The status and the stored amount of a lock.
     * @param id The lock id.
     * @return status The status.
     * @return amount The amount received and locked.
     */
    function getLock(bytes32 id) external view returns (Status status, uint256 amount) {
        uint256 slot = _slots[id];
        return (Status(uint8(slot)), slot >> 8);
    }

    /**
     * @notice Locks ETH (`msg.value == amount`) or approved tokens from the caller, who must be `lock.sender`.
     * @param params The parameters.
     * @return id The lock id.
     */
    function lock(Lock calldata params) external payable nonReentrant returns (bytes32 id) {
        if (params.sender != msg.sender) revert HTLCInvalidLock("sender");
        if (params.receiver == address(0)) revert HTLCInvalidLock("receiver");
        if (params.amount == 0) revert HTLCInvalidLock("amount");
        if (params.timelock <= block.timestamp) revert HTLCInvalidLock("timelock");
        id = lockId(params);
        if (_slots[id] != 0) revert HTLCAlreadyExists(id);
        uint256 received;
        if (params.token == address(0)) {
            if (msg.value != params.amount) revert HTLCWrongValue(params.amount, msg.value);
            received = params.amount;
        } else {
            if (msg.value != 0) revert HTLCWrongValue(0, msg.value);
            uint256 before = IERC20(params.token).balanceOf(address(this));
            IERC20(params.token).safeTransferFrom(msg.sender, address(this), params.amount);
            received = IERC20(params.token).balanceOf(address(this)) - before;
        }
        if (received == 0 || received > type(uint248).max) revert HTLCInvalidLock("amount");
        _slots[id] = (received << 8) | uint8(Status.Locked);
        emit HTLCLocked(id, params.hashlock, params, received);
    }

    /**
     * @notice Pays the stored receiver, by anyone who knows the 32-byte secret, until the timelock.
     * @param lock The parameters.
     * @param secret The preimage of the hashlock; exactly 32 bytes.
     */
    function claim(Lock calldata lock, bytes calldata secret) external nonReentrant {
        bytes32 id = lockId(lock);
        uint256 amount = _open(id);
        if (secret.length != 32) revert HTLCInvalidSecretLength(secret.length);
        if (sha256(secret) != lock.hashlock) revert HTLCWrongSecret(id);
        if (block.timestamp > lock.timelock) revert HTLCExpired(id, lock.timelock, block.timestamp);
        _slots[id] = (amount << 8) | uint8(Status.Claimed);
        emit HTLCClaimed(id, bytes32(secret));
        _pay(lock.token, lock.receiver, amount);
    }

    /**
     * @notice Returns the funds to the sender after the timelock; anyone may trigger it.
     * @param lock The parameters.
     */
    function refund(Lock calldata lock) external nonReentrant {
        bytes32 id = lockId(lock);
        uint256 amount = _open(id);
        if (block.timestamp <= lock.timelock) revert HTLCNotExpired(id, lock.timelock, block.timestamp);
        _slots[id] = (amount << 8) | uint8(Status.Refunded);
        emit HTLCRefunded(id);
        _pay(lock.token, lock.sender, amount);
    }

    function _open(bytes32 id) private view returns (uint256 amount) {
        uint256 slot = _slots[id];
        Status status = Status(uint8(slot));
        if (status != Status.Locked) revert HTLCNotLocked(id, status);
        return slot >> 8;
    }

    function _pay(address token, address to, uint256 amount) private {
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
