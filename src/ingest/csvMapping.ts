/**
 * The column options of an import, read and checked against the kind's fields (csvColumns.ts):
 *
 *   --map field=Header,…   read a field from the file's column; a header may contain spaces;
 *                          Header+Header joins two cells with a space; an empty header (`owner=`)
 *                          drops a preset's field
 *   --set field=value,…    the same value on every row, checked as a cell would be
 *   --skip-empty field,…   a row without the field is skipped (counted), not rejected
 *   --preset name          a CRM's export columns (presets/): a named --map with value translations
 *
 * Pairs are repeatable and comma-separated; a comma starts a new pair only when `field=` follows, so
 * `--set summary=Hello, world` is one pair. What is wrong here without the file is a problem of the
 * request; what needs the file's header (a mapped column it lacks) is found by csvHeader.ts. Both
 * are reported together, before any row is written.
 */
import { CSV_COLUMNS, fieldNamed, listOf, type Column, type CsvKind } from "./csvColumns.js";
import { ownerProblem } from "./csvRefs.js";
import { closest, parseItem } from "./issues.js";
import { PRESETS, type ConnectorMaps } from "./presets/index.js";
import type { KindPreset, Preset } from "./presets/preset.js";

export interface ColumnOptions {
  map?: string[];
  set?: string[];
  skipEmpty?: string[];
  preset?: string;
}

export interface MappedField {
  column: Column;
  /** As given: one header, `A+B`, or "" (not read). */
  header: string;
  /** The pair as the person wrote it, for messages: "--map value=revenue". */
  given: string;
}

export interface SetField {
  column: Column;
  value: string;
  given: string;
}

export interface ColumnRequest {
  mapped: MappedField[];
  set: SetField[];
  skipEmpty: { column: Column; given: string }[];
  preset: { preset: Preset; spec: KindPreset } | null;
  /** With --map or --preset the file is a CRM's export: its columns we do not read are ignored, not errors. */
  lenient: boolean;
  /** Any option at all was given (else the file is in our columns, checked as it always was). */
  given: boolean;
  /** Fields whose option is wrong: a problem already, so not also "missing". */
  failed: Set<Column>;
  problems: string[];
}

export const NUMBER = /^-?\d+(\.\d+)?$/;
const PAIRS = /,(?=[^,=]*=)/;

export function readColumnOptions(kind: CsvKind, options: ColumnOptions = {}, maps?: ConnectorMaps): ColumnRequest {
  const problems: string[] = [];
  const field = (option: string, given: string, name: string): Column | null => {
    const found = fieldNamed(kind, name);
    if ("column" in found) return found.column;
    problems.push(`${option} ${given}: unknown field '${name.trim()}'${found.meant ? ` — did you mean ${found.meant}?` : ""}`);
    return null;
  };
  const pairs = (option: string, values: string[] = []) =>
    values.flatMap((v) => v.split(PAIRS)).flatMap((given) => {
      const at = given.indexOf("=");
      if (at < 1) {
        problems.push(`${option} ${given}: expected field=${option === "--map" ? "Header" : "value"}`);
        return [];
      }
      const column = field(option, given, given.slice(0, at));
      return column ? [{ column, text: given.slice(at + 1).trim(), given: `${option} ${given.trim()}` }] : [];
    });

  const mapped: MappedField[] = [];
  for (const p of pairs("--map", options.map)) {
    const twice = mapped.find((m) => m.column === p.column);
    if (twice) problems.push(`${p.given}: ${p.column.name} is mapped twice (also ${twice.given})`);
    else mapped.push({ column: p.column, header: p.text, given: p.given });
  }
  const set: SetField[] = [];
  const failed = new Set<Column>();
  for (const p of pairs("--set", options.set)) {
    const clash = mapped.find((m) => m.column === p.column) ?? set.find((s) => s.column === p.column);
    const problem = clash ? `${p.column.name} is both ${clash.given} and ${p.given}` : checkValue(kind, p.column, p.text);
    if (!problem) {
      set.push({ column: p.column, value: p.text, given: p.given });
      continue;
    }
    problems.push(clash ? problem : `${p.given}: ${problem}`);
    failed.add(p.column);
  }
  const skipEmpty = (options.skipEmpty ?? [])
    .flatMap((v) => v.split(","))
    .flatMap((name) => {
      const column = field("--skip-empty", name.trim(), name);
      return column ? [{ column, given: `--skip-empty ${name.trim()}` }] : [];
    });
  const preset = options.preset === undefined ? null : presetFor(kind, options.preset, maps, problems);
  const lenient = (options.map?.length ?? 0) > 0 || options.preset !== undefined;
  const given = lenient || (options.set?.length ?? 0) > 0 || (options.skipEmpty?.length ?? 0) > 0;
  return { mapped, set, skipEmpty, preset, lenient, given, failed, problems };
}

function presetFor(kind: CsvKind, typed: string, maps: ConnectorMaps | undefined, problems: string[]): ColumnRequest["preset"] {
  const name = typed.trim().toLowerCase();
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) {
    const meant = closest(name, PRESETS.map((p) => p.name));
    problems.push(`--preset ${typed}: unknown preset${meant ? ` — did you mean ${meant}?` : ""} (presets: ${PRESETS.map((p) => p.name).join(", ")})`);
    return null;
  }
  const forKind = preset.kinds[kind];
  if (!forKind) {
    const kinds = Object.keys(preset.kinds).join(" and ");
    problems.push(`--preset ${preset.name}: ${preset.title}'s preset is for ${kinds}, not ${kind}`);
    return null;
  }
  if (!maps) throw new Error("a preset translates values through the connectors' maps: pass them in the import options");
  const spec = forKind(maps);
  for (const f of [...Object.keys(spec.fields), ...(spec.skipEmpty ?? [])]) {
    if (!CSV_COLUMNS[kind].columns.some((c) => c.name === f)) throw new Error(`the ${preset.name} preset names ${f}, which is no ${kind} column`);
  }
  return { preset, spec };
}

/** What is wrong with a value for a column, checked as a cell of it would be (null: nothing). */
export function checkValue(kind: CsvKind, column: Column, value: string): string | null {
  if (value === "") return "give a value (leave the field out instead)";
  if (column.number) return NUMBER.test(value) ? null : `expected a plain number like 1200 or 1200.50, got "${value}"`;
  if (column.name === "owner") return ownerProblem(value);
  if (column.path[0] === "accountLinks") return null; // an id: any text
  const item = column.path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), column.list ? listOf(value) : value);
  const parsed = parseItem(CSV_COLUMNS[kind].schema, item, []);
  if (parsed.ok) return null;
  const own = parsed.issues.filter((i) => i.path.join(".") === column.path.join("."));
  return own.length ? own.map((i) => i.message).join("; ") : null;
}
