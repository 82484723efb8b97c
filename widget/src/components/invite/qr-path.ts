/**
 * The invite's QR code as one SVG path, with the QR encoder (`uqr`). `<cryptalk-invite>` imports this module
 * when it first shows a link, so the encoder is a lazy chunk (`cryptalk-ui-qr-path.js` in the script-tag build).
 *
 * @module
 */
import { encode } from 'uqr';

/**
 * One SVG path drawing every dark module of a QR code (1 unit per module, no border), error correction M.
 * @param text - what the code encodes (the invite link).
 * @returns the code's size in modules and the path's `d`.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  let d = '';
  for (const [y, row] of data.entries()) {
    for (const [x, dark] of row.entries()) if (dark) d += `M${x} ${y}h1v1h-1z`;
  }
  return { size, d };
}
