/** Every connector, once. A new vendor is its folder under src/connectors/ plus one line here. */
import type { Connector } from "./connector.js";
import { hubspot } from "./hubspot/index.js";
import { salesforce } from "./salesforce/index.js";
import { zendesk } from "./zendesk/index.js";

export const CONNECTORS: readonly Connector[] = [hubspot, salesforce, zendesk];

export type { Connector } from "./connector.js";
