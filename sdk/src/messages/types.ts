/**
 * The plaintext content model: what goes inside the end-to-end encryption. One discriminated union, encoded by
 * `message-codec.ts`. Message ids are the protocol's 128-bit ids as 22 base64url characters.
 *
 * @module
 */

/** A mention of a member inside a text: `start`/`length` in UTF-16 code units (as JS, Java and NSString count). */
export interface Mention {
  /** The mentioned member's id (pseudonymous room key or device id). */
  readonly member: string;
  /** First code unit of the mention in the text. */
  readonly start: number;
  /** Length in code units (at least 1). */
  readonly length: number;
}

/** A plain text message. */
export interface TextContent {
  readonly kind: 'text';
  readonly text: string;
  readonly mentions: readonly Mention[];
}

/** A text that answers an earlier message. */
export interface ReplyContent {
  readonly kind: 'reply';
  /** The message answered. */
  readonly target: string;
  readonly text: string;
  readonly mentions: readonly Mention[];
}

/** Replaces the text of an earlier message of the same sender. */
export interface EditContent {
  readonly kind: 'edit';
  readonly target: string;
  readonly text: string;
  readonly mentions: readonly Mention[];
}

/** Deletes an earlier message of the same sender for everyone. */
export interface DeleteContent {
  readonly kind: 'delete';
  readonly target: string;
}

/** Adds or removes the sender's reaction to a message. */
export interface ReactionContent {
  readonly kind: 'reaction';
  readonly target: string;
  /** One emoji (a grapheme cluster, at most 64 UTF-8 bytes). */
  readonly emoji: string;
  /** true adds, false removes. */
  readonly add: boolean;
}

/** The sender has read everything up to and including `upTo`. */
export interface ReceiptContent {
  readonly kind: 'receipt';
  readonly upTo: string;
}

/** The sender started or stopped typing. Ephemeral: never stored, never queued. */
export interface TypingContent {
  readonly kind: 'typing';
  readonly active: boolean;
}

/** Sets the room's disappearing-message timer. */
export interface TimerContent {
  readonly kind: 'timer';
  /** Seconds after sending a message disappears; 0 turns the timer off. */
  readonly seconds: number;
}

/** The sender's profile as shown to the room. */
export interface ProfileContent {
  readonly kind: 'profile';
  readonly displayName: string;
  /** SHA-256 of the avatar image (itself sent as an attachment), if any. */
  readonly avatarHash?: Uint8Array;
}

/** A link preview the sender made for one of its own messages (never made by a server). */
export interface LinkPreviewContent {
  readonly kind: 'link-preview';
  /** The message whose link this previews. */
  readonly target: string;
  readonly url: string;
  readonly title: string;
  readonly description: string;
  /** SHA-256 of the preview image (sent as an attachment), if any. */
  readonly imageHash?: Uint8Array;
  /**
   * The preview image as an encrypted attachment in the relay's blob store (fetched and uploaded by the
   * sender's device; download it with `client.downloadAttachment(preview.image)`), if any.
   */
  readonly image?: PreviewImage;
}

/** A link preview's image: an encrypted attachment without a file name. */
export type PreviewImage = Omit<AttachmentContent, 'kind' | 'name'>;

/** A link preview as a message shows it: {@link LinkPreviewContent} without its kind and target. */
export type LinkPreview = Omit<LinkPreviewContent, 'kind' | 'target'>;

/** An encrypted file in the relay's blob store and how to decrypt it. */
export interface AttachmentContent {
  readonly kind: 'attachment';
  /** The blob address of the attachment's manifest at the relay. */
  readonly blobId: string;
  /** The per-file 32-byte AEAD key. */
  readonly key: Uint8Array;
  /** Plaintext size in bytes. */
  readonly size: number;
  /** MIME type (as claimed by the sender). */
  readonly mime: string;
  /** File name (as chosen by the sender). */
  readonly name: string;
  /** Plaintext bytes per encrypted chunk. */
  readonly chunkSize: number;
  /** SHA-256 of the manifest: commits to every ciphertext chunk, whatever store holds the blobs. */
  readonly digest: Uint8Array;
}

/** Everything a message can carry. */
export type MessageContent =
  | TextContent
  | ReplyContent
  | EditContent
  | DeleteContent
  | ReactionContent
  | ReceiptContent
  | TypingContent
  | TimerContent
  | ProfileContent
  | LinkPreviewContent
  | AttachmentContent;

/** One of the content kinds. */
export type MessageKind = MessageContent['kind'];

/** A message as encrypted: content plus the sender's clock and the timer it was sent under. */
export interface PlainMessage {
  /** Sender's send time, ms since the epoch. */
  readonly sentAt: number;
  /** The disappearing timer, in seconds, the sender applied (0: keep). */
  readonly expireAfter: number;
  readonly content: MessageContent;
}
