/**
 * Optional CPU profiles of the measured bursts: with `CRYPTALK_BENCH_PROFILE=<dir>`, each process of the
 * end-to-end benchmarks records a V8 CPU profile of the main burst only (not the start-up, the joins or the
 * warm-up) into `<dir>/<name>.cpuprofile`, for Chrome DevTools or any `.cpuprofile` viewer. Unset: no-ops.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/** Where profiles go, when profiling. */
export const PROFILE_DIR = process.env.CRYPTALK_BENCH_PROFILE;

/** Sampling interval of the profiles, µs (finer than V8's default 1 ms: a burst lasts a second or two). */
const SAMPLING_INTERVAL_US = 200;

let session: Session | undefined;

/** Starts recording (no-op unless profiling, or when already recording). */
export async function startProfile(): Promise<void> {
  if (!PROFILE_DIR || session) return;
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await session.post('Profiler.start');
}

/** Stops recording and writes `<dir>/<name>.cpuprofile` (no-op unless recording). */
export async function stopProfile(name: string): Promise<void> {
  if (!PROFILE_DIR || !session) return;
  const s = session;
  session = undefined;
  const { profile } = await s.post('Profiler.stop');
  s.disconnect();
  await mkdir(PROFILE_DIR, { recursive: true });
  await writeFile(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
}
