import { decodeGroupState, mlsExporter } from 'ts-mls';
import { readU16 } from '../crypto/bytes.js';
import { type MlsGroup, mlsCiphersuite } from '../crypto/group/index.js';
import { ClientError } from '../errors.js';

/**
 * `MLS-Exporter(label, context, length)` (RFC 9420 §8.5) of a group's current epoch, computed by ts-mls.
 *
 * `MlsGroup` does not expose its exporter secret yet, so this reads it from the group's serialized state
 * (layout of {@link MlsGroup.serialize}: `0x01 || u16 len || suite || ts-mls GroupState`) and wipes the
 * copy. It belongs in `crypto/group` as `MlsGroup.exportSecret()`, and moves there when that file's owner
 * adds it; the output is identical.
 * @param group - the group.
 * @param label - the exporter label (a named constant).
 * @param context - the exporter context.
 * @param length - bytes to export.
 * @returns `length` bytes, equal at every member of the same epoch.
 */
export async function exportGroupSecret(
  group: MlsGroup,
  label: string,
  context: Uint8Array,
  length: number,
): Promise<Uint8Array> {
  const bytes = group.serialize();
  try {
    const nameLength = readU16(bytes, 1);
    const decoded = decodeGroupState(bytes, 3 + nameLength);
    if (!decoded) throw ClientError.undecryptable('group', new Error('group state'));
    const cs = await mlsCiphersuite(group.suite);
    return await mlsExporter(decoded[0].keySchedule.exporterSecret, label, context, length, cs);
  } finally {
    bytes.fill(0);
  }
}
