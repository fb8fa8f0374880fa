/** Row ids made before an insert, for plain SQL that needs to know them (RETURNING only says which went in). */
import { randomBytes } from "node:crypto";

let sequence = 0;

/** Ids shaped like Prisma's cuid() (25 characters: "c", the time in base 36, a counter, random characters). */
export function newIds(n: number): string[] {
  const time = Date.now().toString(36).padStart(8, "0");
  const bytes = randomBytes(12 * n);
  return Array.from({ length: n }, (_, i) => {
    let random = "";
    for (let k = 12 * i; k < 12 * i + 12; k++) random += (bytes[k] % 36).toString(36);
    sequence = (sequence + 1) % 36 ** 4;
    return `c${time}${sequence.toString(36).padStart(4, "0")}${random}`;
  });
}
