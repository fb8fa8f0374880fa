/** The few values of Prisma's namespace the layers above need, so only the store imports the generated client. */
import { Prisma } from "../generated/sqlite/client.js";

/** SQL NULL in a Json column (a plain `null` there means the JSON value null). */
export const SQL_NULL = Prisma.DbNull;

/**
 * A raw statement for `$executeRaw`/`$queryRaw`, its `?` placeholders numbered by Prisma for the
 * database at hand: `statement` is trusted SQL text with no other `?`; `values` are bound.
 */
export function rawStatement(statement: string, ...values: unknown[]) {
  const parts = statement.split("?");
  return Prisma.sql(parts, ...values);
}
