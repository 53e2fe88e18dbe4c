import type { Endpoint } from '../types.ts';
import { apiKey } from './api-key.ts';
import { checkpoints } from './checkpoints.ts';
import { consistencyProof } from './consistency-proof.ts';
import { createMany } from './create-many.ts';
import { create } from './create.ts';
import { erase } from './erase.ts';
import { eventPayload } from './event-payload.ts';
import { events } from './events.ts';
import { explorer } from './explorer.ts';
import { find } from './find.ts';
import { followHead } from './follow-head.ts';
import { health } from './health.ts';
import { follow } from './follow.ts';
import { inclusionProof } from './inclusion-proof.ts';
import { logKeys } from './log-keys.ts';
import { metrics } from './metrics.ts';
import { openapi } from './openapi.ts';
import { requestCheckpoint } from './request-checkpoint.ts';

/**
 * Every function and view of lib_events an API role may use, by name, with
 * its hostile cases. hostile.test.ts lists the exposed objects from the
 * database and fails on one missing here: a newly exposed object gets its
 * file in this folder and its line below.
 */
export const endpoints: Record<string, Endpoint> = {
  api_key: apiKey,
  checkpoints,
  consistency_proof: consistencyProof,
  create,
  create_many: createMany,
  erase,
  event_payload: eventPayload,
  events,
  explorer,
  find,
  follow,
  follow_head: followHead,
  health,
  inclusion_proof: inclusionProof,
  log_keys: logKeys,
  metrics,
  openapi,
  request_checkpoint: requestCheckpoint,
};
