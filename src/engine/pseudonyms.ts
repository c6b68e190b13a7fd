// The keyed hash behind --pseudonymise. The key comes from the environment (EHCP_RECON_KEY), never from
// the command line, where it would land in shell history and process lists.
import { createHash, createHmac } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { PseudonymOf } from '../report/pseudonymise.js';

export const KEY_VARIABLE = 'EHCP_RECON_KEY';

/**
 * 16 hex digits = 64 bits of HMAC-SHA256. Among two million IDs (three national cohorts of children
 * with plans) the chance that any two share a pseudonym is about n² / 2⁶⁵ ≈ 1 in 9 million.
 */
export const PSEUDONYM_HEX_DIGITS = 16;
const PREFIX = 'P';

export interface Pseudonymisation {
  readonly pseudonymOf: PseudonymOf;
  /** Identifies the key without revealing it, so that diff can refuse files made with different keys. */
  readonly keyFingerprint: string;
}

export function pseudonymisationFromEnv(env: Readonly<Record<string, string | undefined>>): Pseudonymisation {
  const key = env[KEY_VARIABLE];
  if (key === undefined || key.trim() === '') {
    throw new UsageError(`--pseudonymise needs a key in the environment variable ${KEY_VARIABLE}; set the same secret key every month so that pseudonyms match across runs`);
  }
  if (key.length < 16) throw new UsageError(`the key in ${KEY_VARIABLE} is too short to keep pseudonyms secret: use at least 16 characters`);
  const cache = new Map<string, string>();
  return {
    pseudonymOf(childId) {
      let pseudonym = cache.get(childId);
      if (pseudonym === undefined) {
        pseudonym = PREFIX + createHmac('sha256', key).update(childId, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_DIGITS);
        cache.set(childId, pseudonym);
      }
      return pseudonym;
    },
    keyFingerprint: createHash('sha256').update(`ehcp-recon key fingerprint\u0000${key}`, 'utf8').digest('hex').slice(0, 16),
  };
}
