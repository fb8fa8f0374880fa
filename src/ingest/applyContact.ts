/** Contacts from a CRM: saved by name per account (saveContacts), a batch in one transaction. */
import { saveContacts, type ContactToSave } from "../activity/contacts.js";
import type { Ingester } from "./ingester.js";
import type { IngestContact } from "./schemas.js";

export const contactIngester: Ingester<IngestContact, ContactToSave> = {
  preload: (items, lookups) => lookups.preload(items, []),
  async prepare(_db, item, _ctx, lookups) {
    const { account: _name, accountExternalId: _externalId, ...fields } = item;
    return { accountId: (await lookups.account(item)).id, ...fields };
  },
  async write(db, contact, ctx) {
    const [result] = await saveContacts(db, [contact], ctx.source);
    return result;
  },
  writeMany: (db, contacts, ctx) => saveContacts(db, contacts, ctx.source),
};
