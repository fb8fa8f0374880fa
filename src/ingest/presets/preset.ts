/**
 * What a preset is: the columns of one CRM's standard export named once, as --map would name them,
 * with the translations of that CRM's values into ours. The translations go through the connectors'
 * maps in keepwarm.config.json (`connectors.hubspot.stages`, `connectors.salesforce.taskTypes`, …), so
 * a CSV export and a webhook read a value alike. Explicit --map and --set override a preset field by field.
 */
import type { Stage } from "../../domain/stages.js";
import type { TouchpointKind } from "../../domain/touchpoints.js";
import type { CsvKind } from "../csvColumns.js";

/** The parts of the connectors' policy (keepwarm.config.json `connectors`) the presets read. */
export interface ConnectorMaps {
  hubspot: { stages: Record<string, Stage | null> };
  salesforce: {
    accountTypes: Record<string, Stage | null>;
    taskTypes: Record<string, TouchpointKind | null>;
    valueField: string | null;
    renewalDateField: string | null;
  };
}

/** A cell's value in our words (null: as if empty), a problem with the row, or why the row is not imported. */
export type Translated = { value: string | null } | { problem: string } | { skip: string };

/** The row's cell under a header of the export (trimmed), or undefined when the file has no such column. */
export type CellOf = (header: string) => string | undefined;

export interface PresetField {
  /** The export's headers for the field, by preference: per row, the first non-empty cell of those the file has. */
  headers: string[];
  /** The CRM's value in ours; `header` is the one the value came from. */
  translate?(value: string, header: string, cell: CellOf): Translated;
}

/** Columns that decide whether a row is imported at all (a task not completed is not a touchpoint). */
export interface RowFilter {
  /** The columns it reads (so they are not reported as ignored). */
  headers: string[];
  /** Why the row is skipped, or null to keep it. */
  skips(cell: CellOf): string | null;
}

export interface KindPreset {
  /** The export it reads, for messages: "companies export". */
  export: string;
  /** Our fields (column names) → where the export has them. */
  fields: Record<string, PresetField>;
  /** Fields a row is skipped without, as --skip-empty. */
  skipEmpty?: string[];
  filters?: RowFilter[];
}

export interface Preset {
  name: string;
  /** The CRM's name, for messages. */
  title: string;
  /** Per kind of import, the preset under this import's connector maps. */
  kinds: Partial<Record<CsvKind, (maps: ConnectorMaps) => KindPreset>>;
}

/** Lower-cased letters and digits: "Marketing Qualified Lead" and `marketingqualifiedlead` are one key. */
const keyOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A value in a CRM map: by its key (HubSpot's internal value), else by its label. */
export function lookUp<V>(map: Record<string, V>, value: string): { value: V } | null {
  if (Object.hasOwn(map, value)) return { value: map[value] };
  const key = keyOf(value);
  const found = Object.keys(map).find((k) => keyOf(k) === key);
  return found === undefined ? null : { value: map[found] };
}

/**
 * A translation through one of the connectors' maps. A value mapped to null is skipped (`skipped` says
 * why: "not tracked"); a value the map does not have is skipped too, or a problem with the row when
 * `unknown` is "problem" (then the map is incomplete: the person can add the value).
 */
export function throughMap<V extends string>(map: Record<string, V | null>, opts: { where: string; skipped: string; unknown: "skip" | "problem" }) {
  return (value: string, header: string): Translated => {
    const hit = lookUp(map, value);
    if (hit && hit.value !== null) return { value: hit.value };
    if (hit || opts.unknown === "skip") return { skip: `${header} is ${value} (${opts.skipped})` };
    return {
      problem: `"${value}" is not in ${opts.where} (${Object.keys(map).join(", ")}): add it to keepwarm.config.json, or map it to null to skip such rows`,
    };
  };
}
