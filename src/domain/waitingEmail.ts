/** An email that matched no account, as its sender is asked about it (which account is it for?). */
export interface WaitingEmail {
  eventId: string;
  subject: string;
  /** The customer address it was to or from. */
  customer: string;
  direction: "inbound" | "outbound";
  domain: string;
  /** A free-mail domain (gmail.com) is never given to an account: picking one files this message only. */
  freeMail: boolean;
  /** The accounts it most likely belongs to: named like its domain, then the sender's own. */
  candidates: { id: string; name: string }[];
}
