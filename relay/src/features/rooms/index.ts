export { BACKLOG_PAGE, MAX_SYNC_BUFFER, type Membership } from './membership.js';
export { RoomsFeature } from './rooms-feature.js';
