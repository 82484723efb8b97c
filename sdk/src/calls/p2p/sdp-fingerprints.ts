/**
 * Reads the DTLS certificate fingerprints out of an SDP (RFC 8122 §5 `a=fingerprint:<hash> <hex:hex…>`).
 * @param sdp - a session description.
 * @returns normalised `"<hash-func> <UPPER-HEX WITH COLONS>"` strings, deduplicated.
 */
export function sdpFingerprints(sdp: string): string[] {
  const out = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const m = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)\s*$/.exec(line);
    if (m?.[1] && m[2]) out.add(`${m[1].toLowerCase()} ${m[2].toUpperCase()}`);
  }
  return [...out];
}

/**
 * Normalises an `RTCCertificateStats` entry to the same form as {@link sdpFingerprints}.
 * @param algorithm - `fingerprintAlgorithm` (e.g. `sha-256`).
 * @param fingerprint - `fingerprint` (hex with colons).
 */
export function normaliseFingerprint(algorithm: string, fingerprint: string): string {
  return `${algorithm.toLowerCase()} ${fingerprint.toUpperCase()}`;
}
