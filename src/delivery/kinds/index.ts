/** Every kind of outbox row, once. A new kind is its file in this folder plus one line here. */
import type { DeliveryKind } from "../kind.js";
import { digest } from "./digest.js";
import { heldRollup } from "./heldRollup.js";
import { nudgeEscalation } from "./nudgeEscalation.js";
import { nudgePost } from "./nudgePost.js";
import { nudgeUpdate } from "./nudgeUpdate.js";
import { unmatchedEmail } from "./unmatchedEmail.js";

export const DELIVERY_KINDS: readonly DeliveryKind[] = [nudgePost, nudgeUpdate, nudgeEscalation, heldRollup, digest, unmatchedEmail];

const byKey = new Map(DELIVERY_KINDS.map((k) => [k.key, k]));

export function deliveryKind(key: string): DeliveryKind | undefined {
  return byKey.get(key);
}
