/**
 * What only creating runs: ts-mls's `createGroup` (a new room's group) and `generateKeyPackage` with GREASE
 * capabilities (a device's MLS member). Imported by {@link loadMlsCreate} when a room or a member is created, so
 * a device that opens rooms it already has never downloads it (a bundle gives it its own copy of the ts-mls
 * modules it reaches, see `lazyTsMlsCopy` in widget/rollup.widget.mjs).
 *
 * @module
 */
export { createGroup, generateKeyPackage } from 'ts-mls';
export { defaultGreaseConfig, greaseCapabilities } from 'ts-mls/grease.js';
