/** The presets `keepwarm import … --preset NAME` knows: one file each. */
import { hubspotPreset } from "./hubspot.js";
import type { Preset } from "./preset.js";
import { salesforcePreset } from "./salesforce.js";

export type { ConnectorMaps } from "./preset.js";

export const PRESETS: readonly Preset[] = [hubspotPreset, salesforcePreset];
