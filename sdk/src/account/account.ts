import { DeviceIdentity, formatPublicKey, wipeSerializedIdentity } from '../crypto/identity/index.js';
import { ClientError } from '../errors.js';
import { MAX_DISPLAY_NAME_LENGTH } from '../rooms/limits.js';
import type { Store } from '../store/index.js';

/** The identity table's row of this device. */
export const DEVICE_IDENTITY_ID = 'device';
/** The key purpose under which the serialized {@link DeviceIdentity} is kept (sealed). */
const IDENTITY_KEY_PURPOSE = 'device-identity';

/**
 * This device's account: its long-term identity and display name, kept sealed in the store (the store's
 * passphrase or device key protects them).
 */
export class Account {
  private constructor(
    /** The device identity with its secrets. */
    readonly identity: DeviceIdentity,
    private name: string | undefined,
    private readonly createdAt: number,
  ) {}

  /** `ed25519:<base64>` of the identity key: this device's member id in every room. */
  get id(): string {
    return formatPublicKey(this.identity.publicIdentity.signingKey);
  }

  /** The display name, if set. */
  get displayName(): string | undefined {
    return this.name;
  }

  /** Whether the store holds an identity. */
  static async exists(store: Store): Promise<boolean> {
    return (await store.identity.get(DEVICE_IDENTITY_ID)) !== undefined;
  }

  /**
   * Loads the identity from the store, or creates and saves a new one.
   * @param displayName - sets the display name when given.
   */
  static async loadOrCreate(store: Store, displayName?: string): Promise<Account> {
    if (displayName !== undefined) checkDisplayName(displayName);
    const row = await store.identity.get(DEVICE_IDENTITY_ID);
    const serialized = row?.keys[IDENTITY_KEY_PURPOSE];
    let account: Account;
    if (row && serialized) {
      account = new Account(
        await DeviceIdentity.deserializeAsync(serialized),
        row.displayName,
        row.createdAt,
      );
      wipeSerializedIdentity(serialized);
      if (displayName === undefined || displayName === row.displayName) return account;
      account.name = displayName;
    } else {
      account = new Account(await DeviceIdentity.generateAsync(), displayName, Date.now());
    }
    await account.save(store);
    return account;
  }

  /** Changes the display name and saves it. */
  async setDisplayName(store: Store, name: string): Promise<void> {
    checkDisplayName(name);
    this.name = name;
    await this.save(store);
  }

  private async save(store: Store): Promise<void> {
    const serialized = this.identity.serialize();
    try {
      await store.identity.put({
        id: DEVICE_IDENTITY_ID,
        keys: { [IDENTITY_KEY_PURPOSE]: serialized },
        createdAt: this.createdAt,
        ...(this.name === undefined ? {} : { displayName: this.name }),
      });
    } finally {
      wipeSerializedIdentity(serialized);
    }
  }
}

function checkDisplayName(name: string): void {
  if (typeof name !== 'string' || name.length > MAX_DISPLAY_NAME_LENGTH) {
    throw ClientError.invalidArgument(
      'displayName',
      `a string of at most ${MAX_DISPLAY_NAME_LENGTH} characters`,
    );
  }
}
