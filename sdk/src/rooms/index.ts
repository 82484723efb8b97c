/**
 * Rooms: group rooms on MLS, 1:1 rooms on PQXDH + the Double Ratchet, invite links, the payload and content
 * envelope formats, and the encrypted history.
 * @module
 */
export {
  ContentType,
  type ContentTypeId,
  decodeContentEnvelope,
  decodeSignedContentEnvelope,
  encodeContentEnvelope,
  encodeSignedContentEnvelope,
} from './content-envelope.js';
export { DirectRoom } from './direct-room.js';
export { GroupRoom } from './group-room.js';
export { formatInviteLink, INVITE_LINK_VERSION, type Invite, parseInviteLink } from './invite-link.js';
export { openInviteMessage, sealInviteMessage } from './invite-seal.js';
export { decodePayload, encodePayload, type Payload, PayloadKind } from './payload.js';
export { decodePendingRecord, encodePendingRecord } from './pending-record.js';
export { Room, type SendAttachmentOptions, type SendOptions } from './room.js';
export type { RoomCallConfig, RoomCallEnvironment, RoomEvents } from './room-calls.js';
export type { RoomContext, RoomMeta } from './room-context.js';
export { roomMetaKey, roomPrekeysKey } from './room-context.js';
export type { HistoryPage, RoomCore } from './room-core.js';
export { deleteRoomUploads, ListedUploadStore } from './upload-cleanup.js';
export { purgeOrphanUploads, UPLOAD_ROOMS_KEY } from './upload-rooms.js';
export { type PendingUpload, UploadStore } from './upload-store.js';
