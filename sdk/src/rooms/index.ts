export { Room, type RoomHost } from './room.js';
