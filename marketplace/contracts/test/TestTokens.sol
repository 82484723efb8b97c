// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title TestToken
/// @notice Test double: a plain mintable ERC-20 with EIP-2612 permits.
contract TestToken is ERC20Permit {
    constructor() ERC20("Test Token", "TST") ERC20Permit("Test Token") {}

    /// @notice Mints `amount` to `to`; anyone may call (test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @title FeeToken
/// @notice Test double: burns 1 % of every transfer (fee-on-transfer).
contract FeeToken is ERC20 {
    constructor() ERC20("Fee Token", "FEE") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @title RevertingToken
/// @notice Test double: transfers revert while `frozen` is set.
contract RevertingToken is ERC20 {
    /// @notice When true every transfer reverts.
    bool public frozen;

    /// @notice Transfers are frozen.
    error RevertingTokenFrozen();

    constructor() ERC20("Reverting Token", "REV") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Freezes or unfreezes transfers.
    function setFrozen(bool value) external {
        frozen = value;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (frozen) revert RevertingTokenFrozen();
        super._update(from, to, value);
    }
}

/// @title RebasingToken
/// @notice Test double: balances are shares times an index the owner can change at will.
contract RebasingToken is ERC20 {
    /// @notice Balance multiplier in 1e18 units.
    uint256 public index = 1e18;

    constructor() ERC20("Rebasing Token", "REB") {}

    /// @notice Mints `amount` (at the current index) to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, (amount * 1e18) / index);
    }

    /// @notice Sets the index (a rebase).
    function rebase(uint256 newIndex) external {
        index = newIndex;
    }

    /// @inheritdoc ERC20
    function balanceOf(address account) public view override returns (uint256) {
        return (super.balanceOf(account) * index) / 1e18;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, (value * 1e18) / index);
    }
}

/// @title NoReturnToken
/// @notice Test double: USDT-like, `transfer`/`transferFrom`/`approve` return nothing.
contract NoReturnToken {
    /// @notice Balances.
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances.
    mapping(address => mapping(address => uint256)) public allowance;

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    /// @notice Sets an allowance; returns nothing.
    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    /// @notice Transfers; returns nothing, reverts on failure.
    function transfer(address to, uint256 amount) external {
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    /// @notice Transfers from an allowance; returns nothing, reverts on failure.
    function transferFrom(address from, address to, uint256 amount) external {
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}

/// @title FalseToken
/// @notice Test double: returns false instead of reverting when a transfer cannot happen.
contract FalseToken {
    /// @notice Balances.
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances.
    mapping(address => mapping(address => uint256)) public allowance;

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    /// @notice Sets an allowance.
    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    /// @notice Transfers, or returns false.
    function transfer(address to, uint256 amount) external returns (bool) {
        if (balanceOf[msg.sender] < amount) return false;
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        return true;
    }

    /// @notice Transfers from an allowance, or returns false.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (allowance[from][msg.sender] < amount || balanceOf[from] < amount) return false;
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        return true;
    }
}

/// @title TestTitle
/// @notice Test double: a mintable ERC-721 standing for asset titles.
contract TestTitle is ERC721 {
    constructor() ERC721("Test Title", "TTL") {}

    /// @notice Mints `tokenId` to `to`.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
