// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/**
 * @title EscrowVault
 * @notice Many buyer/seller escrows in one contract, paid in ETH or an ERC-20 token, optionally against an
 * ERC-721 asset title the seller deposits when shipping.
 *
 * Lifecycle (every transition emits one event):
 *
 *     open ─► Funded ──ship──► Shipped ──release / inspection over──► Released
 *               │  │             │  └──refund──► Refunded
 *               │  └─refund──────┤
 *               │                └──dispute──► Disputed ──rule / default / settle──► Resolved
 *               ├──dispute──► Disputed
 *               └──not shipped by shipBy──► Expired
 *
 * Funded and Shipped can also be closed by a settlement both parties sign ({settle}) → Resolved.
 *
 * @dev To keep opening cheap, the terms are not stored: an escrow's id is `keccak256(abi.encode(terms))` and
 * every call passes the terms back; the {EscrowOpened} event carries them. Only one packed slot of mutable
 * state is kept per escrow (two when the seller posts a deposit). Transitions never move value: each party
 * pulls what it is owed with {withdraw} once the escrow is final (pull payments). Fee-on-transfer tokens are
 * credited with the amount actually received. Rebasing tokens are not supported: balances are nominal.
 *
 * Deadlines are inclusive for the acting party and exclusive for timed exits: an action "by `t`" is allowed
 * while `block.timestamp <= t`, and the timed exit that replaces it is allowed once `block.timestamp > t`.
 */
contract EscrowVault is EIP712, ReentrancyGuardTransient, IERC721Receiver {
    using SafeERC20 for IERC20;

    /// @notice The state of one escrow. `None` means it was never opened.
    enum State {
        None,
        Funded,
        Shipped,
        Released,
        Refunded,
        Disputed,
        Resolved,
        Expired
    }

    /// @notice The immutable terms of one escrow; its id is their `keccak256(abi.encode(...))`.
    /// @param buyer Pays, releases, may dispute; receives refunds.
    /// @param seller Ships or refunds, may dispute; receives the payment on release.
    /// @param arbiter Rules disputes; may be a multisig or any contract.
    /// @param token The payment token, or `address(0)` for ETH.
    /// @param amount The price.
    /// @param buyerDeposit A deposit the buyer posts with the payment (0 for none).
    /// @param sellerDeposit A deposit the seller posts when shipping (0 for none).
    /// @param titleToken An ERC-721 asset title the seller deposits to ship, or `address(0)` for none.
    /// @param titleId The title's token id.
    /// @param shipBy The last second at which the seller may ship.
    /// @param inspectionPeriod Seconds the buyer has after shipping before the payment auto-releases.
    /// @param arbitrationPeriod Seconds the arbiter has after a dispute before the default split applies.
    /// @param defaultBuyerBps The buyer's share of the pool, in basis points, when the arbiter never rules.
    /// @param salt Any value that makes otherwise equal terms distinct.
    struct Terms {
        address buyer;
        address seller;
        address arbiter;
        address token;
        uint256 amount;
        uint256 buyerDeposit;
        uint256 sellerDeposit;
        address titleToken;
        uint256 titleId;
        uint40 shipBy;
        uint32 inspectionPeriod;
        uint32 arbitrationPeriod;
        uint16 defaultBuyerBps;
        bytes32 salt;
    }

    /// @dev The mutable state of one escrow, packed in one slot (plus `sellerIn`, written only for a deposit).
    struct Record {
        State state;
        uint40 deadline;
        uint16 buyerBps;
        bool titleHeld;
        bool buyerPaid;
        bool sellerPaid;
        uint128 buyerIn;
        uint128 sellerIn;
    }

    /// @notice Basis points in one whole.
    uint16 public constant BPS = 10_000;

    /// @notice EIP-712 type of a mutual settlement both parties sign.
    bytes32 public constant SETTLEMENT_TYPEHASH =
        keccak256("Settlement(bytes32 escrowId,uint16 buyerBps,uint256 deadline)");

    /// @dev Size of `abi.encode(Terms)`: fourteen static words.
    uint256 private constant TERMS_SIZE = 14 * 32;

    mapping(bytes32 id => Record) private _records;

    /// @notice An escrow was opened and funded by the buyer's payment.
    event EscrowOpened(bytes32 indexed id, address indexed buyer, address indexed seller, Terms terms, uint256 received);
    /// @notice The seller shipped; the inspection window ends at `inspectionEnds`.
    event EscrowShipped(bytes32 indexed id, uint40 inspectionEnds, uint256 sellerDepositReceived);
    /// @notice The payment was released to the seller, by the buyer or (when `timedOut`) after the inspection window.
    event EscrowReleased(bytes32 indexed id, bool timedOut);
    /// @notice The seller refunded the buyer.
    event EscrowRefunded(bytes32 indexed id);
    /// @notice A party disputed; the arbiter may rule until `ruleBy`.
    event EscrowDisputed(bytes32 indexed id, address indexed by, uint40 ruleBy);
    /// @notice The escrow was resolved with `buyerBps` of the pool to the buyer, by `by` (arbiter, signers or timeout).
    event EscrowResolved(bytes32 indexed id, uint16 buyerBps, address indexed by);
    /// @notice The seller did not ship in time; the buyer may withdraw everything.
    event EscrowExpired(bytes32 indexed id);
    /// @notice `account` withdrew `amount` (and the title when `title`) from a final escrow.
    event EscrowWithdrawn(bytes32 indexed id, address indexed account, uint256 amount, bool title);

    /// @notice The terms are inconsistent: `reason` names the first bad field.
    error EscrowVaultInvalidTerms(string reason);
    /// @notice An escrow with these terms already exists.
    error EscrowVaultAlreadyExists(bytes32 id);
    /// @notice The escrow is in `current` state, where this call is not allowed.
    error EscrowVaultInvalidState(bytes32 id, State current);
    /// @notice `caller` may not make this call on this escrow.
    error EscrowVaultUnauthorized(bytes32 id, address caller);
    /// @notice The call came after the deadline.
    error EscrowVaultDeadlinePassed(bytes32 id, uint256 deadline, uint256 timestamp);
    /// @notice The timed exit was attempted before the deadline passed.
    error EscrowVaultDeadlineNotReached(bytes32 id, uint256 deadline, uint256 timestamp);
    /// @notice `msg.value` is not what the call requires.
    error EscrowVaultWrongValue(uint256 expected, uint256 received);
    /// @notice A basis-point share above 10 000.
    error EscrowVaultInvalidBps(uint256 bps);
    /// @notice A settlement signature is not valid for `signer`.
    error EscrowVaultInvalidSignature(bytes32 id, address signer);
    /// @notice The settlement's own deadline has passed.
    error EscrowVaultSettlementExpired(bytes32 id, uint256 deadline);
    /// @notice `account` has nothing (more) to withdraw from this escrow.
    error EscrowVaultNothingToWithdraw(bytes32 id, address account);
    /// @notice The escrow needs its title deposited with `safeTransferFrom` to ship.
    error EscrowVaultTitleRequired(bytes32 id);
    /// @notice An ERC-721 arrived that is not the expected title of a shippable escrow.
    error EscrowVaultUnexpectedTitle(address token, uint256 tokenId);
    /// @notice The amount received does not fit the vault's 128-bit accounting.
    error EscrowVaultAmountTooLarge(uint256 amount);

    constructor() EIP712("CrypTalk EscrowVault", "1") {}

    // ─── views ──────────────────────────────────────────────────────────────────────────────────────────────

    /**
     * @notice The id of an escrow with these terms.
     * @param terms The terms.
     * @return The id, `keccak256(abi.encode(terms))`.
     */
    function escrowId(Terms calldata terms) public pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /**
     * @notice The mutable state of an escrow.
     * @param id The escrow id.
     * @return state The current state.
     * @return deadline The deadline of the current state (ship-by, inspection end or ruling deadline).
     * @return buyerBps The buyer's share once Resolved.
     * @return buyerIn What the buyer paid in (price and deposit, as received).
     * @return sellerIn What the seller paid in (deposit, as received).
     */
    function getEscrow(bytes32 id)
        external
        view
        returns (State state, uint40 deadline, uint16 buyerBps, uint128 buyerIn, uint128 sellerIn)
    {
        Record storage r = _records[id];
        return (r.state, r.deadline, r.buyerBps, r.buyerIn, r.sellerIn);
    }

    /**
     * @notice What each party can withdraw now (zero before the escrow is final and after withdrawing).
     * @param terms The escrow terms.
     * @return buyerAmount The buyer's amount.
     * @return sellerAmount The seller's amount.
     * @return titleToBuyer Whether the title (if held) goes to the buyer rather than the seller.
     */
    function owed(Terms calldata terms)
        external
        view
        returns (uint256 buyerAmount, uint256 sellerAmount, bool titleToBuyer)
    {
        Record storage r = _records[escrowId(terms)];
        (buyerAmount, sellerAmount, titleToBuyer) = _shares(terms, r);
        if (r.buyerPaid) buyerAmount = 0;
        if (r.sellerPaid) sellerAmount = 0;
    }

    /**
     * @notice The EIP-712 digest both parties sign for a mutual settlement.
     * @param id The escrow id.
     * @param buyerBps The buyer's share of the pool in basis points.
     * @param deadline The last second the settlement may be submitted.
     * @return The digest.
     */
    function settlementDigest(bytes32 id, uint16 buyerBps, uint256 deadline) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SETTLEMENT_TYPEHASH, id, buyerBps, deadline)));
    }

    // ─── transitions ───────────────────────────────────────────────────────────────────────────────────────

    /**
     * @notice Opens and funds an escrow: takes `amount + buyerDeposit` from the caller (usually the buyer; a
     * marketplace may pay on the buyer's behalf). For ETH send exactly that as `msg.value`; for a token approve it.
     * @param terms The terms.
     * @return id The new escrow's id.
     */
    function open(Terms calldata terms) external payable nonReentrant returns (bytes32 id) {
        _checkTerms(terms);
        id = escrowId(terms);
        Record storage r = _records[id];
        if (r.state != State.None) revert EscrowVaultAlreadyExists(id);
        uint256 received = _pullIn(terms.token, terms.amount + terms.buyerDeposit);
        r.state = State.Funded;
        r.deadline = terms.shipBy;
        r.buyerIn = uint128(received);
        emit EscrowOpened(id, terms.buyer, terms.seller, terms, received);
    }

    /**
     * @notice The seller marks the goods shipped, by `shipBy`, posting the seller deposit if the terms ask one.
     * Escrows with a title ship by depositing it with `safeTransferFrom(seller, vault, titleId, abi.encode(terms))`.
     * @param terms The escrow terms.
     */
    function ship(Terms calldata terms) external payable nonReentrant {
        bytes32 id = escrowId(terms);
        if (terms.titleToken != address(0)) revert EscrowVaultTitleRequired(id);
        if (msg.sender != terms.seller) revert EscrowVaultUnauthorized(id, msg.sender);
        _ship(id, terms, false);
    }

    /**
     * @notice The buyer releases the payment to the seller, from Funded or Shipped.
     * @param terms The escrow terms.
     */
    function release(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (msg.sender != terms.buyer) revert EscrowVaultUnauthorized(id, msg.sender);
        _requireOpen(id, r);
        r.state = State.Released;
        emit EscrowReleased(id, false);
    }

    /**
     * @notice The seller refunds the buyer in full, from Funded or Shipped.
     * @param terms The escrow terms.
     */
    function refund(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (msg.sender != terms.seller) revert EscrowVaultUnauthorized(id, msg.sender);
        _requireOpen(id, r);
        r.state = State.Refunded;
        emit EscrowRefunded(id);
    }

    /**
     * @notice Either party disputes, from Funded (by `shipBy`) or Shipped (within the inspection window).
     * @param terms The escrow terms.
     */
    function dispute(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (msg.sender != terms.buyer && msg.sender != terms.seller) revert EscrowVaultUnauthorized(id, msg.sender);
        _requireOpen(id, r);
        if (block.timestamp > r.deadline) revert EscrowVaultDeadlinePassed(id, r.deadline, block.timestamp);
        uint40 ruleBy = uint40(block.timestamp) + terms.arbitrationPeriod;
        r.state = State.Disputed;
        r.deadline = ruleBy;
        emit EscrowDisputed(id, msg.sender, ruleBy);
    }

    /**
     * @notice The arbiter rules a dispute, by its deadline, splitting the pool (price and both deposits).
     * The title, if held, goes to the buyer when the buyer gets less than half, else back to the seller.
     * @param terms The escrow terms.
     * @param buyerBps The buyer's share in basis points (10 000 = full refund, 0 = full release).
     */
    function rule(Terms calldata terms, uint16 buyerBps) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (msg.sender != terms.arbiter) revert EscrowVaultUnauthorized(id, msg.sender);
        if (r.state != State.Disputed) revert EscrowVaultInvalidState(id, r.state);
        if (block.timestamp > r.deadline) revert EscrowVaultDeadlinePassed(id, r.deadline, block.timestamp);
        if (buyerBps > BPS) revert EscrowVaultInvalidBps(buyerBps);
        _resolve(id, r, buyerBps);
    }

    /**
     * @notice Closes an escrow by a split both parties signed (EIP-712 `Settlement`; ERC-1271 wallets accepted),
     * from Funded, Shipped or Disputed. Anyone may submit it.
     * @param terms The escrow terms.
     * @param buyerBps The agreed buyer share in basis points.
     * @param deadline The settlement's own deadline.
     * @param buyerSignature The buyer's signature.
     * @param sellerSignature The seller's signature.
     */
    function settle(
        Terms calldata terms,
        uint16 buyerBps,
        uint256 deadline,
        bytes calldata buyerSignature,
        bytes calldata sellerSignature
    ) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (r.state != State.Funded && r.state != State.Shipped && r.state != State.Disputed) {
            revert EscrowVaultInvalidState(id, r.state);
        }
        if (block.timestamp > deadline) revert EscrowVaultSettlementExpired(id, deadline);
        if (buyerBps > BPS) revert EscrowVaultInvalidBps(buyerBps);
        bytes32 digest = settlementDigest(id, buyerBps, deadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(terms.buyer, digest, buyerSignature)) {
            revert EscrowVaultInvalidSignature(id, terms.buyer);
        }
        if (!SignatureChecker.isValidSignatureNowCalldata(terms.seller, digest, sellerSignature)) {
            revert EscrowVaultInvalidSignature(id, terms.seller);
        }
        _resolve(id, r, buyerBps);
    }

    /**
     * @notice Timed exit, callable by anyone: the seller did not ship by `shipBy`, so the buyer gets everything back.
     * @param terms The escrow terms.
     */
    function expire(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (r.state != State.Funded) revert EscrowVaultInvalidState(id, r.state);
        _requireDeadlinePassed(id, r);
        r.state = State.Expired;
        emit EscrowExpired(id);
    }

    /**
     * @notice Timed exit, callable by anyone: the inspection window ended without a dispute, so the payment releases.
     * @param terms The escrow terms.
     */
    function autoRelease(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (r.state != State.Shipped) revert EscrowVaultInvalidState(id, r.state);
        _requireDeadlinePassed(id, r);
        r.state = State.Released;
        emit EscrowReleased(id, true);
    }

    /**
     * @notice Timed exit, callable by anyone: the arbiter did not rule in time, so the default split applies.
     * @param terms The escrow terms.
     */
    function resolveByDefault(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        if (r.state != State.Disputed) revert EscrowVaultInvalidState(id, r.state);
        _requireDeadlinePassed(id, r);
        _resolve(id, r, terms.defaultBuyerBps);
    }

    /**
     * @notice Pays the caller (buyer or seller) its share of a final escrow, once: tokens or ETH, and the title
     * when it is theirs. Pull payment: nothing is ever pushed by a transition.
     * @param terms The escrow terms.
     */
    function withdraw(Terms calldata terms) external nonReentrant {
        bytes32 id = escrowId(terms);
        Record storage r = _records[id];
        State s = r.state;
        if (s != State.Released && s != State.Refunded && s != State.Resolved && s != State.Expired) {
            revert EscrowVaultInvalidState(id, s);
        }
        (uint256 buyerAmount, uint256 sellerAmount, bool titleToBuyer) = _shares(terms, r);
        uint256 amount;
        bool title;
        if (msg.sender == terms.buyer && !r.buyerPaid) {
            r.buyerPaid = true;
            amount = buyerAmount;
            title = r.titleHeld && titleToBuyer;
        } else if (msg.sender == terms.seller && !r.sellerPaid) {
            r.sellerPaid = true;
            amount = sellerAmount;
            title = r.titleHeld && !titleToBuyer;
        } else {
            revert EscrowVaultNothingToWithdraw(id, msg.sender);
        }
        emit EscrowWithdrawn(id, msg.sender, amount, title);
        if (amount > 0) _pushOut(terms.token, msg.sender, amount);
        if (title) IERC721(terms.titleToken).safeTransferFrom(address(this), msg.sender, terms.titleId);
    }

    /**
     * @notice Ships an escrow with a title: the seller calls the title contract's
     * `safeTransferFrom(seller, vault, titleId, abi.encode(terms))`. Seller deposits are not accepted on this
     * path (they would need a second payment); use terms without a seller deposit for titles.
     * @inheritdoc IERC721Receiver
     */
    function onERC721Received(address, address from, uint256 tokenId, bytes calldata data)
        external
        nonReentrant
        returns (bytes4)
    {
        if (data.length != TERMS_SIZE) revert EscrowVaultUnexpectedTitle(msg.sender, tokenId);
        Terms memory terms = abi.decode(data, (Terms));
        if (msg.sender != terms.titleToken || tokenId != terms.titleId || from != terms.seller) {
            revert EscrowVaultUnexpectedTitle(msg.sender, tokenId);
        }
        bytes32 id = keccak256(abi.encode(terms));
        _ship(id, terms, true);
        return IERC721Receiver.onERC721Received.selector;
    }

    // ─── internals ─────────────────────────────────────────────────────────────────────────────────────────

    function _checkTerms(Terms calldata t) private view {
        if (t.buyer == address(0)) revert EscrowVaultInvalidTerms("buyer");
        if (t.seller == address(0) || t.seller == t.buyer) revert EscrowVaultInvalidTerms("seller");
        if (t.arbiter == address(0) || t.arbiter == t.buyer || t.arbiter == t.seller) {
            revert EscrowVaultInvalidTerms("arbiter");
        }
        if (t.amount == 0) revert EscrowVaultInvalidTerms("amount");
        if (t.shipBy < block.timestamp) revert EscrowVaultInvalidTerms("shipBy");
        if (t.defaultBuyerBps > BPS) revert EscrowVaultInvalidTerms("defaultBuyerBps");
        if (t.titleToken != address(0) && t.sellerDeposit != 0) revert EscrowVaultInvalidTerms("sellerDeposit");
    }

    function _ship(bytes32 id, Terms memory terms, bool title) private {
        Record storage r = _records[id];
        if (r.state != State.Funded) revert EscrowVaultInvalidState(id, r.state);
        if (block.timestamp > r.deadline) revert EscrowVaultDeadlinePassed(id, r.deadline, block.timestamp);
        uint256 deposit;
        if (title) {
            r.titleHeld = true;
        } else {
            deposit = _pullIn(terms.token, terms.sellerDeposit);
            if (deposit > 0) r.sellerIn = uint128(deposit);
        }
        uint40 inspectionEnds = uint40(block.timestamp) + terms.inspectionPeriod;
        r.state = State.Shipped;
        r.deadline = inspectionEnds;
        emit EscrowShipped(id, inspectionEnds, deposit);
    }

    function _resolve(bytes32 id, Record storage r, uint16 buyerBps) private {
        r.state = State.Resolved;
        r.buyerBps = buyerBps;
        emit EscrowResolved(id, buyerBps, msg.sender);
    }

    function _requireOpen(bytes32 id, Record storage r) private view {
        if (r.state != State.Funded && r.state != State.Shipped) revert EscrowVaultInvalidState(id, r.state);
    }

    function _requireDeadlinePassed(bytes32 id, Record storage r) private view {
        if (block.timestamp <= r.deadline) revert EscrowVaultDeadlineNotReached(id, r.deadline, block.timestamp);
    }

    /// @dev The payouts of a final escrow. Every split hands out exactly `buyerIn + sellerIn`.
    function _shares(Terms calldata t, Record storage r)
        private
        view
        returns (uint256 buyerAmount, uint256 sellerAmount, bool titleToBuyer)
    {
        uint256 buyerIn = r.buyerIn;
        uint256 sellerIn = r.sellerIn;
        State s = r.state;
        if (s == State.Released) {
            // The buyer gets its deposit back (pro rata to what arrived); the seller gets the rest.
            buyerAmount = t.buyerDeposit == 0 ? 0 : (buyerIn * t.buyerDeposit) / (t.amount + t.buyerDeposit);
            sellerAmount = buyerIn + sellerIn - buyerAmount;
            titleToBuyer = true;
        } else if (s == State.Refunded || s == State.Expired) {
            buyerAmount = buyerIn;
            sellerAmount = sellerIn;
        } else if (s == State.Resolved) {
            uint256 pool = buyerIn + sellerIn;
            buyerAmount = (pool * r.buyerBps) / BPS;
            sellerAmount = pool - buyerAmount;
            titleToBuyer = r.buyerBps < BPS / 2;
        }
    }

    /// @dev Takes `amount` from the caller and returns what actually arrived (fee-on-transfer tokens).
    function _pullIn(address token, uint256 amount) private returns (uint256 received) {
        if (token == address(0)) {
            if (msg.value != amount) revert EscrowVaultWrongValue(amount, msg.value);
            received = amount;
        } else {
            if (msg.value != 0) revert EscrowVaultWrongValue(0, msg.value);
            if (amount == 0) return 0;
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            received = IERC20(token).balanceOf(address(this)) - before;
        }
        if (received > type(uint128).max) revert EscrowVaultAmountTooLarge(received);
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
