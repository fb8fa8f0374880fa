/**
 * The people at a customer: saved by the `contact` command, the API and CSV (one contact per name
 * and account, by nameKey), and read back with how often and how lately each was in touch.
 */
import type { ContactRole } from "../domain/contacts.js";
import { isCustomerFacing } from "../domain/touchpoints.js";
import { retryOnWriteRace } from "../store/errors.js";
import type { Db, Tx } from "../store/client.js";
import { nameKey } from "./names.js";

/** A field left undefined keeps what is stored; null clears it. */
export interface ContactToSave {
  accountId: string;
  name: string;
  role?: ContactRole;
  email?: string | null;
  title?: string | null;
  phone?: string | null;
}

/** Per item, in order: a new contact, or one that was there already (by an earlier item or write). */
export interface SavedContact {
  status: "created" | "updated";
  id: string;
  accountId: string;
}

export interface ContactView {
  id: string;
  name: string;
  role: ContactRole;
  email: string | null;
  title: string | null;
  phone: string | null;
  /** Customer-facing touchpoints with this contact (notes are not contact). */
  touches: number;
  lastTouchAt: Date | null;
}

type Fields = Pick<ContactToSave, "role" | "email" | "title" | "phone">;

const pairKey = (accountId: string, key: string) => `${accountId}\u0000${key}`;
const keyOf = (c: { accountId: string; name: string }) => pairKey(c.accountId, nameKey(c.name));

/** Creates or updates many contacts in one transaction: one read, one insert, one update per contact that was there. */
export function saveContacts(db: Db, items: readonly ContactToSave[], source: string): Promise<SavedContact[]> {
  if (items.length === 0) return Promise.resolve([]);
  return retryOnWriteRace(() => db.$transaction((tx) => saveIn(tx, items, source), { timeout: 60_000 }));
}

async function saveIn(tx: Tx, items: readonly ContactToSave[], source: string): Promise<SavedContact[]> {
  const stored = await tx.contact.findMany({
    where: { accountId: { in: [...new Set(items.map((c) => c.accountId))] }, nameKey: { in: [...new Set(items.map((c) => nameKey(c.name)))] } },
    select: { id: true, accountId: true, nameKey: true },
  });
  const existing = new Map(stored.map((c) => [pairKey(c.accountId, c.nameKey), { id: c.id, fields: {} as Fields }]));
  const fresh = new Map<string, { item: ContactToSave; fields: Fields }>();
  const statuses = items.map((item): SavedContact["status"] => {
    const known = existing.get(keyOf(item)) ?? fresh.get(keyOf(item));
    // The same contact twice in a batch: the later item's fields win, field by field.
    if (known) Object.assign(known.fields, givenFields(item));
    else fresh.set(keyOf(item), { item, fields: givenFields(item) });
    return known ? "updated" : "created";
  });
  for (const { id, fields } of existing.values()) {
    if (Object.keys(fields).length) await tx.contact.update({ where: { id }, data: fields });
  }
  const created = await tx.contact.createManyAndReturn({
    data: [...fresh.values()].map(({ item, fields }) => ({ accountId: item.accountId, name: item.name.trim(), nameKey: nameKey(item.name), source, ...fields })),
    select: { id: true, accountId: true, nameKey: true },
  });
  const ids = new Map([...stored, ...created].map((c) => [pairKey(c.accountId, c.nameKey), c.id]));
  return items.map((item, i) => ({ status: statuses[i], id: ids.get(keyOf(item))!, accountId: item.accountId }));
}

function givenFields(item: ContactToSave): Fields {
  const { role, email, title, phone } = item;
  return Object.fromEntries(Object.entries({ role, email, title, phone }).filter(([, v]) => v !== undefined)) as Fields;
}

/** An account's contacts, the most lately in touch first, then those never in touch by name: two queries. */
export async function contactsOf(db: Db, accountId: string): Promise<ContactView[]> {
  const [contacts, touches] = await Promise.all([
    db.contact.findMany({ where: { accountId }, orderBy: { name: "asc" }, select: { id: true, name: true, nameKey: true, role: true, email: true, title: true, phone: true } }),
    db.touchpoint.groupBy({ by: ["contactName", "kind"], where: { accountId, contactName: { not: null } }, _count: { _all: true }, _max: { occurredAt: true } }),
  ]);
  // Grouped by name as typed: "peter gibbons" and "Peter Gibbons" are one contact.
  const byKey = new Map<string, { touches: number; lastTouchAt: Date | null }>();
  for (const t of touches) {
    if (!isCustomerFacing(t.kind)) continue;
    const key = nameKey(t.contactName ?? "");
    const seen = byKey.get(key) ?? { touches: 0, lastTouchAt: null };
    const last = t._max.occurredAt;
    byKey.set(key, { touches: seen.touches + t._count._all, lastTouchAt: last && (!seen.lastTouchAt || last > seen.lastTouchAt) ? last : seen.lastTouchAt });
  }
  const views = contacts.map(({ nameKey: key, ...c }) => ({ ...c, ...(byKey.get(key) ?? { touches: 0, lastTouchAt: null }) }));
  return views.sort((a, b) => (b.lastTouchAt?.getTime() ?? -Infinity) - (a.lastTouchAt?.getTime() ?? -Infinity) || a.name.localeCompare(b.name));
}
