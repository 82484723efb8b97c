// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title TestWallet
/// @notice Test double: a contract account (stand-in for a multisig) that executes calls for its owner,
/// validates ERC-1271 signatures by its owner, and can try to re-enter a target from its ETH and ERC-721 hooks.
contract TestWallet is IERC721Receiver, IERC1271 {
    /// @notice The account that may drive this wallet.
    address public immutable owner;
    /// @notice The call replayed from `receive` / `onERC721Received` when set.
    address public reenterTarget;
    /// @notice Calldata of the re-entrant call.
    bytes public reenterData;
    /// @notice Whether the last re-entrant call succeeded.
    bool public reentered;
    /// @notice Revert data of the last failed re-entrant call.
    bytes public reenterError;
    /// @notice When true the wallet refuses ETH.
    bool public refuseEth;

    /// @notice Only the owner may call.
    error TestWalletNotOwner();
    /// @notice ETH refused.
    error TestWalletRefused();

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice Executes a call as this wallet.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        if (msg.sender != owner) revert TestWalletNotOwner();
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        return ret;
    }

    /// @notice Arms a re-entrant call for the next hook.
    function arm(address target, bytes calldata data) external {
        reenterTarget = target;
        reenterData = data;
    }

    /// @notice Makes the wallet refuse (or accept) ETH.
    function setRefuseEth(bool value) external {
        refuseEth = value;
    }

    receive() external payable {
        if (refuseEth) revert TestWalletRefused();
        _reenter();
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return IERC721Receiver.onERC721Received.selector;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer,,) = ECDSA.tryRecoverCalldata(hash, signature);
        return signer == owner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }

    function _reenter() private {
        address target = reenterTarget;
        if (target == address(0)) return;
        reenterTarget = address(0);
        (bool ok, bytes memory ret) = target.call(reenterData);
        reentered = ok;
        reenterError = ret;
    }
}
