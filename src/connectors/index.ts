/** Every connector, once. A new vendor is its folder under src/connectors/ plus one line here. */
import type { Connector, InboxSource } from "./connector.js";
import { email } from "./email/index.js";
import { hubspot } from "./hubspot/index.js";
import { salesforce } from "./salesforce/index.js";
import { zendesk } from "./zendesk/index.js";

/** The vendors that post webhooks to /connectors/<source>. */
export const CONNECTORS: readonly Connector[] = [hubspot, salesforce, zendesk];

/** Everything the inbox worker applies: the webhook connectors and email (its own SMTP listener). */
export const INBOX_SOURCES: readonly InboxSource[] = [...CONNECTORS, email];

export type { Connector } from "./connector.js";
