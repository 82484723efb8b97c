// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EscrowVault} from "./EscrowVault.sol";

/**
 * @title Marketplace
 * @notice Fills EIP-712 signed listings (made by sellers) and offers (made by buyers), either directly (the
 * payment goes straight to the seller) or into the {EscrowVault} (when the order names an arbiter).
 *
 * Replay protection: the EIP-712 domain binds the chain id and this contract; each order carries the maker's
 * `nonce` (single use, cancellable one by one), the maker's `counter` (incrementing it cancels every order
 * signed before) and an `expiry` (inclusive). Contract makers sign with ERC-1271; EOA signatures must be
 * canonical (low-s, 65 bytes), as enforced by OpenZeppelin's ECDSA.
 *
 * EIP-2612: the `...WithPermit` variants take the token owner's permit and apply it in a try/catch, then rely
 * on the allowance. A permit front-run by someone else (which consumes its nonce) therefore cannot block the
 * fill: the allowance it set is already there.
 */
contract Marketplace is EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice A signed order. For a listing `maker` is the seller; for an offer it is the buyer.
    /// @param maker The signer.
    /// @param taker The only account that may fill it, or `address(0)` for anyone (listings only: an offer
    /// must name its seller).
    /// @param token The payment token, or `address(0)` for ETH (listings only).
    /// @param price The price.
    /// @param item Hash of the off-chain item description both parties agreed on.
    /// @param arbiter When non-zero the order is filled into the escrow with this arbiter.
    /// @param shipWithin Seconds after the fill the seller has to ship (escrow orders).
    /// @param inspectionPeriod The escrow inspection window in seconds.
    /// @param arbitrationPeriod The escrow arbitration window in seconds.
    /// @param defaultBuyerBps The escrow default split.
    /// @param nonce Single-use number chosen by the maker.
    /// @param counter Must equal the maker's current counter.
    /// @param expiry The last second at which the order may be filled.
    struct Order {
        address maker;
        address taker;
        address token;
        uint256 price;
        bytes32 item;
        address arbiter;
        uint32 shipWithin;
        uint32 inspectionPeriod;
        uint32 arbitrationPeriod;
        uint16 defaultBuyerBps;
        uint256 nonce;
        uint256 counter;
        uint256 expiry;
    }

    /// @notice An EIP-2612 permit signed by the token owner for this contract.
    struct Permit {
        uint256 value;
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice EIP-712 type of a listing.
    bytes32 public constant LISTING_TYPEHASH = keccak256(
        "Listing(address seller,address taker,address token,uint256 price,bytes32 item,address arbiter,uint32 shipWithin,uint32 inspectionPeriod,uint32 arbitrationPeriod,uint16 defaultBuyerBps,uint256 nonce,uint256 counter,uint256 expiry)"
    );
    /// @notice EIP-712 type of an offer.
    bytes32 public constant OFFER_TYPEHASH = keccak256(
        "Offer(address buyer,address taker,address token,uint256 price,bytes32 item,address arbiter,uint32 shipWithin,uint32 inspectionPeriod,uint32 arbitrationPeriod,uint16 defaultBuyerBps,uint256 nonce,uint256 counter,uint256 expiry)"
    );

    /// @notice The escrow vault escrow orders are filled into.
    EscrowVault public immutable vault;

    mapping(address maker => mapping(uint256 nonce => bool)) private _nonceUsed;
    mapping(address maker => uint256) private _counters;

    /// @notice An order was filled; `escrowId` is zero for a direct fill.
    event OrderFilled(
        bytes32 indexed digest, address indexed seller, address indexed buyer, uint256 price, bytes32 escrowId
    );
    /// @notice The maker cancelled a nonce.
    event NonceCancelled(address indexed maker, uint256 nonce);
    /// @notice The maker's counter moved, cancelling every order signed with a lower one.
    event CounterIncremented(address indexed maker, uint256 counter);

    /// @notice The order expired.
    error MarketplaceOrderExpired(uint256 expiry, uint256 timestamp);
    /// @notice The order's counter is not the maker's current one.
    error MarketplaceStaleCounter(uint256 counter, uint256 current);
    /// @notice The order's nonce was used or cancelled.
    error MarketplaceNonceUsed(address maker, uint256 nonce);
    /// @notice The caller is not the order's taker.
    error MarketplaceWrongTaker(address taker, address caller);
    /// @notice The signature is not the maker's over this order on this chain and contract.
    error MarketplaceInvalidSignature(address maker);
    /// @notice `msg.value` is not what the fill requires.
    error MarketplaceWrongValue(uint256 expected, uint256 received);
    /// @notice Offers must be in an ERC-20 token (a buyer's ETH cannot be pulled).
    error MarketplaceEthOffer();
    /// @notice An offer must name the seller as its taker (an open offer would pay whoever accepts it).
    error MarketplaceOfferWithoutTaker();
    /// @notice The maker cannot fill its own order.
    error MarketplaceSelfFill(address account);

    /// @param vault_ The escrow vault.
    constructor(EscrowVault vault_) EIP712("CrypTalk Marketplace", "1") {
        vault = vault_;
    }

    // ─── views ─────────────────────────────────────────────────────────────────────────────────────────────

    /**
     * @notice The EIP-712 digest a seller signs for a listing.
     * @param order The listing.
     * @return The digest.
     */
    function listingDigest(Order calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(LISTING_TYPEHASH, order)));
    }

    /**
     * @notice The EIP-712 digest a buyer signs for an offer.
     * @param order The offer.
     * @return The digest.
     */
    function offerDigest(Order calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(OFFER_TYPEHASH, order)));
    }

    /**
     * @notice Whether `maker` used or cancelled `nonce`.
     * @param maker The maker.
     * @param nonce The nonce.
     * @return True when used.
     */
    function nonceUsed(address maker, uint256 nonce) external view returns (bool) {
        return _nonceUsed[maker][nonce];
    }

    /**
     * @notice The maker's current counter; orders must carry it.
     * @param maker The maker.
     * @return The counter.
     */
    function counter(address maker) external view returns (uint256) {
        return _counters[maker];
    }

    // ─── cancellation ──────────────────────────────────────────────────────────────────────────────────────

    /**
     * @notice Cancels one of the caller's nonces.
     * @param nonce The nonce.
     */
    function cancelNonce(uint256 nonce) external {
        _nonceUsed[msg.sender][nonce] = true;
        emit NonceCancelled(msg.sender, nonce);
    }

    /// @notice Cancels every order the caller signed so far.
    function incrementCounter() external {
        uint256 next = ++_counters[msg.sender];
        emit CounterIncremented(msg.sender, next);
    }

    // ─── fills ─────────────────────────────────────────────────────────────────────────────────────────────

    /**
     * @notice The caller buys a listing. ETH listings take `msg.value == price`; token listings need an allowance.
     * @param listing The seller's listing.
     * @param signature The seller's signature.
     * @return escrowId The escrow id, or zero for a direct fill.
     */
    function fillListing(Order calldata listing, bytes calldata signature)
        external
        payable
        nonReentrant
        returns (bytes32 escrowId)
    {
        return _fillListing(listing, signature);
    }

    /**
     * @notice {fillListing} for a token with EIP-2612, applying the caller's permit first (front-run safe).
     * @param listing The seller's listing.
     * @param signature The seller's signature.
     * @param permit The caller's permit for this contract.
     * @return escrowId The escrow id, or zero for a direct fill.
     */
    function fillListingWithPermit(Order calldata listing, bytes calldata signature, Permit calldata permit)
        external
        nonReentrant
        returns (bytes32 escrowId)
    {
        _tryPermit(listing.token, msg.sender, permit);
        return _fillListing(listing, signature);
    }

    /**
     * @notice The caller (the seller) accepts a buyer's offer; the buyer's tokens are pulled with its allowance.
     * @param offer The buyer's offer.
     * @param signature The buyer's signature.
     * @return escrowId The escrow id, or zero for a direct fill.
     */
    function acceptOffer(Order calldata offer, bytes calldata signature) external nonReentrant returns (bytes32 escrowId) {
        return _acceptOffer(offer, signature);
    }

    /**
     * @notice {acceptOffer} with the buyer's EIP-2612 permit, applied first (front-run safe).
     * @param offer The buyer's offer.
     * @param signature The buyer's signature over the offer.
     * @param permit The buyer's permit for this contract.
     * @return escrowId The escrow id, or zero for a direct fill.
     */
    function acceptOfferWithPermit(Order calldata offer, bytes calldata signature, Permit calldata permit)
        external
        nonReentrant
        returns (bytes32 escrowId)
    {
        _tryPermit(offer.token, offer.maker, permit);
        return _acceptOffer(offer, signature);
    }

    // ─── internals ─────────────────────────────────────────────────────────────────────────────────────────

    function _fillListing(Order calldata listing, bytes calldata signature) private returns (bytes32 escrowId) {
        bytes32 digest = listingDigest(listing);
        _use(listing, digest, signature);
        address seller = listing.maker;
        address buyer = msg.sender;
        if (listing.token == address(0)) {
            if (msg.value != listing.price) revert MarketplaceWrongValue(listing.price, msg.value);
        } else if (msg.value != 0) {
            revert MarketplaceWrongValue(0, msg.value);
        }
        escrowId = _settle(listing, digest, seller, buyer);
    }

    function _acceptOffer(Order calldata offer, bytes calldata signature) private returns (bytes32 escrowId) {
        if (offer.token == address(0)) revert MarketplaceEthOffer();
        if (offer.taker == address(0)) revert MarketplaceOfferWithoutTaker();
        bytes32 digest = offerDigest(offer);
        _use(offer, digest, signature);
        escrowId = _settle(offer, digest, msg.sender, offer.maker);
    }

    /// @dev Checks expiry, counter, nonce, taker and signature, then burns the nonce.
    function _use(Order calldata order, bytes32 digest, bytes calldata signature) private {
        if (block.timestamp > order.expiry) revert MarketplaceOrderExpired(order.expiry, block.timestamp);
        uint256 current = _counters[order.maker];
        if (order.counter != current) revert MarketplaceStaleCounter(order.counter, current);
        if (_nonceUsed[order.maker][order.nonce]) revert MarketplaceNonceUsed(order.maker, order.nonce);
        if (order.taker != address(0) && order.taker != msg.sender) revert MarketplaceWrongTaker(order.taker, msg.sender);
        if (order.maker == msg.sender) revert MarketplaceSelfFill(msg.sender);
        if (!SignatureChecker.isValidSignatureNowCalldata(order.maker, digest, signature)) {
            revert MarketplaceInvalidSignature(order.maker);
        }
        _nonceUsed[order.maker][order.nonce] = true;
    }

    /// @dev Moves the payment: straight to the seller, or through this contract into a new escrow.
    function _settle(Order calldata order, bytes32 digest, address seller, address buyer)
        private
        returns (bytes32 escrowId)
    {
        if (order.arbiter == address(0)) {
            emit OrderFilled(digest, seller, buyer, order.price, bytes32(0));
            if (order.token == address(0)) Address.sendValue(payable(seller), order.price);
            else IERC20(order.token).safeTransferFrom(buyer, seller, order.price);
            return bytes32(0);
        }
        uint256 amount = order.price;
        if (order.token != address(0)) {
            IERC20 token = IERC20(order.token);
            uint256 before = token.balanceOf(address(this));
            token.safeTransferFrom(buyer, address(this), amount);
            amount = token.balanceOf(address(this)) - before;
            token.forceApprove(address(vault), amount);
        }
        EscrowVault.Terms memory terms = EscrowVault.Terms({
            buyer: buyer,
            seller: seller,
            arbiter: order.arbiter,
            token: order.token,
            amount: amount,
            buyerDeposit: 0,
            sellerDeposit: 0,
            titleToken: address(0),
            titleId: 0,
            shipBy: uint40(block.timestamp) + order.shipWithin,
            inspectionPeriod: order.inspectionPeriod,
            arbitrationPeriod: order.arbitrationPeriod,
            defaultBuyerBps: order.defaultBuyerBps,
            salt: digest
        });
        escrowId = vault.open{value: order.token == address(0) ? amount : 0}(terms);
        emit OrderFilled(digest, seller, buyer, order.price, escrowId);
    }

    /// @dev Applies a permit if it still can be; a permit already used (e.g. front-run) is ignored.
    function _tryPermit(address token, address owner, Permit calldata p) private {
        try IERC20Permit(token).permit(owner, address(this), p.value, p.deadline, p.v, p.r, p.s) {} catch {}
    }
}
